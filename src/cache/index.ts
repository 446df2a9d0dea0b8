export * from './cache-engine';
export * from './cache-preset';
export * from './shop-cache';
