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
    const runLines = e.lines.filter((l) => l.description === 'Synthetics canary runs');
    expect(runLines.map((l) => [l.quantity, l.monthlyUsd])).toEqual([[runs, usd]]);
  });

  test("the canary's Lambda: runs × 5 s × RunConfig.MemoryInMB, up to the run timeout", () => {
    const resource = {
      Type: 'AWS::Synthetics::Canary',
      Properties: {
        Schedule: { Expression: 'rate(15 minutes)' },
        RunConfig: { MemoryInMB: 960, TimeoutInSeconds: 50 },
      },
    };
    const e = new CostEstimator(LIST_PRICES).estimateTemplate(
      { Resources: { Canary: resource } },
      'Canaries',
    );
    const lambda = e.lines.find((l) => l.description.startsWith("Synthetics canary's Lambda"))!;
    // 730 × 60 / 15 = 2920 runs; 2920 × 5 s × 0.9375 GB = 13,687.5 GB-s; at most 2920 × 50 s × 0.9375.
    expect(lambda.quantity).toBeCloseTo(13687.5, 6);
    // lambda.x86.gbSecond 0.0000166667 USD: $0.2281 a month, at most $2.2813.
    expect(lambda.monthlyUsd).toBeCloseTo(0.2281, 4);
    expect(lambda.monthlyMaxUsd).toBeCloseTo(2.2813, 4);
  });

  test("the canary's Lambda without RunConfig: the 960 MB minimum, 5 s a run", () => {
    const e = new CostEstimator(LIST_PRICES).estimateTemplate(
      { Resources: { Canary: canary('rate(1 hour)') } },
      'Canaries',
    );
    const lambda = e.lines.find((l) => l.description.startsWith("Synthetics canary's Lambda"))!;
    expect(lambda.quantity).toBeCloseTo(730 * 5 * (960 / 1024), 6);
    expect(lambda.assumption).toContain('the 960 MB minimum');
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
