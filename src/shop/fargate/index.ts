export * from './capacity-options';
export { ShopCapacity, ShopCapacityProvider } from './capacity';
export type { ServiceScaling, ServiceScalingSchedule } from './scaling';
