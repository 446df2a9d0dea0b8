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
  resolveAlarms,
  resolveComposites,
  StackTemplate,
  ValuePart,
} from './alarm-resolution';
import { libraryPublications } from './library-publications';
import { ResolvedConsumer, resolveDashboards, resolveScalingPolicies } from './metric-consumers';
import { AWS_PUBLICATIONS, NamespacePublication } from './metric-publications';
import { Context, literalOf, matchPublication } from './publication-match';

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
    if ((alarm as ResolvedConsumer).kind === undefined) {
      const properties = stack.template.Resources[alarm.logicalId].Properties;
      for (const problem of checkEvaluationRange(properties, alarm)) {
        mismatches.push({ stack: alarm.stack, alarm: alarm.path, metric: 'evaluation', problem });
      }
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

/**
 * PutMetricAlarm's limits on the evaluation range: DatapointsToAlarm at most EvaluationPeriods,
 * Period × EvaluationPeriods at most 7 days, and at most 1 day for a period under one hour.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html
 */
function checkEvaluationRange(properties: any, alarm: ResolvedAlarm): string[] {
  const periods = Number(properties.EvaluationPeriods);
  const datapoints = Number(properties.DatapointsToAlarm ?? periods);
  const period = Math.max(...alarm.metrics.map((m) => m.periodSeconds));
  const problems: string[] = [];
  if (!(datapoints >= 1 && datapoints <= periods)) {
    problems.push(`DatapointsToAlarm ${datapoints} is not 1 to EvaluationPeriods (${periods})`);
  }
  const limit = period < 3600 ? 86_400 : 604_800;
  if (period * periods > limit) {
    problems.push(
      `Period ${period} s × EvaluationPeriods ${periods} is over the ${limit / 86_400} day(s) CloudWatch evaluates`,
    );
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
