import { MetricSpec, MonitoredResource, ResourceKind } from './monitored-resource';

/*
 * The shop dashboard's data: for each resource kind, the four golden signals (traffic, errors,
 * latency, saturation) as CloudWatch metrics of that kind's resources, or metric math over them,
 * each with the AWS page that lists the metric, its dimensions and its unit. A signal a service
 * publishes no metric for is empty (ECS publishes no request count: the target group's row shows
 * the service's traffic). Internal: not exported from the package.
 */

/** The four golden signals, in the order of a dashboard row. */
export type GoldenSignal = 'traffic' | 'errors' | 'latency' | 'saturation';

/** The signals in row order. */
export const GOLDEN_SIGNALS: readonly GoldenSignal[] = ['traffic', 'errors', 'latency', 'saturation'];

/**
 * One line of a signal's graph, drawn once per resource (and per `dimensionSets` entry): a metric,
 * or a metric math `expression` over the metrics of `usingMetrics` (ids: lowercase letters and
 * digits; the dashboard makes them unique per resource).
 */
export interface SignalLine {
  /** What the line shows, e.g. `5XX rate (%)`; the resource's label is put in front. */
  readonly label: string;
  readonly metric?: MetricSpec;
  readonly expression?: string;
  readonly usingMetrics?: { readonly [id: string]: MetricSpec };
  /**
   * The dimension sets to draw the line for, when they are not the resource's own (e.g. one per
   * ElastiCache member cluster). An empty list draws nothing for that resource.
   */
  readonly dimensionSets?: (resource: MonitoredResource) => Array<{ readonly [name: string]: string }>;
  /** Only for the resources this holds for (e.g. dead-letter queues, read replicas). */
  readonly appliesTo?: (resource: MonitoredResource) => boolean;
}

/** A kind's row: a title, the lines of each signal, and where the facts come from. */
export interface KindSignals {
  /** The row's title, e.g. `Load balancers`. */
  readonly title: string;
  readonly signals: { readonly [signal in GoldenSignal]: readonly SignalLine[] };
  /** The graphs' left axis unit per signal, shown in the widget title, e.g. `%`. */
  readonly units?: { readonly [signal in GoldenSignal]?: string };
  /** The AWS documentation of the metrics and dimensions used. */
  readonly sources: readonly string[];
}

const ALB = 'AWS/ApplicationELB';
const ECS = 'AWS/ECS';
const EC2 = 'AWS/EC2';
const RDS = 'AWS/RDS';
const CACHE = 'AWS/ElastiCache';
const SQS = 'AWS/SQS';

const sum = (namespace: string, metricName: string): MetricSpec => ({
  namespace,
  metricName,
  statistic: 'Sum',
});
const avg = (namespace: string, metricName: string): MetricSpec => ({
  namespace,
  metricName,
  statistic: 'Average',
});
const max = (namespace: string, metricName: string): MetricSpec => ({
  namespace,
  metricName,
  statistic: 'Maximum',
});
const min = (namespace: string, metricName: string): MetricSpec => ({
  namespace,
  metricName,
  statistic: 'Minimum',
});
const stat = (namespace: string, metricName: string, statistic: string): MetricSpec => ({
  namespace,
  metricName,
  statistic,
});

/**
 * ElastiCache publishes its host and engine metrics per node: `CacheClusterId` (a replication
 * group's member cluster, `<group>-001`, …) and `CacheNodeId`; a member cluster of a replication
 * group has one node, `0001`.
 * https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/CacheMetrics.html ("measured and
 * published for each Cache node"), https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/CloudWatchMetrics.html
 */
export function cacheNodeDimensions(resource: MonitoredResource): Array<{ [name: string]: string }> {
  return (resource.facts.cacheClusterIds ?? []).map((id) => ({ CacheClusterId: id, CacheNodeId: '0001' }));
}

const perCacheNode = { dimensionSets: cacheNodeDimensions };

/** The signals of each kind the dashboard draws; kinds without an entry get no row. */
export const DASHBOARD_SIGNALS: { readonly [kind in ResourceKind]?: KindSignals } = {
  // https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-cloudwatch-metrics.html
  // (metrics by LoadBalancer; TargetResponseTime in seconds)
  'load-balancer': {
    title: 'Load balancers',
    signals: {
      traffic: [{ label: 'requests', metric: sum(ALB, 'RequestCount') }],
      errors: [
        {
          label: 'load balancer 5XX rate (%)',
          expression: '100 * errors / requests',
          usingMetrics: { errors: sum(ALB, 'HTTPCode_ELB_5XX_Count'), requests: sum(ALB, 'RequestCount') },
        },
        {
          label: 'target 5XX rate (%)',
          expression: '100 * errors / requests',
          usingMetrics: { errors: sum(ALB, 'HTTPCode_Target_5XX_Count'), requests: sum(ALB, 'RequestCount') },
        },
      ],
      latency: [
        { label: 'target response time p99 (s)', metric: stat(ALB, 'TargetResponseTime', 'p99') },
        { label: 'target response time p50 (s)', metric: stat(ALB, 'TargetResponseTime', 'p50') },
      ],
      saturation: [
        { label: 'active connections', metric: sum(ALB, 'ActiveConnectionCount') },
        { label: 'rejected connections', metric: sum(ALB, 'RejectedConnectionCount') },
      ],
    },
    units: { errors: '%', latency: 's' },
    sources: [
      'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-cloudwatch-metrics.html',
    ],
  },
  // same page: per target group by TargetGroup + LoadBalancer (the resource's dimensions)
  'target-group': {
    title: 'Target groups',
    signals: {
      traffic: [{ label: 'requests', metric: sum(ALB, 'RequestCount') }],
      errors: [
        {
          label: 'target 5XX rate (%)',
          expression: '100 * errors / requests',
          usingMetrics: { errors: sum(ALB, 'HTTPCode_Target_5XX_Count'), requests: sum(ALB, 'RequestCount') },
        },
      ],
      latency: [{ label: 'response time p99 (s)', metric: stat(ALB, 'TargetResponseTime', 'p99') }],
      saturation: [
        { label: 'unhealthy hosts', metric: max(ALB, 'UnHealthyHostCount') },
        { label: 'healthy hosts', metric: min(ALB, 'HealthyHostCount') },
      ],
    },
    units: { errors: '%', latency: 's' },
    sources: [
      'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-cloudwatch-metrics.html',
    ],
  },
  // https://docs.aws.amazon.com/AmazonECS/latest/developerguide/available-metrics.html
  // (CPUUtilization, MemoryUtilization by ClusterName + ServiceName, percent; no traffic,
  // error or latency metric in AWS/ECS)
  'ecs-service': {
    title: 'Services (ECS)',
    signals: {
      traffic: [],
      errors: [],
      latency: [],
      saturation: [
        { label: 'CPU (%)', metric: avg(ECS, 'CPUUtilization') },
        { label: 'memory (%)', metric: avg(ECS, 'MemoryUtilization') },
      ],
    },
    units: { saturation: '%' },
    sources: ['https://docs.aws.amazon.com/AmazonECS/latest/developerguide/available-metrics.html'],
  },
  // https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/viewing_metrics_with_cloudwatch.html
  // (by InstanceId; NetworkIn/Out bytes, StatusCheckFailed 0/1, CPUUtilization percent)
  'ec2-instance': {
    title: 'Instances (EC2)',
    signals: {
      traffic: [
        { label: 'network in (bytes)', metric: sum(EC2, 'NetworkIn') },
        { label: 'network out (bytes)', metric: sum(EC2, 'NetworkOut') },
      ],
      errors: [{ label: 'status check failed', metric: max(EC2, 'StatusCheckFailed') }],
      latency: [],
      saturation: [{ label: 'CPU (%)', metric: avg(EC2, 'CPUUtilization') }],
    },
    units: { saturation: '%' },
    sources: ['https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/viewing_metrics_with_cloudwatch.html'],
  },
  // https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/CacheMetrics.Redis.html (engine
  // metrics: GetTypeCmds, SetTypeCmds counts, *Latency in microseconds, Evictions,
  // EngineCPUUtilization and DatabaseMemoryUsagePercentage percent, CurrConnections)
  'cache-replication-group': {
    title: 'Cache (ElastiCache)',
    signals: {
      traffic: [
        { label: 'get commands', metric: sum(CACHE, 'GetTypeCmds'), ...perCacheNode },
        { label: 'set commands', metric: sum(CACHE, 'SetTypeCmds'), ...perCacheNode },
      ],
      errors: [{ label: 'evictions', metric: sum(CACHE, 'Evictions'), ...perCacheNode }],
      latency: [
        { label: 'get latency (µs)', metric: avg(CACHE, 'GetTypeCmdsLatency'), ...perCacheNode },
        { label: 'set latency (µs)', metric: avg(CACHE, 'SetTypeCmdsLatency'), ...perCacheNode },
      ],
      saturation: [
        { label: 'engine CPU (%)', metric: avg(CACHE, 'EngineCPUUtilization'), ...perCacheNode },
        { label: 'memory used (%)', metric: avg(CACHE, 'DatabaseMemoryUsagePercentage'), ...perCacheNode },
      ],
    },
    units: { latency: 'µs', saturation: '%' },
    sources: [
      'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/CacheMetrics.Redis.html',
      'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/CacheMetrics.html',
    ],
  },
  // https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-metrics.html (by
  // DBInstanceIdentifier; Read/WriteIOPS per second, Read/WriteLatency and ReplicaLag in seconds,
  // CPUUtilization percent, DatabaseConnections count, FreeStorageSpace bytes)
  'rds-instance': {
    title: 'Databases (RDS)',
    signals: {
      traffic: [
        { label: 'read IOPS', metric: avg(RDS, 'ReadIOPS') },
        { label: 'write IOPS', metric: avg(RDS, 'WriteIOPS') },
      ],
      errors: [],
      latency: [
        { label: 'read latency (s)', metric: avg(RDS, 'ReadLatency') },
        { label: 'write latency (s)', metric: avg(RDS, 'WriteLatency') },
        {
          label: 'replica lag (s)',
          metric: max(RDS, 'ReplicaLag'),
          appliesTo: (r) => r.facts.readReplica === true,
        },
      ],
      saturation: [
        { label: 'CPU (%)', metric: avg(RDS, 'CPUUtilization') },
        { label: 'connections', metric: max(RDS, 'DatabaseConnections') },
      ],
    },
    units: { latency: 's' },
    sources: ['https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-metrics.html'],
  },
  // https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-available-cloudwatch-metrics.html
  // (by QueueName; ApproximateAgeOfOldestMessage in seconds)
  'sqs-queue': {
    title: 'Queues (SQS)',
    signals: {
      traffic: [
        { label: 'sent', metric: sum(SQS, 'NumberOfMessagesSent') },
        { label: 'received', metric: sum(SQS, 'NumberOfMessagesReceived') },
      ],
      errors: [
        {
          label: 'dead letters',
          metric: max(SQS, 'ApproximateNumberOfMessagesVisible'),
          appliesTo: (r) => r.facts.deadLetterQueue === true,
        },
      ],
      latency: [{ label: 'age of oldest message (s)', metric: max(SQS, 'ApproximateAgeOfOldestMessage') }],
      saturation: [
        {
          label: 'visible',
          metric: max(SQS, 'ApproximateNumberOfMessagesVisible'),
          appliesTo: (r) => r.facts.deadLetterQueue !== true,
        },
        { label: 'in flight', metric: max(SQS, 'ApproximateNumberOfMessagesNotVisible') },
      ],
    },
    units: { latency: 's' },
    sources: [
      'https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-available-cloudwatch-metrics.html',
    ],
  },
};

/** The metric specs a line draws for one resource: one per dimension set, none when it does not apply. */
export function lineDimensionSets(
  line: SignalLine,
  resource: MonitoredResource,
): Array<{ readonly [name: string]: string } | undefined> {
  if (line.appliesTo && !line.appliesTo(resource)) return [];
  return line.dimensionSets ? line.dimensionSets(resource) : [undefined];
}
