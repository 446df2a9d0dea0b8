export * from './base';
export * from './single-host';
export * from './fargate';
export * from './serverless';
