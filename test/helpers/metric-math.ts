/**
 * A small evaluator of CloudWatch metric math, and of Application Auto Scaling's target
 * tracking, so a test can say what a synthesized alarm or scaling policy does on sample values.
 *
 * Metric math, on time series aligned by timestamp (one value per period, `undefined` where the
 * metric has no data point) and scalars, as "Using metric math" describes:
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/using-metric-math.html
 * - arithmetic `+ - * / ^` (^ binds tighter and to the right), unary minus, parentheses; between
 *   two series point by point, a point missing in either is missing in the result; a division
 *   by zero has no data point;
 * - comparisons `== != < <= > >=` give 1 or 0; `AND`/`&&`, `OR`/`||`, `NOT`;
 * - `IF(condition, trueValue[, falseValue])` point by point: no data point where the condition
 *   has none, nor where it is false and there is no falseValue;
 * - `FILL(s, value | REPEAT | LINEAR)` fills the missing points of the range;
 * - `MAX`, `MIN`, `SUM`, `AVG` of an array `[a, b]`: a series of the points present at each
 *   timestamp; of one series: the scalar over the range;
 * - `ABS`, `CEIL`, `FLOOR`, `DIFF`, `RATE` (change per second), `PERIOD` (the period in seconds).
 * Other functions are rejected, so an expression that starts using one fails here rather than
 * being evaluated wrongly.
 *
 * Target tracking: the metric is kept at the target by changing capacity in proportion,
 * `ceil(current × metric / target)`, within min and max. It scales out when the metric is above
 * the target and in when it is below 90 % of it (the two alarms Application Auto Scaling creates
 * for a policy), and does nothing while the metric has no value.
 * See https://docs.aws.amazon.com/autoscaling/application/userguide/application-auto-scaling-target-tracking.html
 */
import { Node, parse } from './metric-math-parser';

/** One metric data query of a customized metric specification or an alarm, as in the template. */
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
    readonly Period?: number;
  };
  readonly ReturnData?: boolean;
}

/** A metric's value for a statistic over the period, or undefined when it has no data point. */
export type MetricSource = (namespace: string, metricName: string, stat: string) => number | undefined;

/** A time series: one value per period of the range, undefined where there is no data point. */
export type Series = (number | undefined)[];

/** A value of metric math: a scalar, a series, or an array of series (`[a, b]`). */
export type MathValue = number | Series | Series[];

/** The range: how many periods, and each query's period in seconds (for RATE and PERIOD). */
export interface MathRange {
  readonly length: number;
  readonly periodSeconds?: { [id: string]: number };
}

const isArrayOfSeries = (v: MathValue): v is Series[] =>
  Array.isArray(v) && v.length > 0 && v.every(Array.isArray);
const isSeries = (v: MathValue): v is Series => Array.isArray(v) && !isArrayOfSeries(v);

/** Applies `f` point by point; a scalar stands for its value at every point. */
function pointwise(
  args: MathValue[],
  range: MathRange,
  f: (...v: number[]) => number | undefined,
): MathValue {
  if (args.some(isArrayOfSeries)) throw new Error('metric math: an array of series is not a value here');
  if (args.every((a) => typeof a === 'number')) return f(...(args as number[])) ?? NaN;
  return Array.from({ length: range.length }, (_, i) => {
    const values = args.map((a) => (typeof a === 'number' ? a : (a as Series)[i]));
    if (values.some((v) => v === undefined || Number.isNaN(v))) return undefined;
    return f(...(values as number[]));
  });
}

function arithmetic(op: string, a: number, b: number): number | undefined {
  switch (op) {
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
      return b === 0 ? undefined : a / b;
    case '^':
      return a ** b;
    case '==':
      return a === b ? 1 : 0;
    case '!=':
      return a !== b ? 1 : 0;
    case '<':
      return a < b ? 1 : 0;
    case '<=':
      return a <= b ? 1 : 0;
    case '>':
      return a > b ? 1 : 0;
    case '>=':
      return a >= b ? 1 : 0;
    case 'AND':
      return a !== 0 && b !== 0 ? 1 : 0;
    default: // OR
      return a !== 0 || b !== 0 ? 1 : 0;
  }
}

function fill(series: MathValue, how: Node, range: MathRange, scope: Scope): Series {
  if (!isSeries(series)) throw new Error('metric math: FILL needs a series');
  if (how.kind === 'keyword') {
    const known = series.map((v, i) => [i, v] as const).filter(([, v]) => v !== undefined) as [
      number,
      number,
    ][];
    return series.map((v, i) => {
      if (v !== undefined) return v;
      const before = [...known].reverse().find(([j]) => j < i);
      const after = known.find(([j]) => j > i);
      if (how.name === 'REPEAT') return before?.[1];
      if (!before || !after) return undefined; // LINEAR between two known points only
      return before[1] + ((after[1] - before[1]) * (i - before[0])) / (after[0] - before[0]);
    });
  }
  const value = evaluate(how, range, scope);
  if (typeof value !== 'number') throw new Error('metric math: FILL with a series value is not implemented');
  return series.map((v) => v ?? value);
}

/** MAX/MIN/SUM/AVG: across an array point by point, or over the range of one series. */
function aggregate(name: string, arg: MathValue, range: MathRange): MathValue {
  const reduce = (values: number[]): number | undefined => {
    if (values.length === 0) return undefined;
    if (name === 'MAX') return Math.max(...values);
    if (name === 'MIN') return Math.min(...values);
    const sum = values.reduce((a, b) => a + b, 0);
    return name === 'SUM' ? sum : sum / values.length;
  };
  if (typeof arg === 'number') return arg;
  if (isArrayOfSeries(arg)) {
    return Array.from({ length: range.length }, (_, i) =>
      reduce(arg.map((s) => s[i]).filter((v): v is number => v !== undefined)),
    );
  }
  return reduce(arg.filter((v): v is number => v !== undefined)) ?? NaN;
}

interface Scope {
  readonly values: { [id: string]: MathValue };
  readonly expression: string;
}

function periodOf(node: Node, range: MathRange): number {
  if (node.kind !== 'id') throw new Error('metric math: PERIOD and RATE need a query id');
  const period = range.periodSeconds?.[node.name];
  if (period === undefined) throw new Error(`metric math: the period of '${node.name}' is not given`);
  return period;
}

function evaluate(node: Node, range: MathRange, scope: Scope): MathValue {
  switch (node.kind) {
    case 'number':
      return node.value;
    case 'id':
      if (!(node.name in scope.values)) {
        throw new Error(`metric math: '${node.name}' is not a query of the policy`);
      }
      return scope.values[node.name];
    case 'array':
      return node.items.map((item) => {
        const v = evaluate(item, range, scope);
        if (!isSeries(v)) throw new Error('metric math: an array holds series');
        return v;
      });
    case 'keyword':
      throw new Error(`metric math: ${node.name} is not a value`);
    case 'unary': {
      const v = evaluate(node.operand, range, scope);
      return pointwise([v], range, (x) => (node.op === '-' ? -x : x === 0 ? 1 : 0));
    }
    case 'binary': {
      const [a, b] = [evaluate(node.left, range, scope), evaluate(node.right, range, scope)];
      return pointwise([a, b], range, (x, y) => arithmetic(node.op, x, y));
    }
    case 'call':
      return call(node, range, scope);
  }
}

function call(node: Extract<Node, { kind: 'call' }>, range: MathRange, scope: Scope): MathValue {
  const args = node.args;
  const arity = (min: number, max = min) => {
    if (args.length < min || args.length > max) {
      throw new Error(`metric math: ${node.name} takes ${min}-${max} arguments`);
    }
  };
  switch (node.name) {
    case 'IF': {
      arity(2, 3);
      const [c, t] = [evaluate(args[0], range, scope), evaluate(args[1], range, scope)];
      const f = args[2] ? evaluate(args[2], range, scope) : undefined;
      if (typeof c === 'number') return c !== 0 ? t : (f ?? NaN);
      return Array.from({ length: range.length }, (_, i) => {
        const at = (v: MathValue | undefined) =>
          v === undefined ? undefined : typeof v === 'number' ? v : (v as Series)[i];
        const condition = at(c);
        if (condition === undefined) return undefined;
        return condition !== 0 ? at(t) : at(f);
      });
    }
    case 'FILL':
      arity(2);
      return fill(evaluate(args[0], range, scope), args[1], range, scope);
    case 'MAX':
    case 'MIN':
    case 'SUM':
    case 'AVG':
      arity(1);
      return aggregate(node.name, evaluate(args[0], range, scope), range);
    case 'ABS':
    case 'CEIL':
    case 'FLOOR': {
      arity(1);
      const f = node.name === 'ABS' ? Math.abs : node.name === 'CEIL' ? Math.ceil : Math.floor;
      return pointwise([evaluate(args[0], range, scope)], range, f);
    }
    case 'PERIOD':
      arity(1);
      return periodOf(args[0], range);
    case 'DIFF':
    case 'RATE': {
      arity(1);
      const s = evaluate(args[0], range, scope);
      if (!isSeries(s)) throw new Error(`metric math: ${node.name} needs a series`);
      const per = node.name === 'RATE' ? periodOf(args[0], range) : 1;
      return s.map((v, i) =>
        i === 0 || v === undefined || s[i - 1] === undefined ? undefined : (v - s[i - 1]!) / per,
      );
    }
    default:
      throw new Error(`metric math: function ${node.name} is not implemented`);
  }
}

/** Evaluates `expression` on series (and scalars) by query id over a range of `range.length` periods. */
export function evaluateSeries(
  expression: string,
  values: { [id: string]: MathValue },
  range: MathRange,
): MathValue {
  const result = evaluate(parse(expression), range, { values, expression });
  return typeof result === 'number' && Number.isNaN(result) ? [] : result;
}

/** Evaluates `expression` with one data point per id; undefined means no data point. */
export function evaluateExpression(
  expression: string,
  values: Record<string, number | undefined>,
): number | undefined {
  const series = Object.fromEntries(Object.entries(values).map(([id, v]) => [id, [v]]));
  const result = evaluate(parse(expression), { length: 1 }, { values: series, expression });
  if (typeof result === 'number') return Number.isNaN(result) ? undefined : result;
  if (isArrayOfSeries(result)) throw new Error(`metric math: '${expression}' is an array of series`);
  return result[0];
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
