/**
 * What each AWS service publishes to CloudWatch, written from AWS's documentation (each
 * namespace names its "metrics and dimensions" page), for the proof that every alarm can fire
 * (`alarm-publication-check.ts`). Independent of the code that makes the alarms: nothing here
 * is read from `src/`.
 *
 * For each namespace: the metrics, each with the dimension sets it is published under (an
 * alarm matches a metric only with exactly one of those sets: one extra or one missing
 * dimension matches nothing), the statistics that make sense for it, the shortest period it
 * has data for; for each dimension, where its value must come from (a resource type and
 * attribute, e.g. `LoadBalancer` = `Fn::GetAtt [<ALB>, LoadBalancerFullName]`, or a literal);
 * and the region the service publishes in when it is not the resource's own.
 */

import {
  API_GATEWAY,
  CLOUDFRONT,
  DYNAMODB,
  EVENTS,
  LAMBDA,
  STATES,
  SYNTHETICS,
  WAFV2,
} from './metric-publications-serverless';
import { ALL, AZ, COUNT, each, GAUGE, NamespacePublication, ref, ValueSource } from './publication-model';

export { CLOUDFRONT_ADDITIONAL_METRICS } from './metric-publications-serverless';
export * from './publication-model';

// https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-cloudwatch-metrics.html
const ALB_LB = [['LoadBalancer'], ['AvailabilityZone', 'LoadBalancer']];
const ALB_ALL = [
  ...ALB_LB,
  ['LoadBalancer', 'TargetGroup'],
  ['AvailabilityZone', 'LoadBalancer', 'TargetGroup'],
];
const ALB_TG = [
  ['LoadBalancer', 'TargetGroup'],
  ['AvailabilityZone', 'LoadBalancer', 'TargetGroup'],
];
const APPLICATION_ELB: NamespacePublication = {
  namespace: 'AWS/ApplicationELB',
  source:
    'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-cloudwatch-metrics.html',
  dimensions: {
    LoadBalancer: [ref('AWS::ElasticLoadBalancingV2::LoadBalancer', 'LoadBalancerFullName')],
    TargetGroup: [ref('AWS::ElasticLoadBalancingV2::TargetGroup', 'TargetGroupFullName')],
    AvailabilityZone: [AZ],
  },
  metrics: {
    ...each(
      `ActiveConnectionCount NewConnectionCount RejectedConnectionCount ProcessedBytes
    ClientTLSNegotiationErrorCount HTTPCode_ELB_3XX_Count HTTPCode_ELB_4XX_Count
    HTTPCode_ELB_5XX_Count HTTPCode_ELB_500_Count HTTPCode_ELB_502_Count
    HTTPCode_ELB_503_Count HTTPCode_ELB_504_Count HTTP_Redirect_Count
    HTTP_Fixed_Response_Count`,
      { dimensionSets: ALB_LB, statistics: COUNT },
    ),
    ConsumedLCUs: { dimensionSets: [['LoadBalancer']], statistics: ['Sum', 'Average', 'Maximum'] },
    ...each(
      `RequestCount HTTPCode_Target_2XX_Count HTTPCode_Target_3XX_Count
    HTTPCode_Target_4XX_Count HTTPCode_Target_5XX_Count TargetConnectionErrorCount
    TargetTLSNegotiationErrorCount`,
      { dimensionSets: ALB_ALL, statistics: COUNT },
    ),
    TargetResponseTime: { dimensionSets: ALB_ALL, statistics: GAUGE, percentiles: true },
    RequestCountPerTarget: {
      dimensionSets: [['TargetGroup'], ['LoadBalancer', 'TargetGroup']],
      statistics: COUNT,
    },
    ...each(`HealthyHostCount UnHealthyHostCount`, { dimensionSets: ALB_TG, statistics: GAUGE }),
    ...each(`HealthyStateDNS HealthyStateRouting UnhealthyStateDNS UnhealthyStateRouting`, {
      dimensionSets: ALB_TG,
      statistics: GAUGE,
    }),
  },
};

// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/available-metrics.html
const ECS: NamespacePublication = {
  namespace: 'AWS/ECS',
  source: 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/available-metrics.html',
  dimensions: {
    ClusterName: [ref('AWS::ECS::Cluster')],
    ServiceName: [ref('AWS::ECS::Service', 'Name')],
  },
  metrics: {
    // The page lists Average, Minimum and Maximum as the useful statistics. SampleCount is allowed
    // because ShopQueue's backlog scaling and the catalog's running-tasks alarm read it as the
    // number of running tasks, which no AWS page states: the Fargate guide says "it collects
    // multiple data points every minute. It then aggregates them to one data point ... one sample
    // count is actually the aggregate of multiple data points during one minute"
    // (https://docs.aws.amazon.com/AmazonECS/latest/userguide/cloudwatch-metrics.html). Unverified.
    ...each(`CPUUtilization MemoryUtilization`, {
      dimensionSets: [['ClusterName'], ['ClusterName', 'ServiceName']],
      statistics: [...GAUGE, 'SampleCount'],
    }),
    ...each(`CPUReservation MemoryReservation GPUReservation`, {
      dimensionSets: [['ClusterName']],
      statistics: GAUGE,
    }),
  },
};

// https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Container-Insights-metrics-ECS.html
const CONTAINER_INSIGHTS: NamespacePublication = {
  namespace: 'ECS/ContainerInsights',
  source:
    'https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Container-Insights-metrics-ECS.html',
  dimensions: {
    ClusterName: [ref('AWS::ECS::Cluster')],
    ServiceName: [ref('AWS::ECS::Service', 'Name')],
    TaskDefinitionFamily: [{ kind: 'property', resourceType: 'AWS::ECS::TaskDefinition', path: ['Family'] }],
  },
  metrics: {
    ...each(
      `CpuUtilized CpuReserved MemoryUtilized MemoryReserved NetworkRxBytes NetworkTxBytes
    StorageReadBytes StorageWriteBytes EphemeralStorageUtilized EphemeralStorageReserved`,
      {
        dimensionSets: [
          ['ClusterName'],
          ['ClusterName', 'ServiceName'],
          ['ClusterName', 'TaskDefinitionFamily'],
        ],
        statistics: ALL,
      },
    ),
    ...each(`RunningTaskCount PendingTaskCount DesiredTaskCount DeploymentCount TaskSetCount`, {
      dimensionSets: [['ClusterName', 'ServiceName']],
      statistics: GAUGE,
    }),
    ...each(`ServiceCount TaskCount ContainerInstanceCount`, {
      dimensionSets: [['ClusterName']],
      statistics: GAUGE,
    }),
  },
};

// https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/viewing_metrics_with_cloudwatch.html
// Basic monitoring sends instance metrics every 5 minutes, detailed monitoring (Monitoring: true)
// every minute; status checks are every minute either way, burst credits every 5 minutes.
const EC2: NamespacePublication = {
  namespace: 'AWS/EC2',
  source: 'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/viewing_metrics_with_cloudwatch.html',
  dimensions: {
    InstanceId: [ref('AWS::EC2::Instance')],
    AutoScalingGroupName: [ref('AWS::AutoScaling::AutoScalingGroup')],
  },
  metrics: {
    ...each(
      `CPUUtilization NetworkIn NetworkOut NetworkPacketsIn NetworkPacketsOut DiskReadOps
    DiskWriteOps DiskReadBytes DiskWriteBytes EBSReadOps EBSWriteOps EBSReadBytes
    EBSWriteBytes EBSIOBalance% EBSByteBalance% MetadataNoToken`,
      { dimensionSets: [['InstanceId'], ['AutoScalingGroupName']], statistics: ALL, minPeriodSeconds: 300 },
    ),
    ...each(`CPUCreditUsage CPUCreditBalance CPUSurplusCreditBalance CPUSurplusCreditsCharged`, {
      dimensionSets: [['InstanceId'], ['AutoScalingGroupName']],
      statistics: ALL,
      minPeriodSeconds: 300,
    }),
    ...each(
      `StatusCheckFailed StatusCheckFailed_Instance StatusCheckFailed_System
    StatusCheckFailed_AttachedEBS`,
      {
        dimensionSets: [['InstanceId'], ['AutoScalingGroupName']],
        statistics: ['Maximum', 'Minimum', 'Average', 'Sum'],
      },
    ),
  },
};

/** Instance metrics with a one-minute period need detailed monitoring on the instance. */
export const EC2_DETAILED_MONITORING_METRICS = new Set(
  Object.entries(EC2.metrics)
    .filter(
      ([name, p]) =>
        p.minPeriodSeconds === 300 && !name.startsWith('CPUCredit') && !name.startsWith('CPUSurplus'),
    )
    .map(([name]) => name),
);

// https://docs.aws.amazon.com/vpc/latest/userguide/vpc-nat-gateway-cloudwatch.html
const NAT_GATEWAY: NamespacePublication = {
  namespace: 'AWS/NATGateway',
  source: 'https://docs.aws.amazon.com/vpc/latest/userguide/vpc-nat-gateway-cloudwatch.html',
  dimensions: { NatGatewayId: [ref('AWS::EC2::NatGateway')] },
  metrics: {
    ...each(
      `BytesInFromDestination BytesInFromSource BytesOutToDestination BytesOutToSource
    ConnectionAttemptCount ConnectionEstablishedCount ErrorPortAllocation IdleTimeoutCount
    PacketsDropCount PacketsInFromDestination PacketsInFromSource PacketsOutToDestination
    PacketsOutToSource`,
      { dimensionSets: [['NatGatewayId']], statistics: COUNT },
    ),
    ...each(`ActiveConnectionCount PeakBytesPerSecond PeakPacketsPerSecond`, {
      dimensionSets: [['NatGatewayId']],
      statistics: ['Maximum'],
    }),
  },
};

// https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-metrics.html
// https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/dimensions.html
const RDS: NamespacePublication = {
  namespace: 'AWS/RDS',
  source: 'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-metrics.html',
  dimensions: {
    DBInstanceIdentifier: [ref('AWS::RDS::DBInstance')],
    DBClusterIdentifier: [ref('AWS::RDS::DBCluster')],
  },
  metrics: each(
    `CPUUtilization DatabaseConnections FreeStorageSpace FreeableMemory ReadIOPS WriteIOPS
    ReadLatency WriteLatency ReadThroughput WriteThroughput DiskQueueDepth SwapUsage
    ReplicaLag BurstBalance CPUCreditBalance CPUCreditUsage NetworkReceiveThroughput
    NetworkTransmitThroughput TransactionLogsDiskUsage TransactionLogsGeneration
    OldestReplicationSlotLag ReplicationSlotDiskUsage MaximumUsedTransactionIDs
    CheckpointLag EBSIOBalance% EBSByteBalance% FreeLocalStorage`,
    { dimensionSets: [['DBInstanceIdentifier']], statistics: ALL },
  ),
};

/**
 * ElastiCache node metrics are published per member cluster: `<replication group id>-001`... with
 * cluster mode disabled, `<group>-0001-001`... with it enabled, never by the group's id.
 */
const memberCluster: ValueSource = {
  kind: 'attribute',
  resourceType: 'AWS::ElastiCache::ReplicationGroup',
  attribute: 'Ref',
  suffix: /^(-\d{4})?-\d{3}$/,
  check: (properties, suffix) => {
    const [shard, member] =
      suffix.slice(1).split('-').length === 2 ? suffix.slice(1).split('-') : [undefined, suffix.slice(1)];
    const shards = Number(properties.NumNodeGroups ?? 1);
    const members = properties.NumCacheClusters ?? 1 + Number(properties.ReplicasPerNodeGroup ?? 0);
    if (shard !== undefined && Number(shard) > shards) return `shard ${shard} of a group of ${shards}`;
    if (Number(member) < 1 || Number(member) > Number(members)) {
      return `member ${member} of a group of ${members}`;
    }
    return undefined;
  },
};
// https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/CacheMetrics.HostLevel.html
// https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/CacheMetrics.Redis.html
const ELASTICACHE_SETS = [['CacheClusterId'], ['CacheClusterId', 'CacheNodeId']];
const ELASTICACHE: NamespacePublication = {
  namespace: 'AWS/ElastiCache',
  source: 'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/CacheMetrics.HostLevel.html',
  dimensions: {
    CacheClusterId: [memberCluster, ref('AWS::ElastiCache::CacheCluster')],
    CacheNodeId: [{ kind: 'literal', value: /^\d{4}$/, what: 'a node id (0001)' }],
  },
  metrics: {
    ...each(
      `CPUUtilization FreeableMemory NetworkBytesIn NetworkBytesOut NetworkPacketsIn
    NetworkPacketsOut SwapUsage CPUCreditBalance CPUCreditUsage EngineCPUUtilization
    DatabaseMemoryUsagePercentage DatabaseCapacityUsagePercentage CurrConnections
    NewConnections Evictions ReplicationLag ReplicationBytes CacheHits CacheMisses
    CacheHitRate BytesUsedForCache CurrItems IsMaster MemoryFragmentationRatio
    NetworkBandwidthInAllowanceExceeded NetworkBandwidthOutAllowanceExceeded SaveInProgress
    CurrVolatileItems Reclaimed MasterLinkHealthStatus AuthenticationFailures
    CommandAuthorizationFailures KeyAuthorizationFailures TrafficManagementActive
    NetworkConntrackAllowanceExceeded NetworkPacketsPerSecondAllowanceExceeded`,
      { dimensionSets: ELASTICACHE_SETS, statistics: ALL },
    ),
    // the engine's command counts and their latency (microseconds), per command family
    ...each(
      `GetTypeCmds SetTypeCmds KeyBasedCmds StringBasedCmds HashBasedCmds ListBasedCmds
    SetBasedCmds SortedSetBasedCmds EvalBasedCmds PubSubBasedCmds NonKeyTypeCmds
    GetTypeCmdsLatency SetTypeCmdsLatency KeyBasedCmdsLatency StringBasedCmdsLatency
    HashBasedCmdsLatency ListBasedCmdsLatency SetBasedCmdsLatency SortedSetBasedCmdsLatency
    EvalBasedCmdsLatency PubSubBasedCmdsLatency NonKeyTypeCmdsLatency`,
      { dimensionSets: ELASTICACHE_SETS, statistics: ALL },
    ),
  },
};

// https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-available-cloudwatch-metrics.html
const SQS: NamespacePublication = {
  namespace: 'AWS/SQS',
  source:
    'https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-available-cloudwatch-metrics.html',
  dimensions: { QueueName: [ref('AWS::SQS::Queue', 'QueueName')] },
  metrics: each(
    `ApproximateAgeOfOldestMessage ApproximateNumberOfMessagesDelayed
    ApproximateNumberOfMessagesNotVisible ApproximateNumberOfMessagesVisible
    NumberOfEmptyReceives NumberOfMessagesDeleted NumberOfMessagesReceived
    NumberOfMessagesSent SentMessageSize ApproximateNumberOfGroupsWithInflightMessages
    NumberOfDeduplicatedSentMessages`,
    { dimensionSets: [['QueueName']], statistics: ALL },
  ),
};

/** Every AWS namespace of the table, by name. */
export const AWS_PUBLICATIONS: { readonly [namespace: string]: NamespacePublication } = Object.fromEntries(
  [
    APPLICATION_ELB,
    ECS,
    CONTAINER_INSIGHTS,
    EC2,
    NAT_GATEWAY,
    RDS,
    ELASTICACHE,
    SQS,
    LAMBDA,
    API_GATEWAY,
    DYNAMODB,
    CLOUDFRONT,
    WAFV2,
    SYNTHETICS,
    EVENTS,
    STATES,
  ].map((p) => [p.namespace, p]),
);
