/**
 * The shape of the metric publication table (`metric-publications.ts`): where a dimension's
 * value must come from, what one metric is published under, and one namespace.
 */

/** Where a dimension's value must come from. */
export type ValueSource =
  /**
   * The value is `Ref` (attribute `Ref`) or `Fn::GetAtt` of a resource of `resourceType`, then
   * `suffix` if given (e.g. ElastiCache's `<group>-001`: the member cluster of a replication group).
   * `check` may refuse it knowing the resource's properties (the member number within the group).
   */
  | {
      readonly kind: 'attribute';
      readonly resourceType: string;
      readonly attribute: string;
      /** This resource only (e.g. the instance whose CloudWatch agent publishes the metric). */
      readonly logicalId?: string;
      readonly suffix?: RegExp;
      readonly check?: (properties: any, suffix: string) => string | undefined;
    }
  /** The value is a property of a resource of `resourceType` (`path` into its Properties). */
  | { readonly kind: 'property'; readonly resourceType: string; readonly path: string[] }
  /** A literal value matching `value`. */
  | { readonly kind: 'literal'; readonly value: RegExp; readonly what: string }
  /** `Ref AWS::Region`, or a literal equal to the stack's region. */
  | { readonly kind: 'region' };

/** One metric: its dimension sets, statistics and shortest period. */
export interface MetricPublication {
  /** Each set of dimension names it is published under (order does not matter). */
  readonly dimensionSets: readonly (readonly string[])[];
  /** The statistics that make sense (`Sum`, `Average`...); `percentiles` allows `pNN`/`tmNN`... */
  readonly statistics: readonly string[];
  readonly percentiles?: boolean;
  /** The shortest period with data, in seconds. @default 60 */
  readonly minPeriodSeconds?: number;
}

/** One namespace of an AWS service (or of this library). */
export interface NamespacePublication {
  readonly namespace: string;
  /** The documentation page the entries come from. */
  readonly source: string;
  /** The only region the service publishes these metrics in, when not the resource's. */
  readonly region?: string;
  readonly dimensions: { readonly [name: string]: readonly ValueSource[] };
  readonly metrics: { readonly [metricName: string]: MetricPublication };
  /** Why nothing is published after all (e.g. the publisher may not put metrics in the namespace). */
  readonly blocked?: string;
}

export const COUNT = ['Sum'];
export const GAUGE = ['Average', 'Minimum', 'Maximum'];
export const ALL = ['Average', 'Minimum', 'Maximum', 'Sum', 'SampleCount'];

/** The same publication for several metric names. */
export function each(
  names: string | string[],
  publication: MetricPublication,
): { [name: string]: MetricPublication } {
  const list = typeof names === 'string' ? names.trim().split(/\s+/) : names;
  return Object.fromEntries(list.map((n) => [n, publication]));
}
export const ref = (resourceType: string, attribute = 'Ref'): ValueSource => ({
  kind: 'attribute',
  resourceType,
  attribute,
});
export const AZ: ValueSource = {
  kind: 'literal',
  value: /^[a-z]{2}(-[a-z]+)+-\d[a-z]$/,
  what: 'an Availability Zone name',
};
