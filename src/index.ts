export * from './network';
export * from './shop';
export * from './database';
export * from './backup';
export * from './cache';
export * from './edge';
export * from './cost';
export * from './queue';
