import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { Construct } from 'constructs';
import { createAsgCapacityProvider } from './auto-scaling-group-capacity';
import {
  AutoScalingGroupCapacityOptions,
  CapacityProviderShare,
  CapacityStrategyOptions,
  FargateCapacityOptions,
  FargateSpotCapacityOptions,
} from './capacity-options';
import { ShareFieldNames, validateCapacity } from './capacity-validation';

/** The default instance type of an Auto Scaling group capacity (reasoned on the option). */
export const DEFAULT_CAPACITY_INSTANCE_TYPE = 't4g.medium';

/**
 * One capacity provider a shop's services can run on: regular Fargate, Fargate Spot, or an EC2
 * Auto Scaling group that the shop creates in its cluster.
 */
export class ShopCapacityProvider {
  /** Regular (on-demand) Fargate. */
  public static readonly FARGATE = new ShopCapacityProvider('FARGATE');

  /** Fargate Spot: up to 70 % cheaper, tasks may be stopped with two minutes' notice. */
  public static readonly FARGATE_SPOT = new ShopCapacityProvider('FARGATE_SPOT');

  /**
   * An EC2 Auto Scaling group with an ECS capacity provider (managed scaling). Each call is a
   * new group; use the same object in several strategies to share one group.
   */
  public static autoScalingGroup(options: AutoScalingGroupCapacityOptions = {}): ShopCapacityProvider {
    return new ShopCapacityProvider('EC2', options);
  }

  /**
   * The kind of provider: `FARGATE`, `FARGATE_SPOT` or `EC2` (an Auto Scaling group).
   */
  public readonly kind: string;

  /** The Auto Scaling group's options, for an `EC2` provider. */
  public readonly autoScalingGroupOptions?: AutoScalingGroupCapacityOptions;

  protected constructor(kind: string, autoScalingGroupOptions?: AutoScalingGroupCapacityOptions) {
    this.kind = kind;
    this.autoScalingGroupOptions = autoScalingGroupOptions;
  }

  /** Whether this is FARGATE or FARGATE_SPOT. */
  public get isFargate(): boolean {
    return this.kind !== 'EC2';
  }
}

/**
 * Where a shop's tasks run: a capacity provider strategy of the shop's ECS cluster.
 *
 * Fargate capacity runs `FargateService`s; Auto Scaling group capacity runs `Ec2Service`s with
 * `awsvpc` networking. ECS does not allow one strategy to mix Fargate and Auto Scaling group
 * providers, and neither does this class.
 *
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/cluster-capacity-providers.html
 */
export class ShopCapacity {
  /**
   * Regular (on-demand) Fargate, ARM64 unless told.
   */
  public static fargate(options: FargateCapacityOptions = {}): ShopCapacity {
    return new ShopCapacity(
      [{ provider: ShopCapacityProvider.FARGATE, weight: 1 }],
      options.cpuArchitecture ?? ecs.CpuArchitecture.ARM64,
    );
  }

  /**
   * Fargate Spot, with an optional base and weight on regular Fargate; ARM64 unless told.
   *
   * By default every task runs on Spot. Fargate Spot runs ARM64 tasks on platform version 1.4.0
   * or later (ECS API Reference, CapacityProviderStrategyItem).
   *
   * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CapacityProviderStrategyItem.html
   */
  public static fargateSpot(options: FargateSpotCapacityOptions = {}): ShopCapacity {
    return named(
      [
        { weight: 'spotWeight', base: 'spotBase', provider: '' },
        { weight: 'onDemandWeight', base: 'onDemandBase', provider: '' },
      ],
      new ShopCapacity(
        [
          { provider: ShopCapacityProvider.FARGATE_SPOT, weight: options.spotWeight ?? 1 },
          {
            provider: ShopCapacityProvider.FARGATE,
            weight: options.onDemandWeight ?? 0,
            base: options.onDemandBase ?? 0,
          },
        ],
        options.cpuArchitecture ?? ecs.CpuArchitecture.ARM64,
      ),
    );
  }

  /**
   * ECS on EC2: an Auto Scaling group of Graviton instances (t4g.medium unless told) with an ECS
   * capacity provider, managed scaling and managed termination protection.
   */
  public static autoScalingGroup(options: AutoScalingGroupCapacityOptions = {}): ShopCapacity {
    const provider = ShopCapacityProvider.autoScalingGroup(options);
    return named(
      [{ weight: 'weight', base: 'base', provider: '' }],
      new ShopCapacity([{ provider, weight: 1 }], architectureOfInstances(options)),
    );
  }

  /**
   * A custom strategy over FARGATE, FARGATE_SPOT or Auto Scaling group providers, each with a
   * weight and optionally a base. Checked where it is used: the providers must be all Fargate or
   * all Auto Scaling groups, at most one of them with a base, not every weight 0.
   */
  public static strategy(
    shares: CapacityProviderShare[],
    options: CapacityStrategyOptions = {},
  ): ShopCapacity {
    const groups = shares
      .filter((s) => !s.provider.isFargate)
      .map((s) => s.provider.autoScalingGroupOptions ?? {});
    const architecture =
      options.cpuArchitecture ??
      (groups.length > 0 ? architectureOfInstances(groups[0]) : ecs.CpuArchitecture.ARM64);
    return new ShopCapacity(shares, architecture);
  }

  /** The capacity providers with their weights and bases, as given. */
  public readonly shares: CapacityProviderShare[];

  /** The CPU architecture the tasks run on; the images must be built for it. */
  public readonly cpuArchitecture: ecs.CpuArchitecture;

  protected constructor(shares: CapacityProviderShare[], cpuArchitecture: ecs.CpuArchitecture) {
    this.shares = shares;
    this.cpuArchitecture = cpuArchitecture;
  }

  /** Whether the tasks run on EC2 instances of an Auto Scaling group (an `Ec2Service`). */
  public get usesEc2(): boolean {
    return this.shares.some((s) => !s.provider.isFargate);
  }
}

/** The instance type an Auto Scaling group capacity uses. */
export function capacityInstanceType(options: AutoScalingGroupCapacityOptions): ec2.InstanceType {
  return options.instanceType ?? new ec2.InstanceType(DEFAULT_CAPACITY_INSTANCE_TYPE);
}

/** The tasks' architecture on these instances; `UNKNOWN` for a malformed type (validation names it). */
function architectureOfInstances(options: AutoScalingGroupCapacityOptions): ecs.CpuArchitecture {
  try {
    return capacityInstanceType(options).architecture === ec2.InstanceArchitecture.ARM_64
      ? ecs.CpuArchitecture.ARM64
      : ecs.CpuArchitecture.X86_64;
  } catch {
    return ecs.CpuArchitecture.of('UNKNOWN');
  }
}

/** Field names of the shares of capacities made by a factory with named options. */
const FIELD_NAMES = new WeakMap<ShopCapacity, ShareFieldNames[]>();

function named(names: ShareFieldNames[], capacity: ShopCapacity): ShopCapacity {
  FIELD_NAMES.set(capacity, names);
  return capacity;
}

function fieldNames(capacity: ShopCapacity): (index: number) => ShareFieldNames {
  const names = FIELD_NAMES.get(capacity);
  return (i) =>
    names?.[i] ?? {
      weight: `shares[${i}].weight`,
      base: `shares[${i}].base`,
      provider: `shares[${i}].provider`,
    };
}

/** What a service gets from its capacity (internal; string unions are fine here). */
export interface BoundCapacity {
  readonly launch: 'FARGATE' | 'EC2';
  readonly strategies: ecs.CapacityProviderStrategy[];
  readonly cpuArchitecture: ecs.CpuArchitecture;
  /** The first Auto Scaling group of an EC2 capacity. */
  readonly autoScalingGroup?: autoscaling.AutoScalingGroup;
}

/** Auto Scaling group providers already in a cluster, by the capacity provider object. */
const BOUND_GROUPS = new WeakMap<ecs.Cluster, Map<ShopCapacityProvider, ecs.AsgCapacityProvider>>();

/**
 * Validates `capacity` (errors name `prop`: `capacity`, `backendService.capacity`), adds its
 * providers to the cluster (an Auto Scaling group once per cluster and provider object, created
 * under `scope`) and returns the service's strategy.
 */
export function bindCapacity(
  scope: Construct,
  cluster: ecs.Cluster,
  capacity: ShopCapacity,
  prop: string,
): BoundCapacity {
  const names = fieldNames(capacity);
  validateCapacity(scope, capacity, prop, names);
  const cpuArchitecture = capacity.cpuArchitecture;
  if (!capacity.usesEc2) {
    cluster.enableFargateCapacityProviders();
    return {
      launch: 'FARGATE',
      cpuArchitecture,
      strategies: capacity.shares.map((s) => strategyItem(s, s.provider.kind)),
    };
  }
  let bound = BOUND_GROUPS.get(cluster);
  if (!bound) BOUND_GROUPS.set(cluster, (bound = new Map()));
  const groups = capacity.shares.map((share, i) => {
    let provider = bound.get(share.provider);
    if (!provider) {
      const at = names(i).provider ? `${prop}.${names(i).provider}` : prop;
      provider = createAsgCapacityProvider(
        scope,
        freeId(scope, 'Capacity'),
        cluster,
        share.provider.autoScalingGroupOptions ?? {},
        at,
      );
      bound.set(share.provider, provider);
    }
    return provider;
  });
  return {
    launch: 'EC2',
    cpuArchitecture,
    strategies: capacity.shares.map((s, i) => strategyItem(s, groups[i].capacityProviderName)),
    autoScalingGroup: groups[0].autoScalingGroup as autoscaling.AutoScalingGroup,
  };
}

function strategyItem(share: CapacityProviderShare, capacityProvider: string): ecs.CapacityProviderStrategy {
  const base = share.base ?? 0;
  return { capacityProvider, weight: share.weight ?? 1, ...(base > 0 ? { base } : {}) };
}

/** `Capacity`, then `Capacity2`, `Capacity3`... whichever is free under scope. */
function freeId(scope: Construct, prefix: string): string {
  let n = 1;
  while (scope.node.tryFindChild(n === 1 ? prefix : `${prefix}${n}`)) n++;
  return n === 1 ? prefix : `${prefix}${n}`;
}
