import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import type { ShopCapacityProvider } from './capacity';

/** Options for `ShopCapacity.fargate()`. */
export interface FargateCapacityOptions {
  /**
   * The CPU architecture the tasks run on. Images must be built for it.
   *
   * @default ecs.CpuArchitecture.ARM64 (Graviton: about 20 % cheaper than x86 per vCPU-hour)
   */
  readonly cpuArchitecture?: ecs.CpuArchitecture;
}

/**
 * Options for `ShopCapacity.fargateSpot()`: tasks on Fargate Spot, with an optional base and share
 * on regular (on-demand) Fargate.
 *
 * ECS places the first `onDemandBase` tasks on FARGATE, then splits the rest between FARGATE and
 * FARGATE_SPOT in the ratio `onDemandWeight : spotWeight`.
 *
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-capacity-providers.html
 */
export interface FargateSpotCapacityOptions {
  /**
   * How many tasks always run on regular Fargate (the strategy's base), 0 to 100,000.
   *
   * @default 0
   */
  readonly onDemandBase?: number;

  /**
   * The weight of regular Fargate for the tasks above the base, a whole number 0 to 1,000.
   *
   * @default 0
   */
  readonly onDemandWeight?: number;

  /**
   * The weight of Fargate Spot for the tasks above the base, a whole number 0 to 1,000.
   * `onDemandWeight` and `spotWeight` cannot both be 0.
   *
   * @default 1
   */
  readonly spotWeight?: number;

  /**
   * The CPU architecture the tasks run on. Fargate Spot runs ARM64 (Graviton) tasks.
   *
   * @see https://aws.amazon.com/about-aws/whats-new/2024/09/amazon-ecs-graviton-aws-fargate-spot/
   * @default ecs.CpuArchitecture.ARM64
   */
  readonly cpuArchitecture?: ecs.CpuArchitecture;
}

/**
 * Options for `ShopCapacity.autoScalingGroup()`: ECS on EC2 instances of an Auto Scaling group,
 * scaled by an ECS capacity provider (managed scaling).
 *
 * The instances are hardened: IMDSv2 required (tasks cannot reach the instance's metadata), an
 * encrypted root volume, no SSH key and no inbound rule, in the VPC's private subnets, detailed
 * monitoring, the ECS-optimized Amazon Linux 2023 image for the instance's architecture. ECS drains
 * an instance's tasks before it is terminated (managed draining).
 */
export interface AutoScalingGroupCapacityOptions {
  /**
   * The instance type. The tasks' CPU architecture follows it.
   *
   * The default is the Graviton counterpart of seed 004's t3.medium: 2 vCPU and 4 GiB like it,
   * about 20 % cheaper, room for Medusa (at least 2 GiB) beside a storefront. It is burstable and,
   * with `awsvpc` networking, holds two tasks (three network interfaces, one for the host): choose
   * `m7g.large` or larger for sustained CPU or more tasks per instance.
   *
   * @default t4g.medium
   */
  readonly instanceType?: ec2.InstanceType;

  /**
   * The smallest number of instances.
   *
   * @default 1
   */
  readonly minCapacity?: number;

  /**
   * The largest number of instances; managed scaling never goes above it.
   *
   * @default 10
   */
  readonly maxCapacity?: number;

  /**
   * The utilization of the instances that managed scaling aims at, 1 to 100 percent. 100 keeps no
   * spare instance; lower keeps headroom so new tasks start without waiting for an instance.
   *
   * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/cluster-auto-scaling.html
   * @default 100
   */
  readonly targetCapacityPercent?: number;

  /**
   * Whether ECS keeps instances that run tasks from being terminated on scale-in. Turns on
   * scale-in protection for new instances of the group, which it requires.
   *
   * @default true
   */
  readonly managedTerminationProtection?: boolean;

  /**
   * The machine image of the instances.
   *
   * @default - the ECS-optimized Amazon Linux 2023 image for the instance type's architecture
   * (looked up at deploy time from its public SSM parameter)
   */
  readonly machineImage?: ec2.IMachineImage;
}

/** One capacity provider of a custom strategy, with its weight and base. */
export interface CapacityProviderShare {
  /** The capacity provider. */
  readonly provider: ShopCapacityProvider;

  /**
   * The relative share of the tasks above the base, a whole number 0 to 1,000.
   *
   * @default 1
   */
  readonly weight?: number;

  /**
   * How many tasks run on this provider before the weights apply, 0 to 100,000. Only one provider
   * of a strategy can have a base.
   *
   * @default 0
   */
  readonly base?: number;
}

/** Options for `ShopCapacity.strategy()`. */
export interface CapacityStrategyOptions {
  /**
   * The CPU architecture of a Fargate strategy. An Auto Scaling group strategy takes its
   * architecture from its instance type.
   *
   * @default ecs.CpuArchitecture.ARM64
   */
  readonly cpuArchitecture?: ecs.CpuArchitecture;
}
