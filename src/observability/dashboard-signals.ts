import {
  avg,
  GOLDEN_SIGNALS,
  KindSignals,
  max,
  min,
  perCacheNode,
  perInstancePeriod,
  stat,
  sum,
} from './dashboard-signal';
import { MORE_SIGNALS } from './dashboard-signals-more';
import { ResourceKind } from './monitored-resource';

/*
 * The shop dashboard's data: for each resource kind, the four golden signals (traffic, errors,
 * latency, saturation) as CloudWatch metrics of that kind's resources, or metric math over them,
 * each with the AWS page that lists the metric, its dimensions and its unit. A signal a service
 * publishes no metric for is empty (ECS publishes no request count: the target group's row shows
 * the service's traffic). Internal: not exported from the package.
 */

const ALB = 'AWS/ApplicationELB';
const ECS = 'AWS/ECS';
const EC2 = 'AWS/EC2';
const RDS = 'AWS/RDS';
const CACHE = 'AWS/ElastiCache';
const SQS = 'AWS/SQS';

/**
 * A 5XX rate in percent: the load balancer publishes the 5XX counts only for minutes that have
 * some, so a minute without is 0 %, and one without requests has no point.
 */
const RATE = '100 * FILL(errors, 0) / requests';

/** The kinds the shops are made of. */
const SHOP_SIGNALS: { readonly [kind in ResourceKind]?: KindSignals } = {
  // https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-cloudwatch-metrics.html
  // (metrics by LoadBalancer; TargetResponseTime in seconds)
  'load-balancer': {
    title: 'Load balancers',
    signals: {
      traffic: [{ label: 'requests', metric: sum(ALB, 'RequestCount') }],
      errors: [
        {
          label: 'load balancer 5XX rate (%)',
          expression: RATE,
          usingMetrics: { errors: sum(ALB, 'HTTPCode_ELB_5XX_Count'), requests: sum(ALB, 'RequestCount') },
        },
        {
          label: 'target 5XX rate (%)',
          expression: RATE,
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
          expression: RATE,
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
        { label: 'network in (bytes)', metric: sum(EC2, 'NetworkIn'), ...perInstancePeriod },
        { label: 'network out (bytes)', metric: sum(EC2, 'NetworkOut'), ...perInstancePeriod },
      ],
      errors: [{ label: 'status check failed', metric: max(EC2, 'StatusCheckFailed') }],
      latency: [],
      saturation: [
        { label: 'CPU (%)', metric: avg(EC2, 'CPUUtilization'), ...perInstancePeriod },
        // the CloudWatch agent of a SingleHostShop's host: memory by InstanceId, every minute
        // (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/metrics-collected-by-CloudWatch-agent.html)
        {
          label: 'memory (%)',
          metricFor: (r) =>
            r.facts.agentNamespace === undefined
              ? undefined
              : avg(r.facts.agentNamespace, 'mem_used_percent'),
        },
      ],
    },
    units: { saturation: '%' },
    sources: [
      'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/viewing_metrics_with_cloudwatch.html',
      'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/using-cloudwatch-new.html',
    ],
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

/** The signals of each kind the dashboard draws; kinds without an entry get no row. */
export const DASHBOARD_SIGNALS: { readonly [kind in ResourceKind]?: KindSignals } = {
  ...SHOP_SIGNALS,
  ...MORE_SIGNALS,
};

export { GOLDEN_SIGNALS };
