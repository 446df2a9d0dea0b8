export * from './capacity-options';
export { ShopCapacity, ShopCapacityProvider } from './capacity';
export { ServiceScaling, ServiceScalingSchedule } from './scaling';
