import { CfnResource, Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';

/*
 * The internal model ShopObservability works on: every resource it found in the shop (or the
 * scope), with the dimensions its AWS service publishes metrics under and the facts its alarm
 * thresholds are derived from. Discovery (`discovery.ts`) builds it from the construct tree; the
 * alarm catalog, the composites, the dashboard and the uptime checks read it. Not exported from
 * the package: nothing here is public API.
 */

/** The resource types ShopObservability knows, one per CloudFormation type it monitors. */
export type ResourceKind =
  | 'cloudfront-distribution'
  | 'waf-web-acl'
  | 'load-balancer'
  | 'target-group'
  | 'ecs-service'
  | 'ec2-instance'
  | 'nat-gateway'
  | 'lambda-function'
  | 'rest-api'
  | 'http-api'
  | 'rds-instance'
  | 'cache-replication-group'
  | 'dynamodb-table'
  | 'sqs-queue';

/** Where a resource sits in a request's path: the dashboard's rows and the composites group by it. */
export type Tier = 'edge' | 'app' | 'data';

/**
 * The dashboard's row order, the order a request meets the resources (edge → load balancer →
 * services → cache → database → queue).
 */
export const REQUEST_ORDER: readonly ResourceKind[] = [
  'cloudfront-distribution',
  'waf-web-acl',
  'load-balancer',
  'target-group',
  'rest-api',
  'http-api',
  'ecs-service',
  'ec2-instance',
  'lambda-function',
  'nat-gateway',
  'cache-replication-group',
  'rds-instance',
  'dynamodb-table',
  'sqs-queue',
];

/** The tier of each kind. */
export const TIER_OF: { readonly [kind in ResourceKind]: Tier } = {
  'cloudfront-distribution': 'edge',
  'waf-web-acl': 'edge',
  'load-balancer': 'app',
  'target-group': 'app',
  'rest-api': 'app',
  'http-api': 'app',
  'ecs-service': 'app',
  'ec2-instance': 'app',
  'lambda-function': 'app',
  'nat-gateway': 'app',
  'cache-replication-group': 'data',
  'rds-instance': 'data',
  'dynamodb-table': 'data',
  'sqs-queue': 'data',
};

/**
 * One resource ShopObservability monitors.
 *
 * `dimensions` are the dimensions (name → value, tokens allowed) its service publishes its
 * resource-level metrics under, e.g. `{ LoadBalancer: <ALB full name app/…/…> }` or
 * `{ ClusterName, ServiceName }`. Metrics published under other dimension sets (ElastiCache node
 * metrics by `CacheClusterId`, ALB metrics by `TargetGroup` + `LoadBalancer`) are in `facts`.
 */
export interface MonitoredResource {
  readonly kind: ResourceKind;
  readonly tier: Tier;
  /** The CloudFormation resource. */
  readonly resource: CfnResource;
  /** A short name for alarm descriptions and dashboard titles: the construct path below the scope. */
  readonly label: string;
  /** The metrics' dimensions (name → value). */
  readonly dimensions: { readonly [name: string]: string };
  /**
   * The region the service publishes the metrics in, when it is not the stack's
   * (CloudFront and CLOUDFRONT-scope WAF metrics are in us-east-1 only).
   */
  readonly metricRegion?: string;
  /** What the thresholds are derived from; each kind fills the fields that apply to it. */
  readonly facts: ResourceFacts;
}

/** Facts a threshold or a dashboard widget needs; undefined when not known at synth time. */
export interface ResourceFacts {
  /** rds-instance: the instance class, e.g. `db.t4g.medium`. */
  readonly instanceClass?: string;
  /** rds-instance: the engine, e.g. `postgres`. */
  readonly engine?: string;
  /** rds-instance: allocated storage in GiB. */
  readonly allocatedStorageGiB?: number;
  /** rds-instance: true for a read replica. */
  readonly readReplica?: boolean;
  /** cache-replication-group: the node type, e.g. `cache.t4g.small`. */
  readonly cacheNodeType?: string;
  /** cache-replication-group: the member cluster ids node metrics are published by (`<group>-001`, …). */
  readonly cacheClusterIds?: string[];
  /** ecs-service: the least number of tasks it should run (scaling minimum, else desired count). */
  readonly minimumTasks?: number;
  /** target-group: the full name of the load balancer it serves (`app/…/…`). */
  readonly loadBalancerFullName?: string;
  /** lambda-function: its timeout in seconds. */
  readonly timeoutSeconds?: number;
  /** sqs-queue: true when another queue dead-letters into it. */
  readonly deadLetterQueue?: boolean;
  /** waf-web-acl: `CLOUDFRONT` or `REGIONAL`. */
  readonly wafScope?: string;
  /** ec2-instance: the namespace its CloudWatch agent publishes memory and disk under, if any. */
  readonly agentNamespace?: string;
  /** ec2-instance: the `Shop` dimension the library's backup script publishes `BackupSucceeded` under. */
  readonly backupShopName?: string;
}

/**
 * One metric of a resource: the namespace, the name and the statistic; the dimensions are the
 * resource's own unless `dimensions` gives others (e.g. a target group's `TargetGroup` +
 * `LoadBalancer`, an ElastiCache node's `CacheClusterId`).
 */
export interface MetricSpec {
  readonly namespace: string;
  readonly metricName: string;
  /** `Average`, `Sum`, `Maximum`, `Minimum`, `SampleCount` or a percentile such as `p99`. */
  readonly statistic: string;
  /** The period, in seconds (60 unless given). */
  readonly periodSeconds?: number;
  /** Dimensions instead of the resource's own. */
  readonly dimensions?: { readonly [name: string]: string };
}

/** The CloudWatch metric of `spec` for `resource`, in the region its service publishes it. */
export function metricOf(resource: MonitoredResource, spec: MetricSpec, label?: string): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: spec.namespace,
    metricName: spec.metricName,
    statistic: spec.statistic,
    period: Duration.seconds(spec.periodSeconds ?? 60),
    dimensionsMap: { ...(spec.dimensions ?? resource.dimensions) },
    region: resource.metricRegion,
    label,
  });
}
