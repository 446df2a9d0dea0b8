export * from './table-access';
export * from './shop-table';
export * from './shop-storefront';
export * from './shop-storefront-props';
export * from './storefront-routing';
export * from './shop-customers';
export * from './serverless-database-options';
