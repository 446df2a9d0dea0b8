export * from './nat-type';
export * from './network-profile';
export * from './shop-network';
