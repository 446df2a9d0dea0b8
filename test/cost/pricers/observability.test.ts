import { CostEstimator } from '../../../src/cost';
import { LIST_PRICES } from '../list-prices';

// cloudwatch.synthetics.perCanaryRun 0.0012 per run, 730 h a month.
describe('observability family: Synthetics canaries', () => {
  const canary = (expression: unknown) => ({
    Type: 'AWS::Synthetics::Canary',
    Properties: { Schedule: { Expression: expression } },
  });
  test.each([
    ['every 5 minutes', 'rate(5 minutes)', 8760, 10.512], // 730 × 60 / 5 = 8760 runs × 0.0012
    ['every hour', 'rate(1 hour)', 730, 0.876],
    ['once', 'rate(0 minute)', 1, 0.0012],
  ])('%s', (_what, expression, runs, usd) => {
    const e = new CostEstimator(LIST_PRICES).estimateTemplate(
      { Resources: { Canary: canary(expression) } },
      'Canaries',
    );
    expect(e.lines.map((l) => [l.quantity, l.monthlyUsd])).toEqual([[runs, usd]]);
  });

  test('a cron schedule is not priced, with the reason', () => {
    const e = new CostEstimator(LIST_PRICES).estimateTemplate(
      { Resources: { Canary: canary('cron(0 * * * ? *)') } },
      'Canaries',
    );
    expect(e.notPriced[0].reason).toBe(
      "Schedule.Expression 'cron(0 * * * ? *)' is not a rate() schedule: runs a month not known",
    );
  });
});
