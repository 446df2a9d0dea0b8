export * from './database-preset';
export * from './shop-database';
