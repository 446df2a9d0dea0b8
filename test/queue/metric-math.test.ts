import { evaluateExpression, evaluateQueries, targetTrackingCapacity } from '../helpers/metric-math';

describe('the metric math evaluator', () => {
  test.each<[string, Record<string, number | undefined>, number | undefined]>([
    ['a / b', { a: 900, b: 3 }, 300],
    ['a + b * c', { a: 1, b: 2, c: 3 }, 7],
    ['(a + b) * c', { a: 1, b: 2, c: 3 }, 9],
    ['a - b - c', { a: 10, b: 3, c: 2 }, 5],
    ['a / b / c', { a: 100, b: 5, c: 2 }, 10],
    ['2 ^ 3 ^ 2', {}, 512],
    ['-a + 4', { a: 1 }, 3],
    ['a / b', { a: 5, b: 0 }, undefined],
    ['a / b', { a: 5, b: undefined }, undefined],
    ['a * 0', { a: undefined }, undefined],
  ])('%s with %j is %s', (expression, values, result) => {
    expect(evaluateExpression(expression, values)).toBe(result);
  });

  test.each<[string, RegExp]>([
    ['a / c', /'c' is not a query/],
    ['ANOMALY_DETECTION_BAND(a, 2)', /function ANOMALY_DETECTION_BAND is not implemented/],
    ['a /', /ends early/],
    ['(a + 1', /missing '\)'/],
    ['a b', /unexpected input/],
    ['a % 2', /cannot read/],
  ])('%s is refused', (expression, message) => {
    expect(() => evaluateExpression(expression, { a: 1 })).toThrow(message);
  });

  test('evaluateQueries returns the one query with ReturnData, metrics from the source', () => {
    const queries = [
      {
        Id: 'm',
        MetricStat: { Metric: { Namespace: 'N', MetricName: 'M' }, Stat: 'Sum' },
        ReturnData: false,
      },
      { Id: 'e', Expression: 'm * 2', ReturnData: true },
    ];
    expect(evaluateQueries(queries, () => 21)).toBe(42);
    expect(() =>
      evaluateQueries([{ ...queries[1], Id: 'x', ReturnData: true }, queries[1]], () => 1),
    ).toThrow(/'m' is not a query/);
    expect(() => evaluateQueries([queries[0]], () => 1)).toThrow(/0 queries return data/);
  });

  test('target tracking: proportional out above the target, in below 90 % of it, within min and max', () => {
    const t = (current: number, metric: number | undefined) =>
      targetTrackingCapacity({ current, metric, target: 100, min: 1, max: 10 });
    expect(t(3, 300)).toBe(9);
    expect(t(3, 101)).toBe(4);
    expect(t(3, 100)).toBe(3);
    expect(t(3, 90)).toBe(3);
    expect(t(3, 89)).toBe(3); // ceil(3 × 0.89) = 3
    expect(t(3, 60)).toBe(2);
    expect(t(3, 0)).toBe(1);
    expect(t(3, 1e6)).toBe(10);
    expect(t(3, undefined)).toBe(3);
  });
});
