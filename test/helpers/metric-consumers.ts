/**
 * The metrics other resources than alarms read, resolved like alarms' (`alarm-resolution.ts`)
 * so the same check proves they have data: the customized metric of each target tracking
 * policy (`AWS::ApplicationAutoScaling::ScalingPolicy`; a metric nobody publishes never scales),
 * and every metric of each dashboard graph (`AWS::CloudWatch::Dashboard`; an empty graph says
 * nothing when it matters).
 *
 * Dashboard metrics follow "Dashboard Body Structure and Syntax", Metric Widget: each entry of
 * `metrics` is `[namespace, metricName, dimensionName, dimensionValue, ..., {options}]` ("." for
 * the entry above's value at that position), or `[{ expression, id }]`; the statistic is the
 * entry's `stat` or the widget's (default Average), the period the entry's or the widget's
 * (default 300 s), the region the entry's or the widget's (default the dashboard's).
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/CloudWatch-Dashboard-Body-Structure.html
 */
import {
  ResolvedAlarm,
  ResolvedMetric,
  StackTemplate,
  stackRegion,
  TemplateResolver,
  ValuePart,
} from './alarm-resolution';

/** A dashboard's or a scaling policy's metrics, in the shape of an alarm's. */
export interface ResolvedConsumer extends ResolvedAlarm {
  readonly kind: 'scaling policy' | 'dashboard';
  /** Per metric (by index), the region it is read in when not the stack's (dashboards only). */
  readonly metricRegions?: (string | undefined)[];
}

/** Every target tracking policy with a customized metric, resolved. */
export function resolveScalingPolicies(stacks: readonly StackTemplate[]): ResolvedConsumer[] {
  const out: ResolvedConsumer[] = [];
  for (const stack of stacks) {
    const resolver = new TemplateResolver(stack, stacks);
    for (const [logicalId, resource] of Object.entries<any>(stack.template.Resources ?? {})) {
      if (resource.Type !== 'AWS::ApplicationAutoScaling::ScalingPolicy') continue;
      const spec =
        resource.Properties?.TargetTrackingScalingPolicyConfiguration?.CustomizedMetricSpecification;
      if (!spec) continue;
      const dimensions = (list: any[] | undefined) =>
        (list ?? []).map((d) => ({ name: String(d.Name), value: resolver.resolve(d.Value) }));
      const metrics: ResolvedMetric[] = [];
      const expressions: ResolvedAlarm['expressions'] = [];
      // target tracking evaluates one-minute data points
      // https://docs.aws.amazon.com/autoscaling/application/userguide/target-tracking-scaling-policy-overview.html
      if (spec.MetricName !== undefined) {
        metrics.push({
          namespace: spec.Namespace,
          metricName: spec.MetricName,
          statistic: spec.Statistic,
          periodSeconds: 60,
          dimensions: dimensions(spec.Dimensions),
        });
      }
      for (const q of spec.Metrics ?? []) {
        if (q.MetricStat) {
          metrics.push({
            id: q.Id,
            namespace: q.MetricStat.Metric.Namespace,
            metricName: q.MetricStat.Metric.MetricName,
            statistic: q.MetricStat.Stat,
            periodSeconds: 60,
            dimensions: dimensions(q.MetricStat.Metric.Dimensions),
          });
        } else {
          expressions.push({ id: q.Id, expression: q.Expression, returnData: q.ReturnData !== false });
        }
      }
      out.push({
        kind: 'scaling policy',
        stack: stack.name,
        logicalId,
        path: resource.Metadata?.['aws:cdk:path'] ?? logicalId,
        metrics,
        expressions,
        region: stackRegion(stack),
      });
    }
  }
  return out;
}

const PLACEHOLDER = /@@(\d+)@@/;

/** Every dashboard, one consumer per metric widget, its metrics resolved. */
export function resolveDashboards(stacks: readonly StackTemplate[]): ResolvedConsumer[] {
  const out: ResolvedConsumer[] = [];
  for (const stack of stacks) {
    const resolver = new TemplateResolver(stack, stacks);
    const region = stackRegion(stack);
    for (const [logicalId, resource] of Object.entries<any>(stack.template.Resources ?? {})) {
      if (resource.Type !== 'AWS::CloudWatch::Dashboard') continue;
      // references become placeholders inside the JSON, and parts again where they are read
      const refs: ValuePart[] = [];
      const text = resolver
        .resolve(resource.Properties.DashboardBody)
        .map((p) => ('literal' in p ? p.literal : `@@${refs.push(p) - 1}@@`))
        .join('');
      const parts = (value: unknown): ValuePart[] =>
        String(value)
          .split(PLACEHOLDER)
          .map((piece, i) => (i % 2 ? refs[Number(piece)] : { literal: piece }))
          .filter((p) => !('literal' in p) || p.literal !== '');
      const regionOf = (value: unknown): string | undefined => {
        if (value === undefined) return undefined;
        const [p] = parts(value);
        if (p && 'pseudo' in p && p.pseudo === 'AWS::Region') return region;
        return p && 'literal' in p ? p.literal : undefined;
      };
      const body = JSON.parse(text);
      (body.widgets ?? []).forEach((widget: any, w: number) => {
        if (widget.type !== 'metric') return;
        const props = widget.properties ?? {};
        const metrics: ResolvedMetric[] = [];
        const expressions: ResolvedAlarm['expressions'] = [];
        const metricRegions: (string | undefined)[] = [];
        let previous: unknown[] = [];
        (props.metrics ?? []).forEach((entry: unknown[], e: number) => {
          const last = entry[entry.length - 1];
          const options: any = last !== null && typeof last === 'object' ? last : {};
          const fields = options === last ? entry.slice(0, -1) : entry;
          if (fields.length === 0 && options.expression !== undefined) {
            expressions.push({
              id: options.id ?? `e${e}`,
              expression: options.expression,
              returnData: options.visible !== false,
            });
            return;
          }
          const values = fields.map((f, i) => (f === '.' ? previous[i] : f));
          previous = values;
          const [namespace, metricName, ...dims] = values as string[];
          const dimensions = [];
          for (let i = 0; i + 1 < dims.length; i += 2) {
            dimensions.push({ name: dims[i], value: parts(dims[i + 1]) });
          }
          metrics.push({
            id: options.id,
            namespace,
            metricName,
            statistic: options.stat ?? props.stat ?? 'Average',
            periodSeconds: Number(options.period ?? props.period ?? 300),
            dimensions,
          });
          metricRegions.push(regionOf(options.region ?? props.region) ?? region);
        });
        out.push({
          kind: 'dashboard',
          stack: stack.name,
          logicalId,
          path: `${resource.Metadata?.['aws:cdk:path'] ?? logicalId} widget ${w} '${props.title ?? ''}'`,
          metrics,
          expressions,
          region,
          metricRegions,
        });
      });
    }
  }
  return out;
}
