import { bool, num, props, references, Resources, str } from '../cfn';
import { fmt, H, LineDraft, lines, notPriced, PriceResult, Pricer, PricerFamily } from './helpers';

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

/**
 * An Aurora Serverless v2 instance: ACU-hours between its cluster's MinCapacity and MaxCapacity.
 * The estimate is at the minimum (an idle shop); the maximum is the ceiling it can scale to.
 */
function serverlessV2(resources: Resources, clusterRef: unknown): PriceResult {
  const cluster = referencedResource(resources, clusterRef, 'AWS::RDS::DBCluster');
  const scaling = cluster ? props(cluster.resource).ServerlessV2ScalingConfiguration : undefined;
  const min = num(scaling?.MinCapacity);
  const max = num(scaling?.MaxCapacity);
  if (min === undefined || max === undefined) {
    return notPriced(
      "a db.serverless instance whose cluster's ServerlessV2ScalingConfiguration MinCapacity / MaxCapacity are not literals in this template",
    );
  }
  return lines({
    description: `Aurora Serverless v2 instance (${fmt(min)}-${fmt(max)} ACU)`,
    priceKey: 'aurora.serverlessV2.acuHour',
    quantity: min * H,
    quantityMin: min * H,
    quantityMax: max * H,
    unit: 'ACU-hours',
    assumption:
      `at the cluster ${cluster!.id}'s MinCapacity ${fmt(min)} ACU × ${H} h/month (the maximum: MaxCapacity ` +
      `${fmt(max)} ACU); actual ACUs follow the load; storage and I/O are on the cluster`,
  });
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
  if (cls === 'db.serverless') {
    return serverlessV2(ctx.resources, p.DBClusterIdentifier);
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

function cacheEngine(value: unknown): string | undefined {
  if (value !== undefined && str(value) === undefined) {
    return undefined; // a token or an intrinsic: not known
  }
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
    return notPriced(
      str(p.Engine) === undefined
        ? 'Engine is not a literal (a token or an intrinsic)'
        : `Engine ${str(p.Engine)} is not redis or valkey`,
    );
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

/**
 * The vCPUs of a DB instance class, from its size: burstable (db.t*) classes have 2 up to large,
 * the others 1 at medium and 2 at large; xlarge has 4 and Nxlarge 4 × N.
 * @see https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.DBInstanceClass.Summary.html
 */
export function instanceClassVcpus(instanceClass: string): number | undefined {
  const m = /^db\.([a-z][a-z0-9-]*)\.(micro|small|medium|large|(\d*)xlarge)$/.exec(instanceClass);
  if (!m) return undefined;
  const [, family, size, times] = m;
  if (size.endsWith('xlarge')) return 4 * (times === '' ? 1 : Number(times));
  if (family.startsWith('t')) return 2;
  return size === 'large' ? 2 : size === 'medium' ? 1 : undefined;
}

/**
 * An RDS Proxy: per vCPU-hour of the DB instances its target group names (for a Multi-AZ instance,
 * the writer's; the standby is not a target). Aurora cluster targets are not priced.
 * @see https://aws.amazon.com/rds/proxy/pricing/
 */
const rdsProxy: Pricer = (id, _resource, ctx) => {
  const groups = Object.values(ctx.resources).filter(
    (r) => r?.Type === 'AWS::RDS::DBProxyTargetGroup' && references(props(r).DBProxyName, id),
  );
  if (groups.some((g) => props(g).DBClusterIdentifiers !== undefined)) {
    return notPriced('an Aurora cluster target: priced per vCPU or ACU of the cluster, not estimated');
  }
  const instances = groups.flatMap((g) =>
    Array.isArray(props(g).DBInstanceIdentifiers) ? props(g).DBInstanceIdentifiers : [],
  );
  if (instances.length === 0) {
    return notPriced(
      'no target DB instance in this template: charged per vCPU-hour of its targets (rds.proxy.vcpuHour)',
    );
  }
  let vcpus = 0;
  const parts: string[] = [];
  for (const ref of instances) {
    const target = referencedResource(ctx.resources, ref, 'AWS::RDS::DBInstance');
    const cls = target ? str(props(target.resource).DBInstanceClass) : undefined;
    const n = cls ? instanceClassVcpus(cls) : undefined;
    if (!target || !cls || n === undefined) {
      return notPriced(
        `the class of target ${target?.id ?? 'instance'} is ${cls ? `${cls}, whose vCPUs are not known` : 'not a literal in this template'}: charged per vCPU-hour (rds.proxy.vcpuHour)`,
      );
    }
    vcpus += n;
    parts.push(`${target.id} ${cls} (${n} vCPU)`);
  }
  return lines({
    description: `RDS Proxy (${fmt(vcpus)} vCPU of its targets)`,
    priceKey: 'rds.proxy.vcpuHour',
    quantity: vcpus * H,
    unit: 'vCPU-hours',
    assumption: `${parts.join(', ')} × ${H} h/month`,
  });
};

/** RDS instances and ElastiCache nodes (DynamoDB tables are in dynamodb.ts). */
export const DATABASE: PricerFamily = {
  pricers: {
    'AWS::RDS::DBInstance': rdsInstance,
    'AWS::ElastiCache::ReplicationGroup': replicationGroup,
    'AWS::ElastiCache::CacheCluster': cacheCluster,
    'AWS::RDS::DBProxy': rdsProxy,
    'AWS::RDS::DBCluster': () =>
      notPriced(
        'Aurora cluster storage and I/O are charged per use (aurora.standard.storageGbMonth, aurora.standard.ioPerMillion); no usage assumption for them',
      ),
  },
  free: {
    'AWS::RDS::DBSubnetGroup': 'no charge',
    'AWS::RDS::DBProxyTargetGroup': 'no charge of its own (its proxy is listed)',
    'AWS::RDS::DBParameterGroup': 'no charge',
    'AWS::RDS::DBClusterParameterGroup': 'no charge',
    'AWS::RDS::OptionGroup': 'no charge',
    'AWS::ElastiCache::SubnetGroup': 'no charge',
    'AWS::ElastiCache::ParameterGroup': 'no charge',
  },
  priceKeys: ['aurora.serverlessV2.acuHour', 'rds.multiAz.multiplier', 'rds.proxy.vcpuHour'],
  keyForms: [
    {
      pattern:
        /^rds\.[a-z0-9-]+\.db\.[a-z][a-z0-9-]*\.(nano|micro|small|medium|large|\d*xlarge|metal(-\d+xl)?)\.singleAz\.hourly$/,
      form: 'rds.<engine>.db.<instance class>.singleAz.hourly',
    },
    {
      pattern: /^rds\.[a-z0-9]+\.gbMonth\.singleAz$/,
      form: 'rds.<storage type>.gbMonth.singleAz',
    },
    {
      pattern:
        /^elasticache\.(redis|valkey)\.cache\.[a-z][a-z0-9-]*\.(nano|micro|small|medium|large|\d*xlarge|metal(-\d+xl)?)\.hourly$/,
      form: 'elasticache.<redis|valkey>.cache.<node type>.hourly',
    },
  ],
};
