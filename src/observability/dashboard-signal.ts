import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { MetricSpec, MonitoredResource } from './monitored-resource';

/*
 * The shape of the shop dashboard's data (`dashboard-signals*.ts`): the four golden signals of a
 * resource kind as lines of CloudWatch metrics or metric math. Internal.
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
  /** The metric, when it depends on the resource (a namespace of its own); undefined: no line. */
  readonly metricFor?: (resource: MonitoredResource) => MetricSpec | undefined;
  readonly expression?: string;
  readonly usingMetrics?: { readonly [id: string]: MetricSpec };
  /**
   * The dimension sets to draw the line for, when they are not the resource's own (e.g. one per
   * ElastiCache member cluster). An empty list draws nothing for that resource.
   */
  readonly dimensionSets?: (resource: MonitoredResource) => Array<{ readonly [name: string]: string }>;
  /** Only for the resources this holds for (e.g. dead-letter queues, read replicas). */
  readonly appliesTo?: (resource: MonitoredResource) => boolean;
  /**
   * The shortest period the service publishes the metric at for this resource, in seconds, when
   * it can be longer than a minute (EC2 without detailed monitoring: 5 minutes); the graph uses
   * the longer of it and the dashboard's period.
   */
  readonly minimumPeriodSeconds?: (resource: MonitoredResource) => number;
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

export const sum = (namespace: string, metricName: string): MetricSpec => ({
  namespace,
  metricName,
  statistic: 'Sum',
});
export const avg = (namespace: string, metricName: string): MetricSpec => ({
  namespace,
  metricName,
  statistic: 'Average',
});
export const max = (namespace: string, metricName: string): MetricSpec => ({
  namespace,
  metricName,
  statistic: 'Maximum',
});
export const min = (namespace: string, metricName: string): MetricSpec => ({
  namespace,
  metricName,
  statistic: 'Minimum',
});
export const stat = (namespace: string, metricName: string, statistic: string): MetricSpec => ({
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

export const perCacheNode = { dimensionSets: cacheNodeDimensions };

/**
 * EC2 publishes an instance's metrics every 5 minutes, every minute with detailed monitoring
 * (`Monitoring: true`); status checks every minute either way.
 * https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/using-cloudwatch-new.html
 */
export function instanceMetricPeriod(resource: MonitoredResource): number {
  const cfn = resource.resource;
  return cfn instanceof ec2.CfnInstance && cfn.monitoring === true ? 60 : 300;
}

/** A line of an EC2 instance metric (not a status check). */
export const perInstancePeriod = { minimumPeriodSeconds: instanceMetricPeriod };

/** The metric specs a line draws for one resource: one per dimension set, none when it does not apply. */
export function lineDimensionSets(
  line: SignalLine,
  resource: MonitoredResource,
): Array<{ readonly [name: string]: string } | undefined> {
  if (line.appliesTo && !line.appliesTo(resource)) return [];
  return line.dimensionSets ? line.dimensionSets(resource) : [undefined];
}
