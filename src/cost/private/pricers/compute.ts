import { bool, num, props, str, target } from '../cfn';
import {
  blockDeviceLines,
  fmt,
  H,
  LineDraft,
  lines,
  notPriced,
  Pricer,
  PricerFamily,
  publicIpv4Line,
  scalableTargetFor,
} from './helpers';
import { instancePublicAddress, internetOutDraft } from './traffic';

const ec2Instance: Pricer = (id, resource, ctx) => {
  const p = props(resource);
  const type = str(p.InstanceType);
  if (!type) {
    return notPriced('InstanceType is not a literal');
  }
  const drafts: LineDraft[] = [
    {
      description: `${type} instance`,
      priceKey: `ec2.${type}.hourly`,
      quantity: H,
      unit: 'hours',
      assumption: `on-demand Linux, running ${H} h/month`,
    },
  ];
  // With an EIP the address is priced on the EIP (an auto-assigned one is released on association).
  const address = instancePublicAddress(ctx.resources, id, resource);
  if (address === 'interface') {
    drafts.push(publicIpv4Line(1, 'AssociatePublicIpAddress is true'));
  } else if (address?.startsWith('subnet ')) {
    drafts.push(publicIpv4Line(1, `${address} maps a public IPv4 on launch`));
  }
  drafts.push(...blockDeviceLines(ctx, p.BlockDeviceMappings, { n: 1 }));
  return lines(...drafts, internetOutDraft(ctx, id));
};

const autoScalingGroup: Pricer = (_id, resource, ctx) => {
  const p = props(resource);
  const spec = p.LaunchTemplate ?? p.MixedInstancesPolicy?.LaunchTemplate?.LaunchTemplateSpecification;
  let instanceType: string | undefined;
  let mappings: unknown;
  let publicIp = false;
  let from: string;
  if (spec) {
    const lt = target(ctx.resources, spec.LaunchTemplateId ?? spec.LaunchTemplateName);
    if (!lt || lt.resource?.Type !== 'AWS::EC2::LaunchTemplate') {
      return notPriced('its launch template is not in this template');
    }
    const data = props(lt.resource).LaunchTemplateData ?? {};
    instanceType = str(data.InstanceType);
    mappings = data.BlockDeviceMappings;
    publicIp = (Array.isArray(data.NetworkInterfaces) ? data.NetworkInterfaces : []).some(
      (ni: any) => bool(ni?.AssociatePublicIpAddress) === true,
    );
    from = `launch template ${lt.id}`;
  } else {
    const lc = target(ctx.resources, p.LaunchConfigurationName);
    if (!lc) {
      return notPriced('its launch configuration is not in this template');
    }
    const lcp = props(lc.resource);
    instanceType = str(lcp.InstanceType);
    mappings = lcp.BlockDeviceMappings;
    publicIp = bool(lcp.AssociatePublicIpAddress) === true;
    from = `launch configuration ${lc.id}`;
  }
  if (!instanceType) {
    return notPriced(`InstanceType of ${from} is not a literal`);
  }
  const min = num(p.MinSize);
  const max = num(p.MaxSize);
  if (min === undefined || max === undefined) {
    return notPriced('MinSize / MaxSize are not literals');
  }
  const desiredLiteral = num(p.DesiredCapacity);
  const desired = desiredLiteral ?? min;
  const count = { n: desired, min, max };
  const how =
    (desiredLiteral === undefined
      ? `DesiredCapacity not set: MinSize ${min}`
      : `DesiredCapacity ${desired}`) + ` instance(s) (min ${min}, max ${max})`;
  const drafts: LineDraft[] = [
    {
      description: `${desired} × ${instanceType} instance`,
      priceKey: `ec2.${instanceType}.hourly`,
      quantity: H * desired,
      quantityMin: H * min,
      quantityMax: H * max,
      unit: 'instance-hours',
      assumption: `${how} from ${from}, on-demand Linux, ${H} h/month`,
    },
  ];
  if (publicIp) {
    drafts.push(publicIpv4Line(desired, `AssociatePublicIpAddress: one per instance; ${how}`, min, max));
  }
  drafts.push(...blockDeviceLines(ctx, mappings, count));
  return lines(...drafts);
};

const ecsService: Pricer = (id, resource, ctx) => {
  const p = props(resource);
  const launchType = str(p.LaunchType);
  const providers: string[] = Array.isArray(p.CapacityProviderStrategy)
    ? p.CapacityProviderStrategy.map((s: any) => str(s?.CapacityProvider) ?? '')
    : [];
  const fargate = launchType === 'FARGATE' || providers.some((c) => c === 'FARGATE' || c === 'FARGATE_SPOT');
  if (!fargate) {
    if (
      launchType === 'EC2' ||
      launchType === 'EXTERNAL' ||
      (launchType === undefined && providers.length === 0)
    ) {
      return { kind: 'free', reason: 'runs on EC2 (or external) capacity, priced on those instances' };
    }
    return notPriced('capacity providers are not literal FARGATE / FARGATE_SPOT');
  }
  const td = target(ctx.resources, p.TaskDefinition);
  if (!td || td.resource?.Type !== 'AWS::ECS::TaskDefinition') {
    return notPriced('TaskDefinition is not a task definition in this template');
  }
  const tdp = props(td.resource);
  const cpuUnits = num(tdp.Cpu);
  const memMiB = num(tdp.Memory);
  if (cpuUnits === undefined || memMiB === undefined) {
    return notPriced(`task definition ${td.id} has no literal task-level Cpu and Memory`);
  }
  const arm = str(tdp.RuntimePlatform?.CpuArchitecture) === 'ARM64';
  const arch = arm ? 'arm' : 'x86';
  const desiredLiteral = num(p.DesiredCount);
  const desired = desiredLiteral ?? 1;
  const scaling = scalableTargetFor(ctx.resources, id, 'ecs:service:DesiredCount');
  const min = scaling?.min;
  const max = scaling?.max;
  const vcpu = cpuUnits / 1024;
  const gb = memMiB / 1024;
  const tasks =
    (desiredLiteral === undefined ? 'DesiredCount not set: 1 task' : `${desired} task(s)`) +
    (scaling ? `, scaling ${min ?? '?'}-${max ?? '?'}` : '');
  const strategy: StrategyItem[] = (
    Array.isArray(p.CapacityProviderStrategy) ? p.CapacityProviderStrategy : []
  ).map((s: any) => ({
    provider: str(s?.CapacityProvider) ?? '(not a literal)',
    base: num(s?.Base) ?? 0,
    weight: num(s?.Weight) ?? 0,
  }));
  const warnings: string[] = [];
  if (strategy.filter((s) => s.base > 0).length > 1) {
    warnings.push(
      `${id}: more than one capacity provider has a Base above 0 (ECS allows one); each Base is applied in strategy order`,
    );
  }
  if (strategy.length > 1 && strategy.every((s) => s.weight <= 0)) {
    warnings.push(
      `${id}: no capacity provider has a literal Weight above 0; the tasks beyond Base are split evenly over them`,
    );
  }
  const others = strategy.filter((s) => s.provider !== 'FARGATE' && s.provider !== 'FARGATE_SPOT');
  if (others.length > 0) {
    warnings.push(
      `${id}: tasks placed on capacity provider(s) ${others.map((s) => s.provider).join(', ')} are not priced`,
    );
  }
  // Tasks per provider at the desired, minimum and maximum counts: each can split differently,
  // because the Base tasks come first and only the rest is split by Weight.
  const placed = (count: number, provider: string) =>
    strategy.length === 0
      ? provider === 'FARGATE'
        ? count
        : 0
      : (tasksByProvider(count, strategy)[provider] ?? 0);
  const countsOn = (provider: string): TaskCounts => ({
    n: placed(desired, provider),
    min: min === undefined ? undefined : placed(min, provider),
    max: max === undefined ? undefined : placed(max, provider),
  });
  const onDemand = countsOn('FARGATE');
  const spot = countsOn('FARGATE_SPOT');
  const anyTasks = (c: TaskCounts) => c.n > 0 || (c.min ?? 0) > 0 || (c.max ?? 0) > 0;
  const strategyText = strategy
    .map((s) => `${s.provider}${s.base > 0 ? ` Base ${fmt(s.base)}` : ''} Weight ${fmt(s.weight)}`)
    .join(', ');
  const strategyName = str(p.DeploymentConfiguration?.Strategy);
  const deployNote =
    strategyName && strategyName !== 'ROLLING'
      ? `; a ${strategyName} deployment runs the new tasks beside the old ones until its bake time ends ` +
        '(its green target group has no charge): those task-minutes per deployment are not estimated'
      : '';
  const notes = `${tasks}, ${H} h/month, Linux/${arm ? 'ARM64' : 'X86_64'}${deployNote}`;
  const per = (x: number, c: TaskCounts) => ({
    quantity: x * c.n * H,
    quantityMin: c.min === undefined ? undefined : x * c.min * H,
    quantityMax: c.max === undefined ? undefined : x * c.max * H,
  });
  const drafts: LineDraft[] = [];
  const portions: [TaskCounts, string, string, string | undefined][] = [
    [onDemand, 'FARGATE', '', undefined],
    [spot, 'FARGATE_SPOT', ' on Spot', 'fargate.spot.discountMax'],
  ];
  for (const [counts, provider, label, discountKey] of portions) {
    const keep = anyTasks(counts) || (provider === 'FARGATE' && !anyTasks(spot));
    if (!keep) continue;
    const range =
      counts.min !== undefined || counts.max !== undefined
        ? ` (min ${counts.min === undefined ? '?' : fmt(counts.min)} of ${min ?? '?'},` +
          ` max ${counts.max === undefined ? '?' : fmt(counts.max)} of ${max ?? '?'})`
        : '';
    const shareNote =
      strategy.length > 0
        ? `; ${fmt(counts.n)} of ${fmt(desired)} task(s) on ${provider}${range} by capacity provider strategy ` +
          `${strategyText}: the Base tasks first, the rest split by Weight (fractional task counts are averages)` +
          (discountKey ? '; at the maximum Spot discount (actual Spot prices vary)' : '')
        : '';
    drafts.push(
      {
        description: `Fargate ${arch} vCPU${label} (${fmt(vcpu)} vCPU per task)`,
        priceKey: `fargate.${arch}.vcpuHour`,
        discountKey,
        ...per(vcpu, counts),
        unit: 'vCPU-hours',
        assumption: `${fmt(vcpu)} vCPU (Cpu ${cpuUnits}) × ${notes}${shareNote}`,
      },
      {
        description: `Fargate ${arch} memory${label} (${fmt(gb)} GB per task)`,
        priceKey: `fargate.${arch}.gbHour`,
        discountKey,
        ...per(gb, counts),
        unit: 'GB-hours',
        assumption: `${fmt(gb)} GB (Memory ${memMiB} MiB) × ${notes}${shareNote}`,
      },
    );
  }
  const ephemeral = num(tdp.EphemeralStorage?.SizeInGiB);
  if (ephemeral !== undefined && ephemeral > 20) {
    const plus = (a?: number, b?: number) => (a === undefined || b === undefined ? undefined : a + b);
    drafts.push({
      description: 'Fargate ephemeral storage above 20 GB',
      priceKey: 'fargate.ephemeralStorage.gbHour',
      ...per(ephemeral - 20, {
        n: onDemand.n + spot.n,
        min: plus(onDemand.min, spot.min),
        max: plus(onDemand.max, spot.max),
      }),
      unit: 'GB-hours',
      assumption: `${ephemeral} GiB - 20 included × ${notes}`,
    });
  }
  if (anyTasks(spot)) {
    warnings.push(
      `${id}: the FARGATE_SPOT share is priced at the maximum Spot discount; actual Spot prices vary`,
    );
  }
  return { kind: 'lines', lines: drafts, warnings };
};

/** One item of a capacity provider strategy; Base and Weight are 0 when not literal. */
interface StrategyItem {
  readonly provider: string;
  readonly base: number;
  readonly weight: number;
}

/** Tasks on one capacity provider at the desired, minimum and maximum task counts. */
interface TaskCounts {
  readonly n: number;
  readonly min?: number;
  readonly max?: number;
}

/**
 * How ECS places `count` tasks over a capacity provider strategy: the first `Base` tasks on the
 * provider that has a Base (ECS allows one; several are applied in order), then the tasks beyond
 * it split by Weight (a provider with Weight 0 gets none of them; when no Weight is above 0 they are
 * split evenly). Fractions are kept: an average placement is what a monthly estimate needs.
 */
function tasksByProvider(count: number, strategy: StrategyItem[]): { [provider: string]: number } {
  const out: { [provider: string]: number } = {};
  const add = (provider: string, n: number) => {
    out[provider] = (out[provider] ?? 0) + n;
  };
  let rest = Math.max(0, count);
  for (const item of strategy) {
    const onBase = Math.min(Math.max(0, item.base), rest);
    if (onBase > 0) {
      add(item.provider, onBase);
      rest -= onBase;
    }
  }
  const totalWeight = strategy.reduce((acc, s) => acc + Math.max(0, s.weight), 0);
  if (rest > 0) {
    for (const item of strategy) {
      add(
        item.provider,
        totalWeight > 0 ? (rest * Math.max(0, item.weight)) / totalWeight : rest / strategy.length,
      );
    }
  }
  return out;
}

/** EC2 instances, Auto Scaling groups and ECS services on Fargate. */
/**
 * An ECS cluster has no charge of its own; with Container Insights on, its metrics are billed as
 * custom metrics per cluster, service and task family, and its performance events as log data.
 */
const ecsCluster: Pricer = (_id, resource) => {
  const settings: any[] = Array.isArray(props(resource).ClusterSettings)
    ? props(resource).ClusterSettings
    : [];
  const insights = settings.find((x) => str(x?.Name) === 'containerInsights');
  const value = str(insights?.Value);
  if (insights === undefined || value === 'disabled') {
    return { kind: 'free', reason: 'no charge (tasks and instances are priced)' };
  }
  return notPriced(
    `Container Insights is ${value ?? 'set (not a literal)'}: its metrics are billed as custom metrics ` +
      '(cloudwatch.containerInsights.ecs.perMetricMonth) per cluster, service and task family, and its ' +
      'performance events as log ingestion; how many depends on the running services, which the estimate does not model',
  );
};

export const COMPUTE: PricerFamily = {
  pricers: {
    'AWS::EC2::Instance': ec2Instance,
    'AWS::AutoScaling::AutoScalingGroup': autoScalingGroup,
    'AWS::ECS::Service': ecsService,
    'AWS::ECS::Cluster': ecsCluster,
  },
  free: {
    'AWS::EC2::LaunchTemplate': 'priced on the instances launched from it',
    'AWS::ECS::ClusterCapacityProviderAssociations': 'no charge',
    'AWS::ECS::CapacityProvider': 'no charge (its Auto Scaling group is priced)',
    'AWS::ApplicationAutoScaling::ScalableTarget': 'no charge (used for the min/max of the scaled resource)',
    'AWS::ApplicationAutoScaling::ScalingPolicy': 'no charge',
    'AWS::AutoScaling::LaunchConfiguration': 'priced on the instances launched from it',
    'AWS::AutoScaling::ScalingPolicy': 'no charge',
    'AWS::AutoScaling::LifecycleHook': 'no charge',
    'AWS::AutoScaling::ScheduledAction': 'no charge',
  },
  usageOnly: ['AWS::ECR::Repository'],
  priceKeys: [
    'fargate.x86.vcpuHour',
    'fargate.x86.gbHour',
    'fargate.arm.vcpuHour',
    'fargate.arm.gbHour',
    'fargate.spot.discountMax',
    'fargate.ephemeralStorage.gbHour',
  ],
  keyForms: [
    {
      pattern: /^ec2\.[a-z][a-z0-9-]*\.(nano|micro|small|medium|large|\d*xlarge|metal(-\d+xl)?)\.hourly$/,
      form: 'ec2.<instance type>.hourly',
    },
  ],
};
