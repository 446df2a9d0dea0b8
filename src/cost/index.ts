export * from './cost-estimate';
export * from './cost-estimator';
