import { Duration, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { IConstruct } from 'constructs';
import { GoldenSignal, KindSignals, lineDimensionSets, SignalLine } from './dashboard-signal';
import { DASHBOARD_SIGNALS, GOLDEN_SIGNALS } from './dashboard-signals';
import { MetricSpec, metricOf, MonitoredResource, REQUEST_ORDER, ResourceKind } from './monitored-resource';
import { invalidProp } from '../private/errors';

/*
 * The shop dashboard's tier rows: for each kind in request order, a title and a graph per golden
 * signal, every resource of the kind in the same graph while the graph stays within its metric
 * budget (more resources: more rows). Internal.
 */

/**
 * The metrics (math expressions and the metrics they use included) one graph may hold. CloudWatch
 * takes more in a dashboard graph, but GetMetricWidgetImage (graph snapshots) takes 1-100, and a
 * graph of more lines is not readable anyway.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/CloudWatch-Metric-Widget-Structure.html
 */
export const METRICS_PER_GRAPH = 100;

/** The dashboard grid is 24 columns wide. */
export const GRID_COLUMNS = 24;

/** The height of a signal graph, in grid rows. */
const GRAPH_HEIGHT = 6;

const DIMENSION_VALUE_MAX = 1024;

/** One line of a graph for one resource: the CloudWatch metric or math expression and its size. */
interface DrawnLine {
  readonly metric: cloudwatch.IMetric;
  /** The metrics it puts in the graph: 1, or 1 + the metrics a math expression uses. */
  readonly size: number;
  /** Its period, in seconds. */
  readonly periodSeconds: number;
}

/**
 * Checks what the graph's metric arrays are built from: CloudWatch rejects a dashboard whose
 * metric array has a missing metric name or dimension value with a misleading message ("Should
 * NOT have more than 3 items", aws/aws-cdk#31066, where the metric name was undefined), at deploy
 * time. Here it fails at synth, naming the resource.
 */
function checkSpec(
  scope: IConstruct,
  resource: MonitoredResource,
  spec: MetricSpec,
  dims: { [k: string]: string },
): void {
  const fix =
    'This is a bug of the dashboard or of resource discovery: report it, and set dashboard.enabled to false meanwhile.';
  for (const [what, value] of [
    ['namespace', spec.namespace],
    ['metric name', spec.metricName],
    ['statistic', spec.statistic],
  ]) {
    if (typeof value !== 'string' || value.length === 0) {
      throw invalidProp(scope, 'dashboard', `a metric of ${resource.label} has no ${what}`, fix);
    }
  }
  for (const [name, value] of Object.entries(dims)) {
    const literalTooLong =
      !Token.isUnresolved(value) && typeof value === 'string' && value.length > DIMENSION_VALUE_MAX;
    if (typeof value !== 'string' || value.length === 0 || literalTooLong) {
      throw invalidProp(
        scope,
        'dashboard',
        `the dimension ${name} of ${spec.metricName} for ${resource.label} is ${JSON.stringify(value)}, not a 1-${DIMENSION_VALUE_MAX} character string`,
        fix,
      );
    }
  }
}

function drawLine(
  scope: IConstruct,
  resource: MonitoredResource,
  line: SignalLine,
  key: string,
  period: Duration,
): DrawnLine[] {
  const drawn: DrawnLine[] = [];
  const seconds = Math.max(period.toSeconds(), line.minimumPeriodSeconds?.(resource) ?? 0);
  lineDimensionSets(line, resource).forEach((dims, d) => {
    const specOf = (spec: MetricSpec): MetricSpec => {
      const withDims = {
        ...spec,
        periodSeconds: Math.max(spec.periodSeconds ?? 0, seconds),
        dimensions: dims ?? spec.dimensions,
      };
      checkSpec(scope, resource, withDims, { ...(withDims.dimensions ?? resource.dimensions) });
      return withDims;
    };
    const suffix = dims && lineDimensionSets(line, resource).length > 1 ? ` ${Object.values(dims)[0]}` : '';
    const label = `${resource.label}${suffix}: ${line.label}`;
    const metric = line.metricFor ? line.metricFor(resource) : line.metric;
    if (metric) {
      const spec = specOf(metric);
      drawn.push({ metric: metricOf(resource, spec, label), size: 1, periodSeconds: spec.periodSeconds! });
    } else if (line.expression && line.usingMetrics) {
      // ids unique in the graph: <id>_<resource key>_<dimension set>
      const ids = Object.keys(line.usingMetrics);
      const usingMetrics: { [id: string]: cloudwatch.IMetric } = {};
      let expression = line.expression;
      for (const id of ids) {
        const unique = `${id}_${key}_${d}`;
        usingMetrics[unique] = metricOf(resource, specOf(line.usingMetrics[id]));
        expression = expression.replace(new RegExp(`\\b${id}\\b`, 'g'), unique);
      }
      drawn.push({
        metric: new cloudwatch.MathExpression({
          expression,
          usingMetrics,
          label,
          period: Duration.seconds(seconds),
        }),
        size: 1 + ids.length,
        periodSeconds: seconds,
      });
    }
  });
  return drawn;
}

/** Splits `items` in order into groups whose summed sizes stay within `budget` (an item over it alone). */
function chunk<T>(items: T[], weight: (item: T) => number, budget: number): T[][] {
  const groups: T[][] = [];
  let current: T[] = [];
  let used = 0;
  for (const item of items) {
    const size = weight(item);
    if (current.length > 0 && used + size > budget) {
      groups.push(current);
      current = [];
      used = 0;
    }
    current.push(item);
    used += size;
  }
  if (current.length > 0) groups.push(current);
  return groups;
}

/** A resource's lines per signal. */
type ResourceLines = {
  readonly resource: MonitoredResource;
  readonly lines: { [s in GoldenSignal]: DrawnLine[] };
};

function sizeOf(r: ResourceLines): number {
  return Math.max(...GOLDEN_SIGNALS.map((s) => r.lines[s].reduce((n, l) => n + l.size, 0)));
}

function graphTitle(signals: KindSignals, signal: GoldenSignal, part: string): string {
  const unit = signals.units?.[signal];
  return `${signals.title}: ${signal}${unit ? ` (${unit})` : ''}${part}`;
}

/** The rows of one kind: a title, then graphs of the resources' signals, as many rows as the budget needs. */
function kindRows(
  scope: IConstruct,
  kind: ResourceKind,
  resources: MonitoredResource[],
  period: Duration,
): cloudwatch.IWidget[][] {
  const signals = DASHBOARD_SIGNALS[kind]!;
  const drawn: ResourceLines[] = resources.map((resource, i) => {
    const lines = {} as { [s in GoldenSignal]: DrawnLine[] };
    for (const s of GOLDEN_SIGNALS) {
      lines[s] = signals.signals[s].flatMap((line, j) =>
        drawLine(scope, resource, line, `${i}_${j}`, period),
      );
    }
    return { resource, lines };
  });
  // one region per graph: CloudFront's metrics are in us-east-1, and metric math cannot mix regions
  const regions = [...new Set(drawn.map((r) => r.resource.metricRegion ?? ''))];
  const groups = regions.flatMap((region) =>
    chunk(
      drawn.filter((r) => (r.resource.metricRegion ?? '') === region),
      sizeOf,
      METRICS_PER_GRAPH,
    ),
  );
  const rows: cloudwatch.IWidget[][] = [
    [
      new cloudwatch.TextWidget({
        markdown: `## ${signals.title} (${resources[0].tier} tier)`,
        width: GRID_COLUMNS,
        height: 1,
      }),
    ],
  ];
  groups.forEach((group, g) => {
    const part = groups.length > 1 ? ` (${g + 1}/${groups.length})` : '';
    const shown = GOLDEN_SIGNALS.filter((s) => group.some((r) => r.lines[s].length > 0));
    if (shown.length === 0) return;
    const width = Math.floor(GRID_COLUMNS / shown.length);
    rows.push(
      shown.map((s) => {
        const lines = group.flatMap((r) => r.lines[s]);
        // the graph's period too: aws-cdk-lib leaves a metric's 300 s period out of the body, and
        // the metric would then take the graph's
        const graphPeriod = Math.max(...lines.map((l) => l.periodSeconds));
        return new cloudwatch.GraphWidget({
          title: graphTitle(signals, s, part),
          left: lines.map((l) => l.metric),
          width,
          height: GRAPH_HEIGHT,
          region: group[0].resource.metricRegion,
          period: Duration.seconds(graphPeriod),
          leftYAxis: { min: 0, showUnits: false },
        });
      }),
    );
  });
  return rows.length > 1 ? rows : [];
}

/** The tier rows of the resources, in request order; kinds the dashboard has no signals for are left out. */
export function tierRows(
  scope: IConstruct,
  resources: MonitoredResource[],
  period: Duration,
): cloudwatch.IWidget[][] {
  return REQUEST_ORDER.filter((kind) => DASHBOARD_SIGNALS[kind] !== undefined).flatMap((kind) => {
    const ofKind = resources.filter((r) => r.kind === kind);
    return ofKind.length === 0 ? [] : kindRows(scope, kind, ofKind, period);
  });
}
