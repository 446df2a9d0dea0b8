export * from './database-preset';
export * from './shop-database-props';
export * from './shop-database';
