export * from './single-host-shop-props';
export * from './single-host-shop';
