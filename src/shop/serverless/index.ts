export * from './table-access';
