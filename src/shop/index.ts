export * from './shop-image';
export * from './shop-containers';
export * from './single-host-shop-props';
export * from './single-host-shop';
export * from './fargate';
