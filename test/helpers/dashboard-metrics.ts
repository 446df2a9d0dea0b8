/**
 * The proof that every graph of a dashboard can draw: each metric of each metric widget of a
 * synthesized `AWS::CloudWatch::Dashboard` is read out of the body with its dimension values
 * still as the template's expressions (`Ref`, `Fn::GetAtt`, `Fn::Join` … of the resources), and
 * checked against the table of what AWS publishes (`metric-publications.ts`, the one the alarms
 * are checked against): namespace, metric, dimension set, statistic, period, each value traced to
 * the right resource attribute, the region. A metric that fails draws an empty graph forever.
 */
import { checkMetric } from './alarm-publication-check';
import { ResolvedAlarm, ResolvedMetric, StackTemplate, TemplateResolver } from './alarm-resolution';
import { libraryPublications } from './library-publications';
import { AWS_PUBLICATIONS } from './metric-publications';

/** One metric a graph draws, resolved, with where it is. */
export interface GraphedMetric {
  readonly dashboard: string;
  /** `widgets[i].metrics[j]` and the graph's title. */
  readonly where: string;
  readonly metric: ResolvedMetric;
  /** The region the graph reads it in. */
  readonly region?: string;
}

const TOKEN = /@@TOKEN(\d+)@@/;

/** The metrics of every dashboard of `stack`, resolved in the stack's template. */
export function graphedMetrics(
  stack: StackTemplate,
  stacks: readonly StackTemplate[] = [stack],
): GraphedMetric[] {
  const resolver = new TemplateResolver(stack, stacks);
  const out: GraphedMetric[] = [];
  for (const [logicalId, r] of Object.entries<any>(stack.template.Resources ?? {})) {
    if (r.Type !== 'AWS::CloudWatch::Dashboard') continue;
    const tokens: unknown[] = [];
    const raw = r.Properties.DashboardBody;
    const parts: unknown[] = typeof raw === 'string' ? [raw] : raw['Fn::Join'][1];
    const text = parts
      .map((p) => {
        if (typeof p === 'string') return p;
        tokens.push(p);
        return `@@TOKEN${tokens.length - 1}@@`;
      })
      .join(raw['Fn::Join']?.[0] ?? '');
    // a string of the body back to the template value it was: literals and the tokens between them
    const value = (s: string): unknown => {
      const pieces = s.split(TOKEN).map((piece, i) => (i % 2 === 1 ? tokens[Number(piece)] : piece));
      return pieces.length === 1 ? pieces[0] : { 'Fn::Join': ['', pieces.filter((p) => p !== '')] };
    };
    const literal = (s: unknown): string | undefined => {
      if (typeof s !== 'string') return undefined;
      const resolved = resolver.resolve(value(s));
      return resolved.length === 1 && 'literal' in resolved[0] ? resolved[0].literal : undefined;
    };
    const body = JSON.parse(text);
    (body.widgets ?? []).forEach((w: any, i: number) => {
      if (w.type !== 'metric') return;
      const p = w.properties;
      (p.metrics ?? []).forEach((m: any[], j: number) => {
        const options = typeof m[m.length - 1] === 'object' ? m[m.length - 1] : {};
        const items: string[] = options === m[m.length - 1] ? m.slice(0, -1) : m;
        if (items.length === 0) return; // a math expression
        const dimensions = [];
        for (let k = 2; k + 1 < items.length; k += 2) {
          dimensions.push({ name: items[k], value: resolver.resolve(value(items[k + 1])) });
        }
        out.push({
          dashboard: logicalId,
          where: `widgets[${i}].metrics[${j}] (${p.title})`,
          metric: {
            id: options.id,
            namespace: items[0],
            metricName: items[1],
            statistic: options.stat ?? p.stat ?? 'Average',
            periodSeconds: Number(options.period ?? p.period ?? 300),
            dimensions,
          },
          region: literal(options.region ?? p.region) ?? stack.region,
        });
      });
    });
  }
  return out;
}

/** Every metric of the stacks' dashboards that cannot draw, with why. */
export function checkDashboards(stacks: readonly StackTemplate[]): { metrics: number; mismatches: string[] } {
  const publications = [...Object.values(AWS_PUBLICATIONS), ...libraryPublications(stacks)];
  const mismatches: string[] = [];
  let metrics = 0;
  for (const stack of stacks) {
    for (const g of graphedMetrics(stack, stacks)) {
      metrics++;
      // the checker asks for the region of the alarm: here, the region the graph reads the metric in
      const alarm: ResolvedAlarm = {
        stack: stack.name,
        logicalId: g.dashboard,
        path: g.where,
        metrics: [g.metric],
        expressions: [],
        region: g.region,
      };
      for (const problem of checkMetric(g.metric, publications, { stacks, stack, alarm })) {
        mismatches.push(`${stack.name} ${g.where} ${g.metric.namespace} ${g.metric.metricName}: ${problem}`);
      }
    }
  }
  return { metrics, mismatches };
}
