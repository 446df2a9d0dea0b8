export * from './table-access';
export * from './shop-table';
