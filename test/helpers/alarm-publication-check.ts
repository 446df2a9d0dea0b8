/**
 * The proof that an alarm can fire: each metric it watches is one its service publishes, under
 * exactly that dimension set, each dimension value traced to the resource attribute the
 * service names it by, with a statistic and period that have data, in the region the service
 * publishes in; each composite alarm names alarms that exist. An alarm failing any of these
 * stays in OK or INSUFFICIENT_DATA forever and never says so.
 */
import { alarmSeries } from './alarm-evaluation';
import {
  describeValue,
  ResolvedAlarm,
  ResolvedMetric,
  ResolvedValue,
  resolveAlarms,
  resolveComposites,
  StackTemplate,
  TemplateResolver,
  ValuePart,
} from './alarm-resolution';
import { libraryPublications } from './library-publications';
import { ResolvedConsumer, resolveDashboards, resolveScalingPolicies } from './metric-consumers';
import {
  AWS_PUBLICATIONS,
  CLOUDFRONT_ADDITIONAL_METRICS,
  EC2_DETAILED_MONITORING_METRICS,
  MetricPublication,
  NamespacePublication,
  ValueSource,
} from './metric-publications';

/** One reason an alarm cannot fire. */
export interface Mismatch {
  readonly stack: string;
  readonly alarm: string;
  /** The metric's query id, the metric name, or `rule` for a composite. */
  readonly metric: string;
  readonly problem: string;
}

export interface AlarmCheckReport {
  readonly alarms: number;
  readonly composites: number;
  /** Target tracking policies with a customized metric. */
  readonly scalingPolicies: number;
  /** Metric widgets of dashboards. */
  readonly dashboardGraphs: number;
  /** Metrics checked (each alarm's, each MetricStat of a metric math alarm, each policy's and graph's). */
  readonly metrics: number;
  readonly mismatches: Mismatch[];
}

/** Percentile-like statistics (`p99`, `p99.9`, `tm99`, `TM(10%:90%)`...). */
const PERCENTILE = /^((p|tm|tc|ts|wm|pr)\d{1,2}(\.\d+)?|(TM|TC|TS|WM|PR)\([^)]*\))$/i;

interface Context {
  readonly stacks: readonly StackTemplate[];
  readonly stack: StackTemplate;
  readonly alarm: ResolvedAlarm;
}

/**
 * Checks every alarm, composite alarm, target tracking policy's customized metric and dashboard
 * graph of the stacks against the table and the library's publications.
 */
export function checkAlarms(stacks: readonly StackTemplate[]): AlarmCheckReport {
  const publications = [...Object.values(AWS_PUBLICATIONS), ...libraryPublications(stacks)];
  const alarms = resolveAlarms(stacks);
  const policies = resolveScalingPolicies(stacks);
  const graphs = resolveDashboards(stacks);
  const mismatches: Mismatch[] = [];
  let metrics = 0;
  for (const alarm of [...alarms, ...policies, ...graphs]) {
    const stack = stacks.find((s) => s.name === alarm.stack)!;
    const regions = (alarm as ResolvedConsumer).metricRegions;
    for (const [i, metric] of alarm.metrics.entries()) {
      metrics++;
      // a dashboard graph may read another region than its stack's
      const reader = regions ? { ...alarm, region: regions[i] } : alarm;
      for (const problem of checkMetric(metric, publications, { stacks, stack, alarm: reader })) {
        mismatches.push({
          stack: alarm.stack,
          alarm: alarm.path,
          metric: metric.id ?? metric.metricName,
          problem,
        });
      }
    }
    for (const problem of checkExpressions(alarm, (alarm as ResolvedConsumer).kind === 'dashboard')) {
      mismatches.push({ stack: alarm.stack, alarm: alarm.path, metric: 'expression', problem });
    }
  }
  const composites = resolveComposites(stacks);
  const names = new Set(
    stacks.flatMap((s) =>
      Object.values<any>(s.template.Resources ?? {})
        .filter((r) => r.Type === 'AWS::CloudWatch::Alarm' || r.Type === 'AWS::CloudWatch::CompositeAlarm')
        .map((r) => r.Properties?.AlarmName)
        .filter((n) => typeof n === 'string'),
    ),
  );
  // ECS rolls a deployment back on the alarms it names: each must exist
  for (const stack of stacks) {
    for (const [id, r] of Object.entries<any>(stack.template.Resources ?? {})) {
      if (r.Type !== 'AWS::ECS::Service') continue;
      for (const name of r.Properties?.DeploymentConfiguration?.Alarms?.AlarmNames ?? []) {
        if (typeof name === 'string' && names.has(name)) continue;
        mismatches.push({
          stack: stack.name,
          alarm: r.Metadata?.['aws:cdk:path'] ?? id,
          metric: 'deployment alarms',
          problem: `the service's deployment alarm ${JSON.stringify(name)} is no alarm of the stacks`,
        });
      }
    }
  }
  for (const composite of composites) {
    if (composite.operands.length === 0) {
      mismatches.push({
        stack: composite.stack,
        alarm: composite.path,
        metric: 'rule',
        problem: 'the rule names no alarm',
      });
    }
    for (const operand of composite.operands) {
      const problem = checkOperand(operand, names);
      if (problem) {
        mismatches.push({ stack: composite.stack, alarm: composite.path, metric: 'rule', problem });
      }
    }
  }
  return {
    alarms: alarms.length,
    composites: composites.length,
    scalingPolicies: policies.length,
    dashboardGraphs: graphs.length,
    metrics,
    mismatches,
  };
}

/** The problems of one metric; none when one publication of its namespace and name matches it. */
export function checkMetric(
  metric: ResolvedMetric,
  publications: readonly NamespacePublication[],
  context: Context,
): string[] {
  const inNamespace = publications.filter((p) => p.namespace === metric.namespace);
  if (inNamespace.length === 0) return [`namespace ${metric.namespace} is not in the table`];
  const candidates = inNamespace.filter((p) => p.metrics[metric.metricName] !== undefined);
  if (candidates.length === 0) return [`${metric.namespace} publishes no metric ${metric.metricName}`];
  let best: string[] | undefined;
  for (const publication of candidates) {
    const problems = matchPublication(metric, publication, publication.metrics[metric.metricName], context);
    if (problems.length === 0) return [];
    if (best === undefined || problems.length < best.length) best = problems;
  }
  return best!;
}

function matchPublication(
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

function literalOf(value: readonly ValuePart[]): string | undefined {
  if (value.length === 0) return '';
  return value.length === 1 && 'literal' in value[0] ? value[0].literal : undefined;
}

/**
 * Metric math: every id an expression uses is a query, and the evaluator reads it; an alarm or a
 * policy has exactly one expression returning data, a graph draws each visible one.
 */
function checkExpressions(alarm: ResolvedAlarm, graph: boolean): string[] {
  if (alarm.expressions.length === 0) return [];
  const problems: string[] = [];
  const ids = new Set([...alarm.metrics.map((m) => m.id), ...alarm.expressions.map((e) => e.id)]);
  if (!graph && alarm.expressions.filter((e) => e.returnData).length !== 1) {
    problems.push('exactly one expression must return data');
  }
  for (const e of alarm.expressions) {
    for (const m of e.expression.matchAll(/\b([a-z][a-zA-Z0-9_]*)\b(?!\s*\()/g)) {
      if (!ids.has(m[1])) problems.push(`expression ${e.id} uses '${m[1]}', which is no query of the alarm`);
    }
  }
  if (problems.length > 0) return problems;
  // the evaluator knows the functions it evaluates: an expression it cannot read is reported
  const returned = graph ? alarm.expressions.filter((e) => e.returnData) : [undefined];
  for (const only of returned) {
    const properties = {
      EvaluationPeriods: 1,
      Metrics: [
        ...alarm.metrics
          .filter((m) => m.id)
          .map((m) => ({ Id: m.id, MetricStat: { Period: m.periodSeconds }, ReturnData: false })),
        ...alarm.expressions.map((e) => ({
          Id: e.id,
          Expression: e.expression,
          ReturnData: only ? e === only : e.returnData,
        })),
      ],
    };
    try {
      alarmSeries(properties, Object.fromEntries(alarm.metrics.filter((m) => m.id).map((m) => [m.id!, [1]])));
    } catch (error) {
      problems.push(`the expression cannot be evaluated: ${(error as Error).message}`);
    }
  }
  return problems;
}

/** Undefined when a composite rule's operand names an alarm of the stacks. */
function checkOperand(operand: ValuePart[], names: Set<string>): string | undefined {
  if (operand.length === 1 && 'logicalId' in operand[0]) {
    const p = operand[0];
    const alarm = p.type === 'AWS::CloudWatch::Alarm' || p.type === 'AWS::CloudWatch::CompositeAlarm';
    return alarm && (p.attribute === 'Arn' || p.attribute === 'Ref')
      ? undefined
      : `operand ${describeValue(operand)} is not an alarm`;
  }
  // an ARN built of pseudo parameters ends with the literal `:alarm:<name>`
  const last = operand[operand.length - 1];
  const arnTail = last && 'literal' in last && last.literal.includes(':alarm:') ? last.literal : undefined;
  const text =
    literalOf(operand) ?? (arnTail ? `arn:${arnTail.slice(arnTail.indexOf(':alarm:') + 1)}` : undefined);
  if (text === undefined) return `operand ${describeValue(operand)} cannot be traced`;
  if (text === 'TRUE' || text === 'FALSE') return undefined;
  const name = text.startsWith('arn:') ? text.split(':alarm:')[1] : text;
  return names.has(name) ? undefined : `operand '${text}' names no alarm of the stacks`;
}
