import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { MonitoredResource, ResourceKind } from './monitored-resource';

/*
 * The type of one alarm catalog entry (`alarm-catalog-*.ts`): what to watch on a kind of
 * resource, when it is wrong, and why. Internal: the public face of an entry is its
 * `ShopAlarmKind` and the README table generated from the data.
 */

/** What a threshold measures: its range is checked against this (a percent is 0-100). */
export type ThresholdUnit = 'percent' | 'count' | 'seconds' | 'milliseconds' | 'bytes' | 'ratio';

/** One metric of an entry: the dimensions come from the alarm target (`AlarmDefinition.targets`). */
export interface CatalogMetric {
  readonly namespace: string;
  readonly metricName: string;
  /** `Average`, `Sum`, `Maximum`, `Minimum`, `SampleCount` or a percentile such as `p99`. */
  readonly statistic: string;
  /** Dimensions added to the target's, e.g. DynamoDB's `Operation`. */
  readonly extraDimensions?: { readonly [name: string]: string };
}

/** A metric math expression over named metrics, e.g. a rate `100 * errors / requests`. */
export interface CatalogExpression {
  /** The expression, in CloudWatch metric math, over the ids of `metrics`. */
  readonly expression: string;
  readonly metrics: { readonly [id: string]: CatalogMetric };
}

/** What one alarm of an entry watches: usually the resource itself, or one member of it. */
export interface AlarmTarget {
  /** Appended to the alarm's construct id and description (`-001` for a cache member), or ''. */
  readonly suffix: string;
  /** The dimensions of the metrics. */
  readonly dimensions: { readonly [name: string]: string };
}

/** A threshold derived from the resource ("your value" in AWS's recommendations). */
export interface DerivedThreshold {
  /** The rule, as the README prints it: `80 % of max_connections for the instance class`. */
  readonly rule: string;
  /** The value for a resource, or undefined when a fact it needs is unknown at synth time. */
  readonly derive: (resource: MonitoredResource) => number | undefined;
  /** The fact named in the warning when `derive` gives nothing (`the instance class`). */
  readonly needs: string;
}

/** One entry of the alarm catalog. */
export interface AlarmDefinition {
  /** The kind id, kebab case, unique: `alb-5xx-rate`. `ShopAlarmKind` has a static per id. */
  readonly id: string;
  /** The resource kind it watches. */
  readonly resourceKind: ResourceKind;
  /** A short title for descriptions and the README: `Load balancer 5XX rate`. */
  readonly title: string;
  /** The metric watched, or `expression`. */
  readonly metric?: CatalogMetric;
  /** A metric math expression watched instead of `metric`. */
  readonly expression?: CatalogExpression;
  /** The period of every metric, in seconds. */
  readonly periodSeconds: number;
  readonly comparison: cloudwatch.ComparisonOperator;
  /** The threshold: a number, or derived from the resource. */
  readonly threshold: number | DerivedThreshold;
  readonly unit: ThresholdUnit;
  readonly evaluationPeriods: number;
  readonly datapointsToAlarm: number;
  readonly treatMissingData: cloudwatch.TreatMissingData;
  /** Why the condition matters, one sentence, for the README and the alarm description. */
  readonly why: string;
  /** The AWS documentation the threshold or the metric comes from. */
  readonly source: string;
  /** When set, only resources it accepts get the alarm (read replicas, dead-letter queues). */
  readonly appliesTo?: (resource: MonitoredResource) => boolean;
  /** The README text of `appliesTo`: `read replicas only`. */
  readonly appliesToText?: string;
  /** The alarms of one resource: @default one, on the resource's own dimensions. */
  readonly targets?: (resource: MonitoredResource) => AlarmTarget[];
  /** True when the condition means customers get no answer: it joins the "shop is down" composite. */
  readonly shopDown?: boolean;
}

/** The targets of an entry for a resource. */
export function targetsOf(definition: AlarmDefinition, resource: MonitoredResource): AlarmTarget[] {
  return definition.targets
    ? definition.targets(resource)
    : [{ suffix: '', dimensions: resource.dimensions }];
}

/** The threshold's README text: the number with its unit, or the derivation rule. */
export function thresholdText(definition: AlarmDefinition): string {
  const t = definition.threshold;
  if (typeof t !== 'number') return t.rule;
  switch (definition.unit) {
    case 'percent':
      return `${t} %`;
    case 'seconds':
      return `${t} s`;
    case 'milliseconds':
      return `${t} ms`;
    case 'bytes':
      return `${t} bytes`;
    default:
      return String(t);
  }
}

const COMPARISON_TEXT: { [op: string]: string } = {
  [cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD]: '>',
  [cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD]: '>=',
  [cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD]: '<',
  [cloudwatch.ComparisonOperator.LESS_THAN_OR_EQUAL_TO_THRESHOLD]: '<=',
};

/** `>`, `>=`, `<` or `<=`. */
export function comparisonText(op: cloudwatch.ComparisonOperator): string {
  return COMPARISON_TEXT[op] ?? op;
}

/** True for `<` and `<=`. */
export function isLowerBound(op: cloudwatch.ComparisonOperator): boolean {
  return (
    op === cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD ||
    op === cloudwatch.ComparisonOperator.LESS_THAN_OR_EQUAL_TO_THRESHOLD
  );
}
