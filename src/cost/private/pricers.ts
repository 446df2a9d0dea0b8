import { bool, num, props, references, refTarget, Resources, str, target } from './cfn';
import { CostAssumptions } from '../cost-estimate';

/** Hours in a month, as AWS pricing pages and infracost use. */
export const HOURS_PER_MONTH = 730;

/** One line before prices are looked up. */
export interface LineDraft {
  readonly description: string;
  /** Key of the price table (USD price, `regionFactor` applies). */
  readonly priceKey: string;
  /** Optional key of a plain multiplier (e.g. `rds.multiAz.multiplier`); `regionFactor` does not apply. */
  readonly multiplierKey?: string;
  /** Optional key of a discount fraction (e.g. `fargate.spot.discountMax`): the price × (1 - it). */
  readonly discountKey?: string;
  readonly quantity: number;
  readonly quantityMin?: number;
  readonly quantityMax?: number;
  readonly unit: string;
  readonly assumption: string;
}

export type PriceResult =
  | { readonly kind: 'lines'; readonly lines: LineDraft[]; readonly warnings?: string[] }
  | { readonly kind: 'notPriced'; readonly reason: string }
  | { readonly kind: 'free'; readonly reason: string };

export interface PricingContext {
  readonly resources: Resources;
  /** What the pricers need to know about the whole template, found once per estimate. */
  readonly facts: TemplateFacts;
  readonly assumptions: CostAssumptions;
  /** Raw (un-factored) value of a table key, e.g. included IOPS. */
  readonly constant: (key: string, fallback: number) => number;
  /** How many resources share a stack-wide usage assumption (see `shareCount`). */
  readonly share: (group: string) => number;
}

export type Pricer = (logicalId: string, resource: any, ctx: PricingContext) => PriceResult;

const H = HOURS_PER_MONTH;

function lines(...drafts: Array<LineDraft | undefined>): PriceResult {
  return { kind: 'lines', lines: drafts.filter((d): d is LineDraft => d !== undefined) };
}

function notPriced(reason: string): PriceResult {
  return { kind: 'notPriced', reason };
}

function fmt(n: number): string {
  return String(Math.round(n * 1e6) / 1e6);
}

/** What the pricers need to know about the whole template. */
export interface TemplateFacts {
  /** Functions that run only when the stack deploys, with the reason, by logical ID. */
  readonly deployOnlyFunctions: Map<string, string>;
  /** The distinct custom metrics alarms watch, each under the first alarm that watches it. */
  readonly customMetricsByAlarm: Map<string, CustomMetric[]>;
}

/** Finds the template-wide facts once, before anything is priced. */
export function templateFacts(resources: Resources): TemplateFacts {
  return {
    deployOnlyFunctions: deployOnlyFunctions(resources),
    customMetricsByAlarm: customMetricsByAlarm(resources),
  };
}

/** Resources a usage assumption is split over. Each pricer that splits names its group. */
export function shareGroup(logicalId: string, resource: any, facts: TemplateFacts): string | undefined {
  const p = props(resource);
  switch (resource?.Type) {
    case 'AWS::Lambda::Function':
      return facts.deployOnlyFunctions.has(logicalId) ? undefined : 'lambda';
    case 'AWS::Logs::LogGroup':
      return 'logs';
    case 'AWS::S3::Bucket':
      return 's3';
    case 'AWS::Backup::BackupVault':
      return 'backup';
    case 'AWS::EC2::NatGateway':
      return str(p.ConnectivityType) === 'private' ? undefined : 'nat';
    case 'AWS::ElasticLoadBalancingV2::LoadBalancer':
      return (str(p.Type) ?? 'application') === 'application' ? 'alb' : undefined;
    case 'AWS::CloudFront::Distribution':
      return 'cloudfront';
    case 'AWS::WAFv2::WebACL':
      return 'waf';
    case 'AWS::SQS::Queue':
      return p.FifoQueue === true || p.FifoQueue === 'true' ? undefined : 'sqs';
    case 'AWS::SNS::Topic':
      return 'sns';
    default:
      return undefined;
  }
}

// ---------------------------------------------------------------- EBS

/** Lines for one EBS volume (an AWS::EC2::Volume or a block device mapping) × count. */
function ebsLines(
  ctx: PricingContext,
  label: string,
  ebs: any,
  count: { n: number; min?: number; max?: number },
  defaultType: string,
  defaultSizeGb: number | undefined,
  assumptions: string[],
): LineDraft[] {
  const type = str(ebs?.VolumeType) ?? defaultType;
  const notes = [...assumptions];
  if (ebs?.VolumeType === undefined) {
    notes.push(`VolumeType not set: priced as ${defaultType}`);
  }
  let size = num(ebs?.VolumeSize ?? ebs?.Size);
  if (size === undefined) {
    if (defaultSizeGb === undefined) {
      return [];
    }
    size = defaultSizeGb;
    notes.push(`size not a literal: assumed ${defaultSizeGb} GB`);
  }
  const scaled = (per: number) => ({
    quantity: per * count.n,
    quantityMin: count.min === undefined ? undefined : per * count.min,
    quantityMax: count.max === undefined ? undefined : per * count.max,
  });
  const perVolume = count.n === 1 && count.min === undefined ? '' : ` per volume × ${count.n} volumes`;
  const out: LineDraft[] = [
    {
      description: `${label} (${type}, ${fmt(size)} GB)`,
      priceKey: `ebs.${type}.gbMonth`,
      ...scaled(size),
      unit: 'GB-month',
      assumption: [`${fmt(size)} GB${perVolume}`, ...notes].join('; '),
    },
  ];
  if (type === 'gp3') {
    const includedIops = ctx.constant('ebs.gp3.includedIops', 3000);
    const includedTput = ctx.constant('ebs.gp3.includedThroughputMBps', 125);
    const iops = num(ebs?.Iops);
    if (iops !== undefined && iops > includedIops) {
      out.push({
        description: `${label} IOPS above ${includedIops}`,
        priceKey: 'ebs.gp3.extraIops',
        ...scaled(iops - includedIops),
        unit: 'IOPS-month',
        assumption: `${fmt(iops)} provisioned IOPS - ${includedIops} included${perVolume}`,
      });
    }
    const tput = num(ebs?.Throughput);
    if (tput !== undefined && tput > includedTput) {
      out.push({
        description: `${label} throughput above ${includedTput} MB/s`,
        priceKey: 'ebs.gp3.extraThroughput',
        ...scaled(tput - includedTput),
        unit: 'MBps-month',
        assumption: `${fmt(tput)} MB/s - ${includedTput} included${perVolume}`,
      });
    }
  }
  return out;
}

const DEFAULT_ROOT_GB = 8;

/** Root / data volumes of an instance from its BlockDeviceMappings (or the AMI's assumed root volume). */
function blockDeviceLines(
  ctx: PricingContext,
  mappings: unknown,
  count: { n: number; min?: number; max?: number },
): LineDraft[] {
  if (!Array.isArray(mappings) || mappings.length === 0) {
    return ebsLines(ctx, 'root volume', { VolumeType: 'gp3', VolumeSize: DEFAULT_ROOT_GB }, count, 'gp3', 8, [
      `no BlockDeviceMappings: the AMI's root volume, assumed ${DEFAULT_ROOT_GB} GB gp3`,
    ]);
  }
  const out: LineDraft[] = [];
  for (const m of mappings) {
    if (!m || !m.Ebs) {
      continue; // instance store or NoDevice: no EBS charge
    }
    const device = str(m.DeviceName) ?? 'device';
    // An EBS mapping without VolumeSize takes the AMI snapshot's size: assume the common 8 GB.
    out.push(...ebsLines(ctx, `volume ${device}`, m.Ebs, count, 'gp2', DEFAULT_ROOT_GB, []));
  }
  return out;
}

// ---------------------------------------------------------------- EC2

function eipAttachedTo(resources: Resources, logicalId: string): string | undefined {
  for (const [id, r] of Object.entries(resources)) {
    if (
      (r?.Type === 'AWS::EC2::EIP' || r?.Type === 'AWS::EC2::EIPAssociation') &&
      references(props(r).InstanceId, logicalId)
    ) {
      return id;
    }
  }
  return undefined;
}

function publicIpv4Line(count: number, assumption: string, min?: number, max?: number): LineDraft {
  return {
    description: count === 1 ? 'public IPv4 address' : `${count} public IPv4 addresses`,
    priceKey: 'vpc.publicIpv4.hourly',
    quantity: H * count,
    quantityMin: min === undefined ? undefined : H * min,
    quantityMax: max === undefined ? undefined : H * max,
    unit: 'address-hours',
    assumption,
  };
}

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
  const interfaces: any[] = Array.isArray(p.NetworkInterfaces) ? p.NetworkInterfaces : [];
  const eip = eipAttachedTo(ctx.resources, id);
  if (eip) {
    // The EIP is priced on its own resource; an auto-assigned address is released when it is associated.
  } else if (interfaces.some((ni) => bool(ni?.AssociatePublicIpAddress) === true)) {
    drafts.push(publicIpv4Line(1, 'AssociatePublicIpAddress is true'));
  } else if (interfaces.length === 0) {
    const subnet = target(ctx.resources, p.SubnetId);
    if (subnet && bool(props(subnet.resource).MapPublicIpOnLaunch) === true) {
      drafts.push(publicIpv4Line(1, `subnet ${subnet.id} maps a public IPv4 on launch`));
    }
  }
  drafts.push(...blockDeviceLines(ctx, p.BlockDeviceMappings, { n: 1 }));
  return lines(...drafts);
};

const ec2Volume: Pricer = (_id, resource, ctx) => {
  const p = props(resource);
  const drafts = ebsLines(ctx, 'EBS volume', p, { n: 1 }, 'gp2', undefined, []);
  return drafts.length ? lines(...drafts) : notPriced('Size is not a literal');
};

const eip: Pricer = () =>
  lines({
    description: 'Elastic IP (public IPv4)',
    priceKey: 'vpc.elasticIp.hourly',
    quantity: H,
    unit: 'address-hours',
    assumption: `charged attached or idle, ${H} h/month`,
  });

const natGateway: Pricer = (_id, resource, ctx) => {
  const p = props(resource);
  const isPrivate = str(p.ConnectivityType) === 'private';
  const drafts: LineDraft[] = [
    {
      description: `${isPrivate ? 'private ' : ''}NAT gateway`,
      priceKey: 'natGateway.hourly',
      quantity: H,
      unit: 'hours',
      assumption: `running ${H} h/month`,
    },
  ];
  if (!isPrivate) {
    const alloc = target(ctx.resources, p.AllocationId);
    if (!(alloc && alloc.resource?.Type === 'AWS::EC2::EIP')) {
      drafts.push(publicIpv4Line(1, 'the NAT gateway public IPv4 (its EIP is not in this template)'));
    }
    const n = ctx.share('nat');
    const gb = ctx.assumptions.dataTransferOutGb / n;
    drafts.push({
      description: 'NAT gateway data processed',
      priceKey: 'natGateway.perGb',
      quantity: gb,
      unit: 'GB',
      assumption:
        `dataTransferOutGb ${fmt(ctx.assumptions.dataTransferOutGb)} GB split evenly over ${n} NAT gateway(s)` +
        (alloc && alloc.resource?.Type === 'AWS::EC2::EIP'
          ? `; its public IPv4 is priced on EIP ${alloc.id}`
          : ''),
    });
  }
  return lines(...drafts);
};

// ---------------------------------------------------------------- RDS

/** The resource of `type` that `value` references anywhere inside it (e.g. a Ref inside an ARN Fn::Join). */
function referencedResource(resources: Resources, value: unknown, type: string) {
  if (value === undefined) {
    return undefined;
  }
  for (const [id, r] of Object.entries(resources)) {
    if (r?.Type === type && references(value, id)) {
      return { id, resource: r };
    }
  }
  return undefined;
}

const rdsInstance: Pricer = (_id, resource, ctx) => {
  const p = props(resource);
  const cls = str(p.DBInstanceClass);
  const source = referencedResource(ctx.resources, p.SourceDBInstanceIdentifier, 'AWS::RDS::DBInstance');
  const sourceProps = source ? props(source.resource) : {};
  const engine = (str(p.Engine) ?? str(sourceProps.Engine))?.toLowerCase();
  if (!cls) {
    return notPriced('DBInstanceClass is not a literal');
  }
  if (!engine) {
    return notPriced('Engine is not a literal (nor on the source instance of this replica)');
  }
  const multiAz = bool(p.MultiAZ) === true;
  const replica = p.SourceDBInstanceIdentifier !== undefined;
  const notes: string[] = [`${engine}, on-demand, ${H} h/month`];
  if (replica) {
    notes.push(
      `read replica${source ? ` of ${source.id}` : ''}, priced as its own ${multiAz ? 'Multi-AZ' : 'single'} instance`,
    );
  }
  const multiplier = multiAz ? { multiplierKey: 'rds.multiAz.multiplier' } : {};
  if (multiAz) {
    notes.push('Multi-AZ: Single-AZ price × rds.multiAz.multiplier');
  }
  const drafts: LineDraft[] = [
    {
      description: `${cls} ${engine}${multiAz ? ' Multi-AZ' : ''} instance`,
      priceKey: `rds.${engine}.${cls}.singleAz.hourly`,
      ...multiplier,
      quantity: H,
      unit: 'hours',
      assumption: notes.join('; '),
    },
  ];
  if (p.DBClusterIdentifier !== undefined) {
    return lines(...drafts); // Aurora: storage is billed on the cluster
  }
  const allocated = num(p.AllocatedStorage) ?? num(sourceProps.AllocatedStorage);
  if (allocated === undefined) {
    return {
      kind: 'lines',
      lines: drafts,
      warnings: [`${_id}: AllocatedStorage is not a literal; storage not priced`],
    };
  }
  const storageType = str(p.StorageType) ?? (p.Iops !== undefined ? 'io1' : 'gp2');
  const maxStorage = num(p.MaxAllocatedStorage);
  const storageNotes = [`${fmt(allocated)} GB allocated`];
  if (p.StorageType === undefined) {
    storageNotes.push(`StorageType not set: priced as ${storageType}`);
  }
  if (maxStorage !== undefined && maxStorage > allocated) {
    storageNotes.push(`storage autoscaling up to ${fmt(maxStorage)} GB (maximum)`);
  }
  if (multiAz) {
    storageNotes.push('Multi-AZ: × rds.multiAz.multiplier');
  }
  storageNotes.push('backup storage up to the provisioned size is free, not priced');
  drafts.push({
    description: `${storageType} storage${multiAz ? ' Multi-AZ' : ''}`,
    priceKey: `rds.${storageType}.gbMonth.singleAz`,
    ...multiplier,
    quantity: allocated,
    quantityMax: maxStorage !== undefined && maxStorage > allocated ? maxStorage : undefined,
    unit: 'GB-month',
    assumption: storageNotes.join('; '),
  });
  return lines(...drafts);
};

// ---------------------------------------------------------------- ElastiCache

function cacheEngine(value: unknown): string | undefined {
  const engine = (str(value) ?? 'redis').toLowerCase();
  return engine === 'valkey' || engine === 'redis'
    ? engine
    : engine === 'memcached'
      ? 'memcached'
      : undefined;
}

const replicationGroup: Pricer = (_id, resource) => {
  const p = props(resource);
  const nodeType = str(p.CacheNodeType);
  const engine = cacheEngine(p.Engine);
  if (!nodeType) {
    return notPriced('CacheNodeType is not a literal');
  }
  if (!engine || engine === 'memcached') {
    return notPriced(`Engine ${JSON.stringify(p.Engine)} is not a literal redis or valkey`);
  }
  let nodes: number;
  let how: string;
  const clusterMode =
    p.NumNodeGroups !== undefined ||
    p.ReplicasPerNodeGroup !== undefined ||
    Array.isArray(p.NodeGroupConfiguration);
  if (clusterMode) {
    const shards =
      num(p.NumNodeGroups) ?? (Array.isArray(p.NodeGroupConfiguration) ? p.NodeGroupConfiguration.length : 1);
    const replicas = num(p.ReplicasPerNodeGroup) ?? 0;
    nodes = shards * (1 + replicas);
    how = `${shards} shard(s) × (1 primary + ${replicas} replica(s)) = ${nodes} nodes`;
  } else {
    nodes = num(p.NumCacheClusters) ?? 1;
    how = `NumCacheClusters ${nodes} (1 primary + ${nodes - 1} replica(s))`;
  }
  return lines({
    description: `${nodes} × ${nodeType} ${engine} node`,
    priceKey: `elasticache.${engine}.${nodeType}.hourly`,
    quantity: H * nodes,
    unit: 'node-hours',
    assumption: `${how}, ${H} h/month; snapshot storage not priced`,
  });
};

const cacheCluster: Pricer = (_id, resource) => {
  const p = props(resource);
  const nodeType = str(p.CacheNodeType);
  const engine = cacheEngine(p.Engine);
  if (!nodeType || !engine) {
    return notPriced('CacheNodeType or Engine is not a literal');
  }
  const nodes = num(p.NumCacheNodes) ?? 1;
  const keyEngine = engine === 'memcached' ? 'redis' : engine;
  return lines({
    description: `${nodes} × ${nodeType} ${engine} node`,
    priceKey: `elasticache.${keyEngine}.${nodeType}.hourly`,
    quantity: H * nodes,
    unit: 'node-hours',
    assumption:
      `${nodes} node(s), ${H} h/month` +
      (engine === 'memcached' ? '; Memcached priced at the Redis OSS rate' : ''),
  });
};

// ---------------------------------------------------------------- per-month items

function monthly(
  description: string,
  priceKey: string,
  unit: string,
  assumption: string,
  count = 1,
): PriceResult {
  return lines({ description, priceKey, quantity: count, unit, assumption });
}

/** A metric in a namespace that does not start with `AWS/`: published by someone, charged monthly. */
export interface CustomMetric {
  readonly description: string;
  /** Every alarm that watches it, the first one (which carries its line) first. */
  readonly alarms: string[];
}

/** The metrics an alarm watches: its own (Namespace, MetricName, Dimensions) or those of Metrics[].MetricStat. */
function alarmMetrics(p: any): any[] {
  if (Array.isArray(p.Metrics)) {
    return p.Metrics.map((m: any) => m?.MetricStat?.Metric).filter((m: any) => m && typeof m === 'object');
  }
  return p.Namespace !== undefined || p.MetricName !== undefined ? [p] : [];
}

/**
 * The distinct custom metrics the alarms of the template watch, by (namespace, metric name,
 * dimensions), each listed under the first alarm that watches it so it is counted once. A metric
 * whose namespace is not a literal is left out (it may be an AWS one).
 */
function customMetricsByAlarm(resources: Resources): Map<string, CustomMetric[]> {
  const seen = new Map<string, CustomMetric>();
  const byAlarm = new Map<string, CustomMetric[]>();
  for (const [id, r] of Object.entries(resources)) {
    if (r?.Type !== 'AWS::CloudWatch::Alarm') continue;
    for (const m of alarmMetrics(props(r))) {
      const namespace = str(m.Namespace);
      if (namespace === undefined || namespace.startsWith('AWS/')) continue;
      const name = str(m.MetricName) ?? JSON.stringify(m.MetricName ?? null);
      const dims: any[] = Array.isArray(m.Dimensions) ? m.Dimensions : [];
      const dimKeys = dims
        .map((d) => `${str(d?.Name) ?? JSON.stringify(d?.Name)}=${JSON.stringify(d?.Value)}`)
        .sort();
      const key = JSON.stringify([namespace, name, dimKeys]);
      const known = seen.get(key);
      if (known) {
        if (!known.alarms.includes(id)) known.alarms.push(id);
        continue;
      }
      const dimText = dims
        .map((d) => {
          const dimName = str(d?.Name) ?? '?';
          const value = str(d?.Value);
          return value === undefined ? dimName : `${dimName}=${value}`;
        })
        .join(', ');
      const metric: CustomMetric = {
        description: `custom metric ${namespace} ${name}${dimText ? ` (${dimText})` : ''}`,
        alarms: [id],
      };
      seen.set(key, metric);
      byAlarm.set(id, [...(byAlarm.get(id) ?? []), metric]);
    }
  }
  return byAlarm;
}

const alarm: Pricer = (id, resource, ctx) => {
  const p = props(resource);
  const metrics: any[] = Array.isArray(p.Metrics) ? p.Metrics.filter((m: any) => m && m.MetricStat) : [];
  const count = Math.max(1, metrics.length);
  const periods = [num(p.Period), ...metrics.map((m) => num(m.MetricStat?.Period))].filter(
    (x): x is number => x !== undefined,
  );
  const drafts: LineDraft[] = [
    periods.some((x) => x < 60)
      ? {
          description: 'high-resolution alarm',
          priceKey: 'cloudwatch.alarm.highResolution.month',
          quantity: count,
          unit: 'alarm-metrics',
          assumption: 'period under 60 s',
        }
      : {
          description: 'standard alarm',
          priceKey: 'cloudwatch.alarm.standard.month',
          quantity: count,
          unit: 'alarm-metrics',
          assumption:
            metrics.length > 1
              ? `${count} metrics in the metric math expression`
              : '1 metric; free tier not applied',
        },
  ];
  for (const metric of ctx.facts.customMetricsByAlarm.get(id) ?? []) {
    const others = metric.alarms.filter((a) => a !== id);
    drafts.push({
      description: metric.description,
      priceKey: 'cloudwatch.metric.month',
      quantity: 1,
      unit: 'metrics',
      assumption:
        'a namespace not starting with AWS/ is a custom metric, charged per metric-month; counted once ' +
        'per distinct namespace, name and dimensions across the template' +
        (others.length > 0 ? ` (also watched by ${others.join(', ')})` : '') +
        '; free tier not applied',
    });
  }
  return lines(...drafts);
};

const logGroup: Pricer = (_id, resource, ctx) => {
  const p = props(resource);
  const n = ctx.share('logs');
  const gb = ctx.assumptions.logIngestGb / n;
  const logClass = str(p.LogGroupClass) ?? 'STANDARD';
  if (logClass !== 'STANDARD') {
    return notPriced(`no list price in the price table for the ${logClass} log class`);
  }
  const days = num(p.RetentionInDays);
  const months = days === undefined ? 12 : Math.min(days, 365) / 30;
  const stored = gb * months;
  const split = `logIngestGb ${fmt(ctx.assumptions.logIngestGb)} GB/month split evenly over ${n} log group(s)`;
  return lines(
    {
      description: 'log ingestion',
      priceKey: 'cloudwatch.logs.ingestPerGb',
      quantity: gb,
      unit: 'GB',
      assumption: split,
    },
    {
      description: 'log storage',
      priceKey: 'cloudwatch.logs.storageGbMonth',
      quantity: stored,
      unit: 'GB-month',
      assumption:
        `steady state: ${fmt(gb)} GB/month × ${fmt(months)} months kept ` +
        (days === undefined ? '(never expires: 12-month horizon)' : `(${days} days / 30)`) +
        '; compression ignored (upper bound)',
    },
  );
};

const bucket: Pricer = (_id, _resource, ctx) => {
  const n = ctx.share('s3');
  return lines({
    description: 'S3 Standard storage',
    priceKey: 's3.standard.gbMonth',
    quantity: ctx.assumptions.storedGb / n,
    unit: 'GB-month',
    assumption: `storedGb ${fmt(ctx.assumptions.storedGb)} GB split evenly over ${n} bucket(s); requests not priced`,
  });
};

const queue: Pricer = (_id, resource, ctx) => {
  const p = props(resource);
  if (p.FifoQueue === true || p.FifoQueue === 'true') {
    return notPriced('no list price for FIFO queues in the price table');
  }
  const n = ctx.share('sqs');
  const requests = ctx.assumptions.queueRequestsPerMonth / n;
  return lines({
    description: 'SQS standard requests',
    priceKey: 'sqs.standard.perMillion',
    quantity: requests / 1_000_000,
    unit: 'million requests',
    assumption: `queueRequestsPerMonth ${fmt(ctx.assumptions.queueRequestsPerMonth)} split evenly over ${n} standard queue(s); free tier not applied`,
  });
};

/** SNS delivery protocols with a charge of their own (deliveries to SQS and Lambda are free). */
const SNS_PAID_PROTOCOLS = ['http', 'https', 'sms', 'application', 'firehose'];

/** Protocols of the subscriptions to a topic: AWS::SNS::Subscription resources and inline entries. */
function topicSubscriptions(resources: Resources, topicId: string, topic: any): string[] {
  const protocols: string[] = [];
  for (const r of Object.values(resources)) {
    if (r?.Type === 'AWS::SNS::Subscription' && refTarget(props(r).TopicArn) === topicId) {
      protocols.push((str(props(r).Protocol) ?? '(not a literal)').toLowerCase());
    }
  }
  const inline = props(topic).Subscription;
  for (const sub of Array.isArray(inline) ? inline : []) {
    protocols.push((str(sub?.Protocol) ?? '(not a literal)').toLowerCase());
  }
  return protocols;
}

const topic: Pricer = (id, resource, ctx) => {
  const n = ctx.share('sns');
  const messages = ctx.assumptions.notificationsPerMonth / n;
  const split =
    `notificationsPerMonth ${fmt(ctx.assumptions.notificationsPerMonth)} split evenly over ${n} topic(s)` +
    (n > 1 ? ` = ${fmt(messages)} per topic` : '');
  const fifo = bool(props(resource).FifoTopic) === true;
  const protocols = topicSubscriptions(ctx.resources, id, resource);
  const emails = protocols.filter((x) => x === 'email' || x === 'email-json').length;
  const paid = protocols.filter((x) => SNS_PAID_PROTOCOLS.includes(x));
  const drafts: LineDraft[] = [
    {
      description: 'SNS publish requests',
      priceKey: 'sns.publish.perMillion',
      quantity: messages / 1e6,
      unit: 'million requests',
      assumption:
        `${split}, one request per message (under 64 KB); free tier not applied` +
        (fifo ? '; a FIFO topic, priced at the standard publish rate' : ''),
    },
  ];
  if (emails > 0) {
    drafts.push({
      description: `SNS email notifications (${emails} email subscription(s))`,
      priceKey: 'sns.email.per100k',
      quantity: (messages * emails) / 100_000,
      unit: '100k notifications',
      assumption: `${split}, each delivered to ${emails} email subscription(s); free tier not applied`,
    });
  }
  return {
    kind: 'lines',
    lines: drafts,
    warnings:
      paid.length > 0
        ? [
            `${id}: deliveries to ${paid.length} ${[...new Set(paid)].join('/')} subscription(s) are not priced`,
          ]
        : [],
  };
};

// ---------------------------------------------------------------- Lambda

function isCustomResource(type: unknown): boolean {
  return (
    typeof type === 'string' &&
    (type.startsWith('Custom::') || type === 'AWS::CloudFormation::CustomResource')
  );
}

/** Types whose references to a function grant access to it or hold its logs: none invokes it. */
const NON_INVOKING_TYPES = [
  'AWS::IAM::Policy',
  'AWS::IAM::ManagedPolicy',
  'AWS::IAM::Role',
  'AWS::Logs::LogGroup',
];

/**
 * Functions that run only when the stack deploys: the ServiceToken of a custom resource, or called
 * only by such a function (the user handler of a custom resource provider framework), and otherwise
 * referenced only by IAM and log groups. Any other reference (an event source, a permission for a
 * service, a custom resource property such as a bucket notification) counts as a use at run time.
 */
function deployOnlyFunctions(resources: Resources): Map<string, string> {
  const found = new Map<string, string>();
  const functions = Object.keys(resources).filter((id) => resources[id]?.Type === 'AWS::Lambda::Function');
  let grew = true;
  while (grew) {
    grew = false;
    for (const fn of functions) {
      if (found.has(fn)) continue;
      const tokenOf: string[] = [];
      const calledBy: string[] = [];
      let runtimeUse = false;
      for (const [id, r] of Object.entries(resources)) {
        if (id === fn || !references(props(r), fn)) continue;
        if (isCustomResource(r?.Type) && refTarget(props(r).ServiceToken) === fn) {
          tokenOf.push(id);
        } else if (found.has(id)) {
          calledBy.push(id);
        } else if (!NON_INVOKING_TYPES.includes(r?.Type)) {
          runtimeUse = true;
          break;
        }
      }
      if (runtimeUse || tokenOf.length + calledBy.length === 0) continue;
      const by =
        tokenOf.length > 0
          ? `as the ServiceToken of custom resource(s) ${tokenOf.join(', ')}`
          : `called by the custom resource provider function(s) ${calledBy.join(', ')}`;
      found.set(fn, `runs only when the stack deploys, ${by}: well under a cent a month, not estimated`);
      grew = true;
    }
  }
  return found;
}

const lambdaFunction: Pricer = (id, resource, ctx) => {
  const deployOnly = ctx.facts.deployOnlyFunctions.get(id);
  if (deployOnly) {
    return { kind: 'free', reason: deployOnly };
  }
  const p = props(resource);
  const notes: string[] = [];
  const literalMemory = num(p.MemorySize);
  const memoryMb = literalMemory ?? 128;
  if (literalMemory === undefined) {
    notes.push(
      p.MemorySize === undefined ? 'MemorySize not set: 128 MB' : 'MemorySize not a literal: assumed 128 MB',
    );
  }
  const architectures = Array.isArray(p.Architectures) ? p.Architectures.map((a: unknown) => str(a)) : [];
  const arm = architectures.length === 1 && architectures[0] === 'arm64';
  if (p.Architectures !== undefined && !arm && architectures[0] !== 'x86_64') {
    notes.push('Architectures not a literal: priced as x86_64');
  }
  const arch = arm ? 'arm' : 'x86';
  const n = ctx.share('lambda');
  const invocations = ctx.assumptions.functionInvocationsPerMonth / n;
  const ms = ctx.assumptions.functionDurationMs;
  const gb = memoryMb / 1024;
  const split =
    `functionInvocationsPerMonth ${fmt(ctx.assumptions.functionInvocationsPerMonth)} split evenly over ${n} function(s)` +
    (n > 1 ? ` = ${fmt(invocations)} per function` : '');
  return lines(
    {
      description: 'Lambda requests',
      priceKey: 'lambda.requests.perMillion',
      quantity: invocations / 1e6,
      unit: 'million requests',
      assumption: `${split}; free tier not applied`,
    },
    {
      description: `Lambda ${arch} compute (${fmt(memoryMb)} MB)`,
      priceKey: `lambda.${arch}.gbSecond`,
      quantity: invocations * (ms / 1000) * gb,
      unit: 'GB-seconds',
      assumption: [
        `${fmt(invocations)} invocations × functionDurationMs ${fmt(ms)} ms × ${fmt(gb)} GB (MemorySize ${fmt(memoryMb)} MB)`,
        ...notes,
        'free tier, provisioned concurrency and ephemeral storage above 512 MB not priced',
      ].join('; '),
    },
  );
};

const backupVault: Pricer = (_id, _resource, ctx) => {
  const n = ctx.share('backup');
  return lines({
    description: 'EBS snapshots in AWS Backup',
    priceKey: 'backup.ebsSnapshot.gbMonth',
    quantity: ctx.assumptions.snapshotGb / n,
    unit: 'GB-month',
    assumption: `snapshotGb ${fmt(ctx.assumptions.snapshotGb)} GB split evenly over ${n} vault(s), warm tier`,
  });
};

// ---------------------------------------------------------------- networking

const vpcEndpoint: Pricer = (_id, resource) => {
  const p = props(resource);
  const type = str(p.VpcEndpointType) ?? 'Gateway';
  if (type === 'Gateway') {
    return { kind: 'free', reason: 'gateway endpoints have no charge' };
  }
  if (type !== 'Interface') {
    return notPriced(`no list price in the price table for ${type} endpoints`);
  }
  const subnets = Array.isArray(p.SubnetIds) ? p.SubnetIds.length : undefined;
  const azs = subnets ?? 2;
  return lines({
    description: `interface endpoint in ${azs} AZ(s)`,
    priceKey: 'vpcEndpoint.interface.hourlyPerAz',
    quantity: H * azs,
    unit: 'ENI-hours',
    assumption:
      (subnets === undefined
        ? 'SubnetIds not a literal list: assumed 2 AZs'
        : `${azs} subnet(s) = ${azs} AZ(s)`) + `, ${H} h/month; data processed not priced`,
  });
};

const loadBalancer: Pricer = (_id, resource, ctx) => {
  const p = props(resource);
  const type = str(p.Type) ?? 'application';
  if (type !== 'application') {
    return notPriced(`no list price in the price table for ${type} load balancers`);
  }
  const n = ctx.share('alb');
  const requests = ctx.assumptions.requestsPerMonth / n;
  const gb = ctx.assumptions.dataTransferOutGb / n;
  // LCU dimensions: 25 new connections/s, 1 GB processed/hour. One request per connection.
  const byRequests = requests / (3600 * 25);
  const byBytes = gb;
  const lcuHours = Math.max(byRequests, byBytes);
  const drafts: LineDraft[] = [
    {
      description: 'application load balancer',
      priceKey: 'alb.hourly',
      quantity: H,
      unit: 'hours',
      assumption: `running ${H} h/month`,
    },
    {
      description: 'load balancer capacity units',
      priceKey: 'alb.lcuHourly',
      quantity: lcuHours,
      unit: 'LCU-hours',
      assumption:
        `max(${fmt(requests)} requests / (3600 s × 25 new connections/s), ${fmt(gb)} GB / 1 GB per LCU-hour); ` +
        `requestsPerMonth and dataTransferOutGb split evenly over ${n} ALB(s), one request per connection`,
    },
  ];
  if ((str(p.Scheme) ?? 'internet-facing') === 'internet-facing') {
    const mappings = Array.isArray(p.SubnetMappings) ? p.SubnetMappings : undefined;
    const subnets = Array.isArray(p.Subnets) ? p.Subnets.length : mappings?.length;
    const azs = subnets ?? 2;
    drafts.push(
      publicIpv4Line(
        azs,
        (subnets === undefined
          ? 'Subnets not a literal list: assumed 2 AZs'
          : `internet-facing in ${azs} subnet(s)`) + ': one public IPv4 per AZ',
      ),
    );
  }
  return lines(...drafts);
};

const hostedZone: Pricer = () =>
  monthly(
    'hosted zone',
    'route53.hostedZone.month',
    'zones',
    'one of the first 25 zones; queries not priced',
  );

const distribution: Pricer = (_id, _resource, ctx) => {
  const n = ctx.share('cloudfront');
  const gb = ctx.assumptions.dataTransferOutGb / n;
  const requests = ctx.assumptions.requestsPerMonth / n;
  const split = `split evenly over ${n} distribution(s); North America rates, free tier not applied`;
  return lines(
    {
      description: 'CloudFront data transfer out',
      priceKey: 'cloudfront.na.first10TB.perGb',
      quantity: gb,
      unit: 'GB',
      assumption: `dataTransferOutGb ${fmt(ctx.assumptions.dataTransferOutGb)} GB ${split}`,
    },
    {
      description: 'CloudFront HTTPS requests',
      priceKey: 'cloudfront.na.httpsPer10k',
      quantity: requests / 10000,
      unit: '10k requests',
      assumption: `requestsPerMonth ${fmt(ctx.assumptions.requestsPerMonth)} ${split}`,
    },
  );
};

const webAcl: Pricer = (_id, resource, ctx) => {
  const rules = Array.isArray(props(resource).Rules) ? props(resource).Rules.length : 0;
  const n = ctx.share('waf');
  const requests = ctx.assumptions.requestsPerMonth / n;
  return lines(
    monthlyDraft('web ACL', 'waf.webAcl.month', 'web ACLs', 1, 'one web ACL'),
    rules > 0
      ? monthlyDraft('WAF rules', 'waf.rule.month', 'rules', rules, `${rules} rule(s) in Rules`)
      : undefined,
    {
      description: 'WAF requests',
      priceKey: 'waf.perMillionRequests',
      quantity: requests / 1e6,
      unit: 'million requests',
      assumption: `requestsPerMonth split evenly over ${n} web ACL(s); managed rule subscriptions not priced`,
    },
  );
};

function monthlyDraft(
  description: string,
  priceKey: string,
  unit: string,
  quantity: number,
  assumption: string,
) {
  return { description, priceKey, unit, quantity, assumption };
}

// ---------------------------------------------------------------- ECS / Fargate

function scalableTargetFor(resources: Resources, logicalId: string, dimension: string) {
  for (const r of Object.values(resources)) {
    if (
      r?.Type === 'AWS::ApplicationAutoScaling::ScalableTarget' &&
      str(props(r).ScalableDimension) === dimension &&
      references(props(r).ResourceId, logicalId)
    ) {
      return { min: num(props(r).MinCapacity), max: num(props(r).MaxCapacity) };
    }
  }
  return undefined;
}

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
  const notes = `${tasks}, ${H} h/month, Linux/${arm ? 'ARM64' : 'X86_64'}`;
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

// ---------------------------------------------------------------- DynamoDB

const dynamoTable: Pricer = (id, resource, ctx) => {
  const p = props(resource);
  const mode = p.BillingMode === undefined ? 'PROVISIONED' : str(p.BillingMode);
  if (mode === undefined) {
    return notPriced('BillingMode is not a literal');
  }
  if (mode !== 'PROVISIONED') {
    return notPriced('charged per use only; no usage assumption for it');
  }
  const tableClass = str(p.TableClass) ?? 'STANDARD';
  if (tableClass !== 'STANDARD') {
    return notPriced(
      `no list price in the price table for provisioned capacity of the ${tableClass} table class`,
    );
  }
  const rcu = num(p.ProvisionedThroughput?.ReadCapacityUnits);
  const wcu = num(p.ProvisionedThroughput?.WriteCapacityUnits);
  if (rcu === undefined || wcu === undefined) {
    return notPriced('ProvisionedThroughput ReadCapacityUnits / WriteCapacityUnits are not literals');
  }
  const indexes: any[] = Array.isArray(p.GlobalSecondaryIndexes) ? p.GlobalSecondaryIndexes : [];
  let indexRcu = 0;
  let indexWcu = 0;
  for (const index of indexes) {
    const r = num(index?.ProvisionedThroughput?.ReadCapacityUnits);
    const w = num(index?.ProvisionedThroughput?.WriteCapacityUnits);
    if (r === undefined || w === undefined) {
      return notPriced(
        `the ProvisionedThroughput of global secondary index ${str(index?.IndexName) ?? '?'} is not literal`,
      );
    }
    indexRcu += r;
    indexWcu += w;
  }
  const indexScaling = Object.values(ctx.resources).some(
    (r) =>
      r?.Type === 'AWS::ApplicationAutoScaling::ScalableTarget' &&
      (str(props(r).ScalableDimension) ?? '').startsWith('dynamodb:index:') &&
      references(props(r).ResourceId, id),
  );
  const capacity = (
    what: 'read' | 'write',
    units: number,
    onIndexes: number,
    dimension: string,
    priceKey: string,
    unit: string,
  ): LineDraft => {
    const scaling = scalableTargetFor(ctx.resources, id, dimension);
    const min = scaling?.min;
    const max = scaling?.max;
    const short = unit.split('-')[0];
    return {
      description: `provisioned ${what} capacity (${fmt(units + onIndexes)} ${short})`,
      priceKey,
      quantity: (units + onIndexes) * H,
      quantityMin: min === undefined ? undefined : (min + onIndexes) * H,
      quantityMax: max === undefined ? undefined : (max + onIndexes) * H,
      unit,
      assumption: [
        `${fmt(units)} ${short} on the table` +
          (indexes.length > 0 ? ` + ${fmt(onIndexes)} on ${indexes.length} global secondary index(es)` : '') +
          `, ${H} h/month`,
        ...(scaling ? [`table auto scaling ${min ?? '?'}-${max ?? '?'} ${short}`] : []),
        ...(indexScaling ? ['index auto scaling not modelled: indexes at their provisioned capacity'] : []),
        'storage, streams, backups, reserved capacity and the free tier not priced',
      ].join('; '),
    };
  };
  return lines(
    capacity(
      'read',
      rcu,
      indexRcu,
      'dynamodb:table:ReadCapacityUnits',
      'dynamodb.provisioned.rcuHour',
      'RCU-hours',
    ),
    capacity(
      'write',
      wcu,
      indexWcu,
      'dynamodb:table:WriteCapacityUnits',
      'dynamodb.provisioned.wcuHour',
      'WCU-hours',
    ),
  );
};

// ---------------------------------------------------------------- Auto Scaling

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

// ---------------------------------------------------------------- registry

export const PRICERS: { readonly [type: string]: Pricer } = {
  'AWS::EC2::Instance': ec2Instance,
  'AWS::EC2::Volume': ec2Volume,
  'AWS::EC2::EIP': eip,
  'AWS::EC2::NatGateway': natGateway,
  'AWS::EC2::VPCEndpoint': vpcEndpoint,
  'AWS::RDS::DBInstance': rdsInstance,
  'AWS::ElastiCache::ReplicationGroup': replicationGroup,
  'AWS::ElastiCache::CacheCluster': cacheCluster,
  'AWS::SecretsManager::Secret': () =>
    monthly('secret', 'secretsManager.secret.month', 'secrets', 'API calls not priced'),
  'AWS::KMS::Key': () => monthly('customer managed key', 'kms.key.month', 'keys', 'requests not priced'),
  'AWS::CloudWatch::Alarm': alarm,
  'AWS::CloudWatch::Dashboard': () =>
    monthly('dashboard', 'cloudwatch.dashboard.month', 'dashboards', 'free tier not applied'),
  'AWS::Logs::LogGroup': logGroup,
  'AWS::S3::Bucket': bucket,
  'AWS::Backup::BackupVault': backupVault,
  'AWS::SQS::Queue': queue,
  'AWS::SNS::Topic': topic,
  'AWS::Lambda::Function': lambdaFunction,
  'AWS::DynamoDB::Table': dynamoTable,
  'AWS::ElasticLoadBalancingV2::LoadBalancer': loadBalancer,
  'AWS::ECS::Service': ecsService,
  'AWS::AutoScaling::AutoScalingGroup': autoScalingGroup,
  'AWS::Route53::HostedZone': hostedZone,
  'AWS::CloudFront::Distribution': distribution,
  'AWS::WAFv2::WebACL': webAcl,
  'AWS::Serverless::Application': () =>
    notPriced(
      'a nested application (e.g. a Secrets Manager rotation function): its resources deploy as a stack of their own, not estimated here',
    ),
  'AWS::CloudFormation::Stack': () =>
    notPriced('a nested stack: its resources are in its own template, not estimated here'),
};

/** Types with no charge of their own (their cost, if any, shows on another resource). */
export const FREE_TYPES: { readonly [type: string]: string } = {
  'AWS::CDK::Metadata': 'CDK metadata',
  'AWS::EC2::VPC': 'no charge for a VPC',
  'AWS::EC2::Subnet': 'no charge for a subnet',
  'AWS::EC2::RouteTable': 'no charge',
  'AWS::EC2::Route': 'no charge',
  'AWS::EC2::SubnetRouteTableAssociation': 'no charge',
  'AWS::EC2::InternetGateway': 'no charge (data transfer is charged on the resources)',
  'AWS::EC2::VPCGatewayAttachment': 'no charge',
  'AWS::EC2::EgressOnlyInternetGateway': 'no charge',
  'AWS::EC2::SecurityGroup': 'no charge',
  'AWS::EC2::SecurityGroupIngress': 'no charge',
  'AWS::EC2::SecurityGroupEgress': 'no charge',
  'AWS::EC2::NetworkAcl': 'no charge',
  'AWS::EC2::NetworkAclEntry': 'no charge',
  'AWS::EC2::SubnetNetworkAclAssociation': 'no charge',
  'AWS::EC2::LaunchTemplate': 'priced on the instances launched from it',
  'AWS::EC2::VolumeAttachment': 'no charge (the volume is priced)',
  'AWS::EC2::EIPAssociation': 'no charge (the EIP is priced)',
  'AWS::EC2::FlowLog': 'ingestion is priced on its log group',
  'AWS::IAM::Role': 'IAM has no charge',
  'AWS::IAM::Policy': 'IAM has no charge',
  'AWS::IAM::ManagedPolicy': 'IAM has no charge',
  'AWS::IAM::InstanceProfile': 'IAM has no charge',
  'AWS::IAM::ServiceLinkedRole': 'IAM has no charge',
  'AWS::KMS::Alias': 'no charge (the key is priced)',
  'AWS::SecretsManager::SecretTargetAttachment': 'no charge (the secret is priced)',
  'AWS::SecretsManager::ResourcePolicy': 'no charge',
  'AWS::SecretsManager::RotationSchedule': 'no charge (the rotation function runs per use)',
  'AWS::RDS::DBSubnetGroup': 'no charge',
  'AWS::RDS::DBParameterGroup': 'no charge',
  'AWS::RDS::DBClusterParameterGroup': 'no charge',
  'AWS::RDS::OptionGroup': 'no charge',
  'AWS::ElastiCache::SubnetGroup': 'no charge',
  'AWS::ElastiCache::ParameterGroup': 'no charge',
  'AWS::ECS::Cluster': 'no charge (tasks and instances are priced)',
  'AWS::ECS::TaskDefinition': 'priced on the ECS service that runs it',
  'AWS::ECS::ClusterCapacityProviderAssociations': 'no charge',
  'AWS::ECS::CapacityProvider': 'no charge (its Auto Scaling group is priced)',
  'AWS::ElasticLoadBalancingV2::Listener': 'priced on the load balancer',
  'AWS::ElasticLoadBalancingV2::ListenerRule': 'priced on the load balancer',
  'AWS::ElasticLoadBalancingV2::ListenerCertificate': 'no charge',
  'AWS::ElasticLoadBalancingV2::TargetGroup': 'priced on the load balancer',
  'AWS::ApplicationAutoScaling::ScalableTarget': 'no charge (used for the min/max of the scaled resource)',
  'AWS::ApplicationAutoScaling::ScalingPolicy': 'no charge',
  'AWS::AutoScaling::LaunchConfiguration': 'priced on the instances launched from it',
  'AWS::AutoScaling::ScalingPolicy': 'no charge',
  'AWS::AutoScaling::LifecycleHook': 'no charge',
  'AWS::AutoScaling::ScheduledAction': 'no charge',
  'AWS::Backup::BackupPlan': 'backups are priced on the vault',
  'AWS::Backup::BackupSelection': 'backups are priced on the vault',
  'AWS::S3::BucketPolicy': 'no charge',
  'AWS::SNS::TopicPolicy': 'no charge',
  'AWS::SNS::Subscription': 'notifications are charged per use on the topic',
  'AWS::SQS::QueuePolicy': 'no charge',
  'AWS::Logs::ResourcePolicy': 'no charge',
  'AWS::Logs::SubscriptionFilter': 'no charge of its own',
  'AWS::Logs::MetricFilter':
    'no charge of its own (its custom metric is listed on the alarms that watch it, if any)',
  'AWS::Lambda::Permission': 'no charge',
  'AWS::Lambda::EventSourceMapping': 'no charge of its own',
  'AWS::Events::Rule': 'no charge for rules matching AWS service events',
  'AWS::CertificateManager::Certificate': 'public ACM certificates have no charge',
  'AWS::Route53::RecordSet': 'records have no charge (queries are not priced)',
  'AWS::Route53::RecordSetGroup': 'records have no charge (queries are not priced)',
  'AWS::CloudFront::OriginAccessControl': 'no charge',
  'AWS::CloudFront::CloudFrontOriginAccessIdentity': 'no charge',
  'AWS::WAFv2::WebACLAssociation': 'no charge (the web ACL is priced)',
  'AWS::SSM::Parameter': 'standard parameters have no charge',
  'AWS::CloudFormation::WaitCondition': 'no charge',
  'AWS::CloudFormation::WaitConditionHandle': 'no charge',
  'AWS::CloudFormation::CustomResource': 'no charge (its backing function is listed on its own)',
};

/** Types charged per use only: the estimator has no usage assumption for them. */
export const USAGE_ONLY_TYPES: readonly string[] = [
  'AWS::ECR::Repository',
  'AWS::Events::EventBus',
  'AWS::StepFunctions::StateMachine',
];

/**
 * Keys the estimator looks up that the price table has no price for (yet): their lines are listed
 * in `notPriced` unless `priceOverrides` supplies them.
 */
export const LOOKUP_ONLY_KEYS: readonly string[] = [
  'sns.publish.perMillion',
  'lambda.requests.perMillion',
  'lambda.x86.gbSecond',
  'lambda.arm.gbSecond',
  'cloudwatch.metric.month',
  'dynamodb.provisioned.rcuHour',
  'dynamodb.provisioned.wcuHour',
];

/** Override keys the estimator looks up for types, classes and nodes not in the table. */
export const OVERRIDE_KEY_PATTERNS: readonly RegExp[] = [
  /^ec2\.[a-z0-9-]+\.[a-z0-9-]+\.hourly$/,
  /^rds\.[a-z0-9-]+\.db\.[a-z0-9-]+\.[a-z0-9-]+\.singleAz\.hourly$/,
  /^rds\.[a-z0-9]+\.gbMonth\.singleAz$/,
  /^elasticache\.(redis|valkey)\.cache\.[a-z0-9-]+\.[a-z0-9-]+\.hourly$/,
  /^ebs\.[a-z0-9]+\.gbMonth$/,
];
