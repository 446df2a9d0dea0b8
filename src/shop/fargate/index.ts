export * from './capacity-options';
export { ShopCapacity, ShopCapacityProvider } from './capacity';
export type { ServiceScaling, ServiceScalingSchedule } from './scaling';
export * from './fargate-shop-preset';
export * from './fargate-service-options';
export * from './fargate-shop-props';
export * from './fargate-shop';
export { RotationRedeploy } from './rotation-redeploy';
export type { RotationRedeployProps } from './rotation-redeploy';
