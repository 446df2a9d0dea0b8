export * from './shop';
export * from './shop-props';
export * from './shop-image';
export * from './shop-containers';
export * from './shop-repository';
