export * from './shop-queue';
export * from './backlog-scaling';
