/**
 * The metric widget part of the dashboard body check (`dashboard-limits.ts`): "Properties of a
 * Metric Widget Object" and "Metric Widget: Format for Each Metric in the Array" of
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/CloudWatch-Dashboard-Body-Structure.html
 */

/** "You can assign up to 30 dimensions to a metric" https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch_concepts.html#Dimension */
export const DIMENSIONS_PER_METRIC = 30;

const METRIC_OPTION_KEYS = new Set([
  'accountId',
  'color',
  'label',
  'period',
  'region',
  'stat',
  'visible',
  'yAxis',
  'id',
]);
const EXPRESSION_KEYS = new Set([
  'expression',
  'label',
  'id',
  'period',
  'visible',
  'color',
  'yAxis',
  'region',
  'accountId',
]);
export const STAT =
  /^(SampleCount|Average|Sum|Minimum|Maximum|p\d{1,2}(\.\d+)?|p100|(tm|wm|tc|ts|TM|WM|TC|TS)\d{1,2}(\.\d+)?|IQM)$/;
export const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);
export const isObject = (v: unknown): v is { [k: string]: unknown } =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function checkPeriod(where: string, period: unknown, problems: string[]): void {
  if (period === undefined) return;
  if (
    !isInt(period) ||
    !(period === 1 || period === 5 || period === 10 || period === 30 || (period >= 60 && period % 60 === 0))
  ) {
    problems.push(`${where}: period ${JSON.stringify(period)} is not 1, 5, 10, 30 or a multiple of 60`);
  }
}

/** One entry of a metric widget's `metrics` ("Metric Widget: Format for Each Metric in the Array"). */
function checkMetricArray(
  where: string,
  m: unknown,
  first: boolean,
  ids: Set<string>,
  problems: string[],
): string | undefined {
  if (!Array.isArray(m) || m.length === 0) {
    problems.push(`${where}: not a non-empty array`);
    return undefined;
  }
  const last = m[m.length - 1];
  const options = isObject(last) ? last : undefined;
  const items = options ? m.slice(0, -1) : m;
  if (options && items.length === 0) {
    // an expression: [{ "expression": "...", "id": "...", "label": "..." }]
    if (typeof options.expression !== 'string' || options.expression.length === 0) {
      problems.push(`${where}: an options-only entry needs an expression`);
    }
    for (const k of Object.keys(options)) {
      if (!EXPRESSION_KEYS.has(k)) problems.push(`${where}: unknown key ${k}`);
    }
  } else {
    if (items.some((x) => typeof x !== 'string' || x.length === 0)) {
      problems.push(
        `${where}: namespace, metric name and dimensions must be non-empty strings, got ${JSON.stringify(items)}`,
      );
    }
    if (items.length < 2) problems.push(`${where}: needs a namespace and a metric name`);
    if ((items.length - 2) % 2 !== 0) problems.push(`${where}: a dimension name without a value`);
    if ((items.length - 2) / 2 > DIMENSIONS_PER_METRIC) {
      problems.push(`${where}: more than 30 dimensions`);
    }
    if (first && items.some((x) => x === '.' || x === '...')) {
      problems.push(`${where}: the first metric cannot use the '.' or '...' shorthand of a previous one`);
    }
    if (options) {
      for (const k of Object.keys(options)) {
        if (!METRIC_OPTION_KEYS.has(k)) problems.push(`${where}: unknown key ${k}`);
      }
      if (options.stat !== undefined && (typeof options.stat !== 'string' || !STAT.test(options.stat))) {
        problems.push(`${where}: stat ${JSON.stringify(options.stat)} is not a CloudWatch statistic`);
      }
    }
  }
  if (options) {
    checkPeriod(where, options.period, problems);
    if (options.yAxis !== undefined && options.yAxis !== 'left' && options.yAxis !== 'right') {
      problems.push(`${where}: yAxis is left or right`);
    }
    if (options.id !== undefined) {
      if (typeof options.id !== 'string' || !/^[a-z][a-zA-Z0-9_]*$/.test(options.id)) {
        problems.push(`${where}: id ${JSON.stringify(options.id)} must start with a lowercase letter`);
      } else if (ids.has(options.id)) {
        problems.push(`${where}: id ${options.id} is used twice in the widget`);
      } else {
        ids.add(options.id);
      }
    }
    return typeof options.expression === 'string' ? options.expression : undefined;
  }
  return undefined;
}

export function checkMetricWidget(
  where: string,
  p: { [k: string]: unknown },
  max: number,
  problems: string[],
): number {
  const metrics = p.metrics;
  const hasAlarm = isObject(p.annotations) && Array.isArray(p.annotations.alarms);
  if (metrics === undefined && !hasAlarm) {
    problems.push(`${where}: a metric widget needs metrics or an alarm annotation`);
  }
  if (typeof p.region !== 'string' || p.region.length === 0) problems.push(`${where}: region is required`);
  if (
    p.view !== undefined &&
    !['timeSeries', 'singleValue', 'gauge', 'bar', 'pie', 'table'].includes(p.view as string)
  ) {
    problems.push(`${where}: unknown view ${JSON.stringify(p.view)}`);
  }
  if (p.stat !== undefined && (typeof p.stat !== 'string' || !STAT.test(p.stat))) {
    problems.push(`${where}: stat is not a statistic`);
  }
  checkPeriod(where, p.period, problems);
  if (metrics === undefined) return 0;
  if (!Array.isArray(metrics)) {
    problems.push(`${where}: metrics is not an array`);
    return 0;
  }
  if (metrics.length > max) problems.push(`${where}: ${metrics.length} metrics, more than ${max}`);
  const ids = new Set<string>();
  const expressions: string[] = [];
  metrics.forEach((m, i) => {
    const expression = checkMetricArray(`${where}.metrics[${i}]`, m, i === 0, ids, problems);
    if (expression) expressions.push(expression);
  });
  for (const expression of expressions) {
    // metric math functions are upper case (FILL, SUM, ...): a lower-case name is a metric id
    for (const ref of expression.match(/\b[a-z][a-zA-Z0-9_]*\b/g) ?? []) {
      if (!ids.has(ref)) {
        problems.push(`${where}: expression ${expression} uses ${ref}, no metric of the widget has that id`);
      }
    }
  }
  return metrics.length;
}
