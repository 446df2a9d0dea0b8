export * from './network';
export * from './shop';
