export * from './shop-edge';
