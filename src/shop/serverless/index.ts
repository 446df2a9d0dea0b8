export * from './table-access';
export * from './shop-table';
export * from './shop-storefront';
export * from './shop-storefront-props';
export * from './storefront-routing';
export * from './customers-props';
export * from './shop-customers';
