export * from './shop-backup';
