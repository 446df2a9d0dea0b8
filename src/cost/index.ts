export * from './cost-estimate';
export * from './cost-estimator';
export * from './cost-report';
