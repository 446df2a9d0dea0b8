export * from './network-profile';
export * from './shop-network';
