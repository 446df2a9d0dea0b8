/**
 * How one resolved metric is matched against one publication of the table
 * (`alarm-publication-check.ts` runs it over every alarm, policy and graph): the dimension set,
 * the statistic, the period, each dimension value traced to its source, the region, and the
 * conditions a service needs to publish the metric at all.
 */
import {
  describeValue,
  ResolvedAlarm,
  ResolvedMetric,
  ResolvedValue,
  StackTemplate,
  TemplateResolver,
  ValuePart,
} from './alarm-resolution';
import {
  CLOUDFRONT_ADDITIONAL_METRICS,
  EC2_DETAILED_MONITORING_METRICS,
  MetricPublication,
  NamespacePublication,
  ValueSource,
} from './metric-publications';

/** Percentile-like statistics (`p99`, `p99.9`, `tm99`, `TM(10%:90%)`...). */
const PERCENTILE = /^((p|tm|tc|ts|wm|pr)\d{1,2}(\.\d+)?|(TM|TC|TS|WM|PR)\([^)]*\))$/i;

/** Where a metric is read: the stacks, its stack, and the alarm (or policy, or graph) reading it. */
export interface Context {
  readonly stacks: readonly StackTemplate[];
  readonly stack: StackTemplate;
  readonly alarm: ResolvedAlarm;
}

/** The problems of `metric` against one publication; none when it matches. */
export function matchPublication(
  metric: ResolvedMetric,
  publication: NamespacePublication,
  entry: MetricPublication,
  context: Context,
): string[] {
  const problems: string[] = publication.blocked ? [publication.blocked] : [];
  const what = `${metric.namespace} ${metric.metricName}`;
  const names = metric.dimensions.map((d) => d.name).sort();
  const sets = entry.dimensionSets.map((s) => [...s].sort());
  if (new Set(names).size !== names.length) {
    problems.push(`a dimension is given twice: [${names.join(', ')}]`);
  }
  if (!sets.some((s) => s.join(',') === names.join(','))) {
    problems.push(
      `dimensions [${names.join(', ')}] are not a set ${what} is published under ` +
        `(${sets.map((s) => `[${s.join(', ')}]`).join(' or ')})`,
    );
  }
  const percentile = PERCENTILE.test(metric.statistic ?? '');
  if (!(entry.statistics.includes(metric.statistic) || (percentile && entry.percentiles))) {
    problems.push(
      `statistic ${metric.statistic} does not make sense for ${what} (${entry.statistics.join(', ')}${entry.percentiles ? ', percentiles' : ''})`,
    );
  }
  problems.push(...checkPeriod(metric, entry, context));
  for (const d of metric.dimensions) {
    const sources = publication.dimensions[d.name];
    if (!sources) {
      problems.push(`${metric.namespace} has no dimension ${d.name}`);
      continue;
    }
    const failures = sources.map((s) => traceValue(d.value, s, context));
    if (!failures.some((f) => f === undefined)) {
      problems.push(`${d.name} = ${describeValue(d.value)}: ${failures.join('; or ')}`);
    }
  }
  if (publication.region && context.alarm.region !== publication.region) {
    problems.push(
      `${metric.namespace} is published in ${publication.region} only; it is read in ` +
        (context.alarm.region ?? 'the region of an environment-agnostic stack'),
    );
  }
  problems.push(...preconditions(metric, context));
  return problems;
}

function checkPeriod(metric: ResolvedMetric, entry: MetricPublication, context: Context): string[] {
  const period = metric.periodSeconds;
  if (!(period >= 60 && period % 60 === 0)) return [`period ${period} s is not a multiple of 60 s`];
  let min = entry.minPeriodSeconds ?? 60;
  if (metric.namespace === 'AWS/EC2' && EC2_DETAILED_MONITORING_METRICS.has(metric.metricName)) {
    const instance = referenced(metric, 'InstanceId', context);
    if (instance?.Properties?.Monitoring === true || instance?.Properties?.Monitoring === 'true') min = 60;
  }
  return period < min
    ? [`period ${period} s is shorter than the ${min} s ${metric.metricName} is published at`]
    : [];
}

/** The resource a dimension's value references (its first part), if any. */
function referenced(metric: ResolvedMetric, dimension: string, context: Context): any {
  const part = metric.dimensions.find((d) => d.name === dimension)?.value[0];
  if (!part || !('logicalId' in part)) return undefined;
  return context.stacks.find((s) => s.name === part.stack)?.template.Resources?.[part.logicalId];
}

/** Conditions the service needs to publish the metric at all. */
function preconditions(metric: ResolvedMetric, context: Context): string[] {
  const problems: string[] = [];
  if (metric.namespace === 'ECS/ContainerInsights') {
    const cluster = referenced(metric, 'ClusterName', context);
    const setting = (cluster?.Properties?.ClusterSettings ?? []).find(
      (s: any) => s.Name === 'containerInsights',
    );
    if (cluster && !['enabled', 'enhanced'].includes(setting?.Value)) {
      problems.push(
        'Container Insights is not enabled on the cluster: ECS/ContainerInsights has no data for it',
      );
    }
  }
  if (metric.namespace === 'AWS/CloudFront' && CLOUDFRONT_ADDITIONAL_METRICS.includes(metric.metricName)) {
    const id = metric.dimensions.find((d) => d.name === 'DistributionId')?.value[0];
    const subscribed = context.stacks.some((s) =>
      Object.values<any>(s.template.Resources ?? {}).some(
        (r) =>
          r.Type === 'AWS::CloudFront::MonitoringSubscription' &&
          id &&
          'logicalId' in id &&
          r.Properties?.DistributionId?.Ref === id.logicalId,
      ),
    );
    if (!subscribed) {
      problems.push(`${metric.metricName} needs a monitoring subscription on the distribution`);
    }
  }
  if (metric.namespace === 'AWS/RDS' && metric.metricName === 'ReplicaLag') {
    const db = referenced(metric, 'DBInstanceIdentifier', context);
    if (db && db.Properties?.SourceDBInstanceIdentifier === undefined) {
      problems.push('ReplicaLag is published for read replicas only');
    }
  }
  if (metric.namespace === 'AWS/Events') {
    const rule = referenced(metric, 'RuleName', context);
    const bus = rule?.Properties?.EventBusName;
    const custom = bus !== undefined && bus !== 'default';
    const hasBus = metric.dimensions.some((d) => d.name === 'EventBusName');
    if (rule && custom !== hasBus) {
      problems.push(
        custom
          ? 'a rule of a custom bus is published with EventBusName and RuleName'
          : 'a rule of the default bus is published by RuleName alone',
      );
    }
  }
  if (metric.namespace === 'AWS/WAFV2') {
    const acl = context.stacks
      .flatMap((s) => Object.values<any>(s.template.Resources ?? {}))
      .find(
        (r) =>
          r.Type === 'AWS::WAFv2::WebACL' &&
          describeValue(metric.dimensions.find((d) => d.name === 'WebACL')?.value ?? []) ===
            r.Properties?.VisibilityConfig?.MetricName,
      );
    const hasRegion = metric.dimensions.some((d) => d.name === 'Region');
    if (acl?.Properties?.Scope === 'CLOUDFRONT') {
      if (hasRegion) problems.push('a CLOUDFRONT web ACL is published without the Region dimension');
      if (context.alarm.region !== 'us-east-1') {
        problems.push('a CLOUDFRONT web ACL is published in us-east-1 only');
      }
    } else if (acl && !hasRegion) {
      problems.push('a REGIONAL web ACL is published with the Region dimension');
    }
  }
  return problems;
}

/** Undefined when `value` comes from `source`, else why not. */
function traceValue(value: ResolvedValue, source: ValueSource, context: Context): string | undefined {
  switch (source.kind) {
    case 'literal': {
      const text = literalOf(value);
      if (text === undefined) return `expected ${source.what}, a literal`;
      return source.value.test(text) ? undefined : `expected ${source.what}`;
    }
    case 'region': {
      const text = literalOf(value);
      if (value.length === 1 && 'pseudo' in value[0] && value[0].pseudo === 'AWS::Region') return undefined;
      return text !== undefined && text === context.alarm.region ? undefined : "expected the stack's region";
    }
    case 'property': {
      const text = describeValue(value);
      const matches = context.stacks.some((s) =>
        Object.values<any>(s.template.Resources ?? {}).some((r) => {
          if (r.Type !== source.resourceType) return false;
          const property = source.path.reduce((o: any, k) => o?.[k], r.Properties);
          return (
            property !== undefined &&
            describeValue(new TemplateResolver(s, context.stacks).resolve(property)) === text
          );
        }),
      );
      return matches ? undefined : `expected the ${source.path.join('.')} of an ${source.resourceType}`;
    }
    case 'attribute': {
      const expected = `${source.attribute === 'Ref' ? 'Ref' : `Fn::GetAtt ${source.attribute}`} of an ${source.resourceType}${source.suffix ? ` followed by ${source.suffix}` : ''}`;
      const [head, ...rest] = value;
      if (
        !head ||
        !('logicalId' in head) ||
        head.type !== source.resourceType ||
        head.attribute !== source.attribute
      ) {
        return `expected ${expected}`;
      }
      if (source.logicalId !== undefined && head.logicalId !== source.logicalId) {
        return `expected ${expected} ${source.logicalId}, not ${head.logicalId}`;
      }
      const suffix = literalOf(rest) ?? undefined;
      if (rest.length > 0 && suffix === undefined) return `expected ${expected}`;
      if (!source.suffix) return rest.length === 0 ? undefined : `expected ${expected}, without '${suffix}'`;
      if (!source.suffix.test(suffix ?? '')) return `expected ${expected}`;
      const properties =
        context.stacks.find((s) => s.name === head.stack)?.template.Resources?.[head.logicalId]?.Properties ??
        {};
      return source.check?.(properties, suffix ?? '');
    }
  }
}

export function literalOf(value: readonly ValuePart[]): string | undefined {
  if (value.length === 0) return '';
  return value.length === 1 && 'literal' in value[0] ? value[0].literal : undefined;
}
