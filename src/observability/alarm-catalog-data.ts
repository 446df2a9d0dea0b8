import { ComparisonOperator as Op, TreatMissingData as Missing } from 'aws-cdk-lib/aws-cloudwatch';
import { AlarmDefinition, AlarmTarget } from './alarm-definition';
import { cacheVcpus, defaultMaxConnections } from './instance-class-facts';
import { MonitoredResource } from './monitored-resource';

/*
 * The alarm catalog, data tier: RDS instances, ElastiCache replication groups, DynamoDB tables,
 * SQS queues. Thresholds from AWS's "Best practice alarm recommendations" (RECOMMENDED) where
 * it gives one; where it says "your value" they are derived from the resource.
 */

const RECOMMENDED =
  'https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Best_Practice_Recommended_Alarms_AWS_Services.html';
const RDS = 'AWS/RDS';
const CACHE = 'AWS/ElastiCache';
const GIB = 1024 ** 3;

/** ElastiCache node metrics: one alarm per member cluster (`<group>-001`, ...), never by the group's id. */
function cacheMembers(r: MonitoredResource): AlarmTarget[] {
  return (r.facts.cacheClusterIds ?? []).map((id, i) => ({
    suffix: `-${String(i + 1).padStart(3, '0')}`,
    dimensions: { CacheClusterId: id },
  }));
}

/** True for node types of at most 2 vCPUs, where CPUUtilization is the metric to watch. */
function smallCacheNode(r: MonitoredResource): boolean {
  const vcpus = r.facts.cacheNodeType === undefined ? undefined : cacheVcpus(r.facts.cacheNodeType);
  return vcpus !== undefined && vcpus <= 2;
}

/** DynamoDB publishes SystemErrors per operation: the operations a shop's code uses. */
const DYNAMODB_OPERATIONS = [
  'GetItem',
  'PutItem',
  'UpdateItem',
  'DeleteItem',
  'Query',
  'Scan',
  'BatchWriteItem',
  'TransactWriteItems',
];

export const DATA_ALARMS: AlarmDefinition[] = [
  {
    id: 'rds-cpu',
    resourceKind: 'rds-instance',
    title: 'Database CPU',
    metric: { namespace: RDS, metricName: 'CPUUtilization', statistic: 'Average' },
    periodSeconds: 60,
    comparison: Op.GREATER_THAN_THRESHOLD,
    threshold: 90,
    unit: 'percent',
    evaluationPeriods: 5,
    datapointsToAlarm: 5,
    treatMissingData: Missing.MISSING,
    why: 'The database is out of CPU: every query slows down.',
    source: `${RECOMMENDED}#RDS`,
  },
  {
    id: 'rds-connections',
    resourceKind: 'rds-instance',
    title: 'Database connections',
    metric: { namespace: RDS, metricName: 'DatabaseConnections', statistic: 'Maximum' },
    periodSeconds: 60,
    comparison: Op.GREATER_THAN_THRESHOLD,
    threshold: {
      rule: "80 % of the engine's default max_connections for the instance class",
      derive: (r) => {
        const max =
          r.facts.engine && r.facts.instanceClass
            ? defaultMaxConnections(r.facts.engine, r.facts.instanceClass)
            : undefined;
        return max === undefined ? undefined : Math.floor(max * 0.8);
      },
      needs: 'the engine (PostgreSQL, MySQL or MariaDB) and a known instance class',
    },
    unit: 'count',
    evaluationPeriods: 5,
    datapointsToAlarm: 5,
    treatMissingData: Missing.MISSING,
    why: 'Connections near max_connections: the next service task or migration cannot connect.',
    source:
      'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/CHAP_Limits.html#RDS_Limits.MaxConnections',
  },
  {
    id: 'rds-free-storage',
    resourceKind: 'rds-instance',
    title: 'Database free storage',
    metric: { namespace: RDS, metricName: 'FreeStorageSpace', statistic: 'Minimum' },
    periodSeconds: 60,
    comparison: Op.LESS_THAN_THRESHOLD,
    threshold: {
      rule: '10 % of the allocated storage',
      derive: (r) =>
        r.facts.allocatedStorageGiB === undefined ? undefined : r.facts.allocatedStorageGiB * GIB * 0.1,
      needs: 'the allocated storage',
    },
    unit: 'bytes',
    evaluationPeriods: 5,
    datapointsToAlarm: 5,
    treatMissingData: Missing.MISSING,
    why: 'The database is running out of storage; full, it stops taking writes.',
    source: `${RECOMMENDED}#RDS`,
  },
  {
    id: 'rds-replica-lag',
    resourceKind: 'rds-instance',
    title: 'Replica lag',
    metric: { namespace: RDS, metricName: 'ReplicaLag', statistic: 'Maximum' },
    periodSeconds: 60,
    comparison: Op.GREATER_THAN_THRESHOLD,
    threshold: 60,
    unit: 'seconds',
    evaluationPeriods: 10,
    datapointsToAlarm: 10,
    treatMissingData: Missing.MISSING,
    why: 'The replica is more than a minute behind its source: reads from it show stale orders and stock.',
    source: `${RECOMMENDED}#RDS`,
    appliesTo: (r) => r.facts.readReplica === true,
    appliesToText: 'read replicas only',
  },
  {
    id: 'cache-cpu',
    resourceKind: 'cache-replication-group',
    title: 'Cache node CPU',
    metric: { namespace: CACHE, metricName: 'CPUUtilization', statistic: 'Average' },
    periodSeconds: 60,
    comparison: Op.GREATER_THAN_THRESHOLD,
    threshold: {
      rule: "90 % ÷ the node type's vCPUs",
      derive: (r) => {
        const vcpus = r.facts.cacheNodeType === undefined ? undefined : cacheVcpus(r.facts.cacheNodeType);
        return vcpus === undefined ? undefined : 90 / vcpus;
      },
      needs: 'the node type',
    },
    unit: 'percent',
    evaluationPeriods: 5,
    datapointsToAlarm: 5,
    treatMissingData: Missing.MISSING,
    why: 'Redis runs on one core: on a node of 2 vCPUs or less the host CPU shows it saturated at 90 % ÷ vCPUs.',
    source: `${RECOMMENDED}#ElastiCache`,
    appliesTo: smallCacheNode,
    appliesToText: 'node types of at most 2 vCPUs, per member node',
    targets: cacheMembers,
  },
  {
    id: 'cache-engine-cpu',
    resourceKind: 'cache-replication-group',
    title: 'Cache engine CPU',
    metric: { namespace: CACHE, metricName: 'EngineCPUUtilization', statistic: 'Average' },
    periodSeconds: 60,
    comparison: Op.GREATER_THAN_THRESHOLD,
    threshold: 90,
    unit: 'percent',
    evaluationPeriods: 5,
    datapointsToAlarm: 5,
    treatMissingData: Missing.MISSING,
    why: "The Redis engine's thread is saturated: commands queue.",
    source: `${RECOMMENDED}#ElastiCache`,
    appliesTo: (r) => r.facts.cacheNodeType !== undefined && !smallCacheNode(r),
    appliesToText: 'node types of more than 2 vCPUs, per member node',
    targets: cacheMembers,
  },
  {
    id: 'cache-memory',
    resourceKind: 'cache-replication-group',
    title: 'Cache memory',
    metric: { namespace: CACHE, metricName: 'DatabaseMemoryUsagePercentage', statistic: 'Average' },
    periodSeconds: 60,
    comparison: Op.GREATER_THAN_THRESHOLD,
    threshold: 80,
    unit: 'percent',
    evaluationPeriods: 5,
    datapointsToAlarm: 5,
    treatMissingData: Missing.MISSING,
    why: 'The cache is close to maxmemory: next it evicts keys (sessions, carts) or refuses writes.',
    source: `${RECOMMENDED}#ElastiCache`,
    appliesToText: 'per member node',
    targets: cacheMembers,
  },
  {
    id: 'cache-evictions',
    resourceKind: 'cache-replication-group',
    title: 'Cache evictions',
    metric: { namespace: CACHE, metricName: 'Evictions', statistic: 'Sum' },
    periodSeconds: 60,
    comparison: Op.GREATER_THAN_THRESHOLD,
    threshold: 0,
    unit: 'count',
    evaluationPeriods: 5,
    datapointsToAlarm: 5,
    treatMissingData: Missing.NOT_BREACHING,
    why: 'Redis evicts keys five minutes in a row: the cache is too small for the data.',
    source: `${RECOMMENDED}#ElastiCache`,
    appliesToText: 'per member node',
    targets: cacheMembers,
  },
  {
    id: 'dynamodb-throttles',
    resourceKind: 'dynamodb-table',
    title: 'Table throttled requests',
    expression: {
      expression: 'FILL(reads, 0) + FILL(writes, 0)',
      metrics: {
        reads: { namespace: 'AWS/DynamoDB', metricName: 'ReadThrottleEvents', statistic: 'Sum' },
        writes: { namespace: 'AWS/DynamoDB', metricName: 'WriteThrottleEvents', statistic: 'Sum' },
      },
    },
    periodSeconds: 60,
    comparison: Op.GREATER_THAN_THRESHOLD,
    threshold: 0,
    unit: 'count',
    evaluationPeriods: 5,
    datapointsToAlarm: 5,
    treatMissingData: Missing.NOT_BREACHING,
    why: 'Reads or writes are throttled five minutes in a row: the table needs more capacity.',
    source: `${RECOMMENDED}#DynamoDB`,
  },
  {
    id: 'dynamodb-system-errors',
    resourceKind: 'dynamodb-table',
    title: 'Table system errors',
    expression: {
      expression: DYNAMODB_OPERATIONS.map((_, i) => `FILL(op${i}, 0)`).join(' + '),
      metrics: Object.fromEntries(
        DYNAMODB_OPERATIONS.map((operation, i) => [
          `op${i}`,
          {
            namespace: 'AWS/DynamoDB',
            metricName: 'SystemErrors',
            statistic: 'Sum',
            extraDimensions: { Operation: operation },
          },
        ]),
      ),
    },
    periodSeconds: 60,
    comparison: Op.GREATER_THAN_THRESHOLD,
    threshold: 0,
    unit: 'count',
    evaluationPeriods: 5,
    datapointsToAlarm: 5,
    treatMissingData: Missing.NOT_BREACHING,
    why: `DynamoDB answers HTTP 500 (${DYNAMODB_OPERATIONS.length} operations summed) five minutes in a row.`,
    source: `${RECOMMENDED}#DynamoDB`,
  },
  {
    id: 'sqs-message-age',
    resourceKind: 'sqs-queue',
    title: 'Age of the oldest message',
    metric: { namespace: 'AWS/SQS', metricName: 'ApproximateAgeOfOldestMessage', statistic: 'Maximum' },
    periodSeconds: 60,
    comparison: Op.GREATER_THAN_THRESHOLD,
    threshold: 900,
    unit: 'seconds',
    evaluationPeriods: 15,
    datapointsToAlarm: 15,
    treatMissingData: Missing.NOT_BREACHING,
    why: 'Messages wait more than 15 minutes, 15 minutes in a row: the consumers are stuck or too few.',
    source: `${RECOMMENDED}#SQS`,
    appliesTo: (r) => r.facts.deadLetterQueue !== true,
    appliesToText: 'queues that are not dead-letter queues',
  },
  {
    id: 'sqs-dead-letters',
    resourceKind: 'sqs-queue',
    title: 'Messages in the dead-letter queue',
    metric: { namespace: 'AWS/SQS', metricName: 'ApproximateNumberOfMessagesVisible', statistic: 'Maximum' },
    periodSeconds: 60,
    comparison: Op.GREATER_THAN_THRESHOLD,
    threshold: 0,
    unit: 'count',
    evaluationPeriods: 1,
    datapointsToAlarm: 1,
    treatMissingData: Missing.NOT_BREACHING,
    why: 'A message failed every retry and waits for someone to look at it.',
    source: `${RECOMMENDED}#SQS`,
    appliesTo: (r) => r.facts.deadLetterQueue === true,
    appliesToText: 'dead-letter queues only',
  },
];
