export * from './shop-alarm-kind';
export * from './shop-observability-props';
export * from './shop-observability';
export * from './shop-dashboard-options';
export * from './uptime-options';
