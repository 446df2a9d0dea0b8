import { num, props, Resources, str } from '../cfn';
import { fmt, H, LineDraft, lines, notPriced, Pricer, PricerFamily, CustomMetric } from './helpers';

/** The metrics an alarm watches: its own (Namespace, MetricName, Dimensions) or those of Metrics[].MetricStat. */
function alarmMetrics(p: any): any[] {
  if (Array.isArray(p.Metrics)) {
    return p.Metrics.map((m: any) => m?.MetricStat?.Metric).filter((m: any) => m && typeof m === 'object');
  }
  return p.Namespace !== undefined || p.MetricName !== undefined ? [p] : [];
}

/**
 * The distinct custom metrics the alarms of the template watch, by (namespace, metric name,
 * dimensions), each listed under the first alarm that watches it so it is counted once. A metric
 * whose namespace is not a literal is left out (it may be an AWS one).
 */
export function customMetricsByAlarm(resources: Resources): Map<string, CustomMetric[]> {
  const seen = new Map<string, CustomMetric>();
  const byAlarm = new Map<string, CustomMetric[]>();
  for (const [id, r] of Object.entries(resources)) {
    if (r?.Type !== 'AWS::CloudWatch::Alarm') continue;
    for (const m of alarmMetrics(props(r))) {
      const namespace = str(m.Namespace);
      if (namespace === undefined || namespace.startsWith('AWS/')) continue;
      const name = str(m.MetricName) ?? JSON.stringify(m.MetricName ?? null);
      const dims: any[] = Array.isArray(m.Dimensions) ? m.Dimensions : [];
      const dimKeys = dims
        .map((d) => `${str(d?.Name) ?? JSON.stringify(d?.Name)}=${JSON.stringify(d?.Value)}`)
        .sort();
      const key = JSON.stringify([namespace, name, dimKeys]);
      const known = seen.get(key);
      if (known) {
        if (!known.alarms.includes(id)) known.alarms.push(id);
        continue;
      }
      const dimText = dims
        .map((d) => {
          const dimName = str(d?.Name) ?? '?';
          const value = str(d?.Value);
          return value === undefined ? dimName : `${dimName}=${value}`;
        })
        .join(', ');
      const metric: CustomMetric = {
        description: `custom metric ${namespace} ${name}${dimText ? ` (${dimText})` : ''}`,
        alarms: [id],
      };
      seen.set(key, metric);
      byAlarm.set(id, [...(byAlarm.get(id) ?? []), metric]);
    }
  }
  return byAlarm;
}

const alarm: Pricer = (id, resource, ctx) => {
  const p = props(resource);
  const metrics: any[] = Array.isArray(p.Metrics) ? p.Metrics.filter((m: any) => m && m.MetricStat) : [];
  const count = Math.max(1, metrics.length);
  const periods = [num(p.Period), ...metrics.map((m) => num(m.MetricStat?.Period))].filter(
    (x): x is number => x !== undefined,
  );
  const drafts: LineDraft[] = [
    periods.some((x) => x < 60)
      ? {
          description: 'high-resolution alarm',
          priceKey: 'cloudwatch.alarm.highResolution.month',
          quantity: count,
          unit: 'alarm-metrics',
          assumption: 'period under 60 s',
        }
      : {
          description: 'standard alarm',
          priceKey: 'cloudwatch.alarm.standard.month',
          quantity: count,
          unit: 'alarm-metrics',
          assumption: metrics.length > 1 ? `${count} metrics in the metric math expression` : '1 metric',
        },
  ];
  for (const metric of ctx.facts.customMetricsByAlarm.get(id) ?? []) {
    const others = metric.alarms.filter((a) => a !== id);
    drafts.push({
      description: metric.description,
      priceKey: 'cloudwatch.metric.month',
      quantity: 1,
      unit: 'metrics',
      assumption:
        'a namespace not starting with AWS/ is a custom metric, charged per metric-month; counted once ' +
        'per distinct namespace, name and dimensions across the template' +
        (others.length > 0 ? ` (also watched by ${others.join(', ')})` : ''),
    });
  }
  return lines(...drafts);
};

const logGroup: Pricer = (_id, resource, ctx) => {
  const p = props(resource);
  const n = ctx.share('logs');
  const gb = ctx.assumptions.logIngestGb / n;
  const logClass = str(p.LogGroupClass) ?? 'STANDARD';
  if (logClass !== 'STANDARD') {
    return notPriced(`no list price in the price table for the ${logClass} log class`);
  }
  const days = num(p.RetentionInDays);
  const months = days === undefined ? 12 : Math.min(days, 365) / 30;
  const stored = gb * months;
  const split = `logIngestGb ${fmt(ctx.assumptions.logIngestGb)} GB/month split evenly over ${n} log group(s)`;
  return lines(
    {
      description: 'log ingestion',
      priceKey: 'cloudwatch.logs.ingestPerGb',
      quantity: gb,
      unit: 'GB',
      assumption: split,
    },
    {
      description: 'log storage',
      priceKey: 'cloudwatch.logs.storageGbMonth',
      quantity: stored,
      unit: 'GB-month',
      assumption:
        `steady state: ${fmt(gb)} GB/month × ${fmt(months)} months kept ` +
        (days === undefined ? '(never expires: 12-month horizon)' : `(${days} days / 30)`) +
        '; compression ignored (upper bound)',
    },
  );
};

/** The smallest memory of a canary run (https://docs.aws.amazon.com/AmazonSynthetics/latest/APIReference/API_CanaryRunConfigOutput.html). */
const CANARY_MIN_MEMORY_MB = 960;

/** Assumed seconds of a canary run (the runtime's start and a few requests); the run timeout bounds it. */
const CANARY_RUN_SECONDS = 5;

/** Runs a month of a canary's schedule: `rate(N minutes|hours)`, or `rate(0 minute)` (once). */
function canaryRuns(expression: string | undefined): number | undefined {
  const m = /^rate\((\d+) (minute|minutes|hour|hours)\)$/.exec(expression ?? '');
  if (!m) return undefined;
  const n = Number(m[1]);
  if (n === 0) return 1;
  return m[2].startsWith('minute') ? (H * 60) / n : H / n;
}

const canary: Pricer = (_id, resource) => {
  const expression = str(props(resource).Schedule?.Expression);
  const runs = canaryRuns(expression);
  if (runs === undefined) {
    return notPriced(
      `Schedule.Expression ${expression === undefined ? 'is not a literal' : `'${expression}' is not a rate() schedule`}: runs a month not known`,
    );
  }
  const run = props(resource).RunConfig ?? {};
  const memoryMb = typeof run.MemoryInMB === 'number' ? run.MemoryInMB : CANARY_MIN_MEMORY_MB;
  const timeoutS = typeof run.TimeoutInSeconds === 'number' ? run.TimeoutInSeconds : undefined;
  const gb = memoryMb / 1024;
  const seconds = timeoutS === undefined ? CANARY_RUN_SECONDS : Math.min(CANARY_RUN_SECONDS, timeoutS);
  return lines(
    {
      description: 'Synthetics canary runs',
      priceKey: 'cloudwatch.synthetics.perCanaryRun',
      quantity: runs,
      unit: 'runs',
      assumption: `${expression}: ${fmt(runs)} runs a month (${H} h); its logs and S3 artifacts (a few KB a run) not priced`,
    },
    {
      description: `Synthetics canary's Lambda compute (${fmt(memoryMb)} MB)`,
      priceKey: 'lambda.x86.gbSecond',
      quantity: runs * seconds * gb,
      quantityMax: timeoutS === undefined ? undefined : runs * timeoutS * gb,
      unit: 'GB-seconds',
      assumption:
        `${fmt(runs)} runs × ${fmt(seconds)} s (a plain HTTP check; up to the ${timeoutS === undefined ? 'run timeout' : `${timeoutS} s run timeout`}) × ` +
        `${fmt(gb)} GB (${typeof run.MemoryInMB === 'number' ? 'RunConfig.MemoryInMB' : 'not set: the 960 MB minimum'}); Synthetics bills its Lambda separately (https://aws.amazon.com/cloudwatch/pricing/)`,
    },
  );
};

/** The always-free tier covers 3 dashboards of up to 50 metrics each (https://aws.amazon.com/cloudwatch/pricing/). */
const FREE_DASHBOARD_METRICS = 50;

/**
 * The metrics of a dashboard body (each metric array of its metric widgets that is not a math
 * expression), the body's tokens read as placeholders; undefined when it does not parse.
 */
export function dashboardMetricCount(body: unknown): number | undefined {
  const join = (body as any)?.['Fn::Join'];
  const text =
    typeof body === 'string'
      ? body
      : Array.isArray(join?.[1])
        ? join[1].map((p: unknown) => (typeof p === 'string' ? p : 'token')).join(String(join[0]))
        : undefined;
  if (text === undefined) return undefined;
  try {
    const widgets = JSON.parse(text)?.widgets;
    if (!Array.isArray(widgets)) return undefined;
    return widgets
      .flatMap((w: any) => (Array.isArray(w?.properties?.metrics) ? w.properties.metrics : []))
      .filter((m: unknown) => Array.isArray(m) && typeof m[0] === 'string').length;
  } catch {
    return undefined;
  }
}

const dashboard: Pricer = (_id, r) => {
  const metrics = dashboardMetricCount(props(r).DashboardBody);
  const over = metrics !== undefined && metrics > FREE_DASHBOARD_METRICS;
  return lines({
    description: 'dashboard',
    priceKey: 'cloudwatch.dashboard.month',
    quantity: 1,
    unit: 'dashboards',
    assumption:
      metrics === undefined
        ? 'one dashboard'
        : `one dashboard of ${metrics} metrics${over ? `: past the always-free tier's ${FREE_DASHBOARD_METRICS} a dashboard` : ''}`,
    outsideAllowance: over,
  });
};

/** A composite alarm: one alarm-month of its own, whatever its rule names. */
const compositeAlarm: Pricer = () =>
  lines({
    description: 'composite alarm',
    priceKey: 'cloudwatch.alarm.composite.month',
    quantity: 1,
    unit: 'composite alarms',
    assumption: 'one composite alarm (the alarms its rule names are priced on their own)',
  });

/** CloudWatch alarms (and the custom metrics they watch), dashboards, log groups and canaries. */
export const OBSERVABILITY: PricerFamily = {
  pricers: {
    'AWS::CloudWatch::Alarm': alarm,
    'AWS::CloudWatch::CompositeAlarm': compositeAlarm,
    'AWS::CloudWatch::Dashboard': dashboard,
    'AWS::Logs::LogGroup': logGroup,
    'AWS::Synthetics::Canary': canary,
  },
  shareRules: {
    'AWS::Logs::LogGroup': () => 'logs',
  },
  free: {
    'AWS::Logs::ResourcePolicy': 'no charge',
    'AWS::Logs::SubscriptionFilter': 'no charge of its own',
    'AWS::Logs::MetricFilter':
      'no charge of its own (its custom metric is listed on the alarms that watch it, if any)',
  },
  priceKeys: [
    'lambda.x86.gbSecond',
    'cloudwatch.alarm.standard.month',
    'cloudwatch.alarm.highResolution.month',
    'cloudwatch.alarm.composite.month',
    'cloudwatch.metric.month',
    'cloudwatch.dashboard.month',
    'cloudwatch.logs.ingestPerGb',
    'cloudwatch.logs.storageGbMonth',
    'cloudwatch.synthetics.perCanaryRun',
  ],
};
