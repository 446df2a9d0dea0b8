/**
 * A small evaluator of CloudWatch metric math and of Application Auto Scaling's target tracking,
 * so a test can say what a synthesized scaling policy does on sample values.
 *
 * Metric math: the arithmetic operators + - * / ^ with their usual precedence (^ binds tighter
 * and to the right), unary minus, parentheses, numbers and query ids, evaluated on one data point
 * per query (CloudWatch evaluates an expression point by point over time series aligned by
 * timestamp). A query without a data point makes the expression have none; so does a division by
 * zero. Functions (FILL, IF, SUM...) are not implemented and are rejected, so a policy that starts
 * using one fails here rather than being evaluated wrongly.
 * See https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/using-metric-math.html
 *
 * Target tracking: the metric is kept at the target by changing capacity in proportion,
 * `ceil(current × metric / target)`, within min and max. It scales out when the metric is above
 * the target and in when it is below 90 % of it (the two alarms Application Auto Scaling creates
 * for a policy), and does nothing while the metric has no value.
 * See https://docs.aws.amazon.com/autoscaling/application/userguide/application-auto-scaling-target-tracking.html
 */

/** One metric data query of a customized metric specification, as in the template. */
export interface MetricDataQuery {
  readonly Id: string;
  readonly Expression?: string;
  readonly MetricStat?: {
    readonly Metric: {
      readonly Namespace: string;
      readonly MetricName: string;
      readonly Dimensions?: { Name: string; Value: unknown }[];
    };
    readonly Stat: string;
  };
  readonly ReturnData?: boolean;
}

/** A metric's value for a statistic over the period, or undefined when it has no data point. */
export type MetricSource = (namespace: string, metricName: string, stat: string) => number | undefined;

type Token = { kind: 'num'; value: number } | { kind: 'id'; name: string } | { kind: 'op'; op: string };

function tokenize(expression: string): Token[] {
  const tokens: Token[] = [];
  const re = /\s*(?:(\d+(?:\.\d+)?)|([a-z][a-zA-Z0-9_]*)|([A-Z][A-Z_]*)\s*\(|([-+*/^()]))/y;
  let at = 0;
  while (at < expression.length) {
    if (/^\s+$/.test(expression.slice(at))) break;
    re.lastIndex = at;
    const m = re.exec(expression);
    if (!m) throw new Error(`metric math: cannot read '${expression.slice(at)}' in '${expression}'`);
    if (m[1] !== undefined) tokens.push({ kind: 'num', value: Number(m[1]) });
    else if (m[2] !== undefined) tokens.push({ kind: 'id', name: m[2] });
    else if (m[3] !== undefined) throw new Error(`metric math: function ${m[3]} is not implemented`);
    else tokens.push({ kind: 'op', op: m[4] });
    at = re.lastIndex;
  }
  return tokens;
}

/** Evaluates `expression` with `values` for the ids it names; undefined means no data point. */
export function evaluateExpression(
  expression: string,
  values: Record<string, number | undefined>,
): number | undefined {
  const tokens = tokenize(expression);
  let pos = 0;
  const peek = () => tokens[pos];
  const isOp = (op: string) => peek()?.kind === 'op' && (peek() as { op: string }).op === op;

  const combine = (a: number | undefined, b: number | undefined, op: string): number | undefined => {
    if (a === undefined || b === undefined) return undefined;
    switch (op) {
      case '+':
        return a + b;
      case '-':
        return a - b;
      case '*':
        return a * b;
      case '/':
        return b === 0 ? undefined : a / b;
      default:
        return a ** b;
    }
  };
  const primary = (): number | undefined => {
    const t = tokens[pos++];
    if (!t) throw new Error(`metric math: '${expression}' ends early`);
    if (t.kind === 'num') return t.value;
    if (t.kind === 'id') {
      if (!(t.name in values)) throw new Error(`metric math: '${t.name}' is not a query of the policy`);
      return values[t.name];
    }
    if (t.op === '(') {
      const v = sum();
      if (!isOp(')')) throw new Error(`metric math: missing ')' in '${expression}'`);
      pos++;
      return v;
    }
    if (t.op === '-') {
      const v = power();
      return v === undefined ? undefined : -v;
    }
    throw new Error(`metric math: unexpected '${t.op}' in '${expression}'`);
  };
  const power = (): number | undefined => {
    const base = primary();
    if (isOp('^')) {
      pos++;
      return combine(base, power(), '^');
    }
    return base;
  };
  const product = (): number | undefined => {
    let v = power();
    while (isOp('*') || isOp('/')) {
      const op = (tokens[pos++] as { op: string }).op;
      v = combine(v, power(), op);
    }
    return v;
  };
  const sum = (): number | undefined => {
    let v = product();
    while (isOp('+') || isOp('-')) {
      const op = (tokens[pos++] as { op: string }).op;
      v = combine(v, product(), op);
    }
    return v;
  };
  const result = sum();
  if (pos !== tokens.length) {
    throw new Error(`metric math: unexpected input after position ${pos} in '${expression}'`);
  }
  return result;
}

/**
 * The value of the one query with `ReturnData: true`, after evaluating every metric query from
 * `source` and every expression in order (a query may use the ones before it).
 */
export function evaluateQueries(queries: MetricDataQuery[], source: MetricSource): number | undefined {
  const values: Record<string, number | undefined> = {};
  for (const q of queries) {
    if (q.MetricStat) {
      values[q.Id] = source(q.MetricStat.Metric.Namespace, q.MetricStat.Metric.MetricName, q.MetricStat.Stat);
    } else if (q.Expression !== undefined) {
      values[q.Id] = evaluateExpression(q.Expression, values);
    } else {
      throw new Error(`metric math: query '${q.Id}' has neither MetricStat nor Expression`);
    }
  }
  const returned = queries.filter((q) => q.ReturnData !== false);
  if (returned.length !== 1) {
    throw new Error(`metric math: ${returned.length} queries return data; target tracking needs exactly one`);
  }
  return values[returned[0].Id];
}

/** The capacity target tracking sets, from the current capacity and the metric's value. */
export function targetTrackingCapacity(options: {
  current: number;
  metric: number | undefined;
  target: number;
  min: number;
  max: number;
}): number {
  const { current, metric, target, min, max } = options;
  const clamp = (n: number) => Math.min(max, Math.max(min, n));
  if (metric === undefined) return current;
  const proportional = clamp(Math.ceil((current * metric) / target - 1e-9));
  if (metric > target) return Math.max(current, proportional);
  if (metric < 0.9 * target) return Math.min(current, proportional);
  return clamp(current);
}
