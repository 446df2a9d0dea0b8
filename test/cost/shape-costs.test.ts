import { SCALES, scaledAssumptions, shapeCosts } from '../../benchmarks/shape-costs';

/*
 * benchmarks/shape-costs.ts: the ServerlessShop example at the estimator's defaults (1,000,000
 * requests a month), without PostgreSQL, is at most the issue's $15 a month, and the lines that
 * follow the traffic scale with it.
 */
describe('the shapes at 1x, 10x and 100x the default traffic', () => {
  const [serverless, rest, , singleHost] = shapeCosts();

  test('the ServerlessShop example at the defaults is at most $15 a month', () => {
    expect(serverless.estimates[0].assumptions.requestsPerMonth).toBe(1_000_000);
    expect(serverless.estimates[0].totalMonthlyUsd).toBeLessThanOrEqual(15);
  });

  test("everything in the ServerlessShop example is priced or free, and its route functions share the API's requests", () => {
    const e = serverless.estimates[0];
    expect(e.notPriced).toEqual([]);
    const fns = e.lines.filter((l) => l.priceKey === 'lambda.requests.perMillion');
    // 1,000,000 requests behind CloudFront: 250,000 API requests over the example's 3 route functions
    expect(fns).toHaveLength(3);
    // each line's quantity is rounded to 4 decimals (0.0833 million)
    expect(fns.reduce((a, l) => a + l.quantity, 0)).toBeCloseTo(0.25, 3);
    expect(fns.every((l) => /^integrated by an API: /.test(l.assumption))).toBe(true);
  });

  test('API requests follow the traffic: a quarter of it behind the distribution, $1.00 per million', () => {
    const api = serverless.estimates.map(
      (e) => e.lines.find((l) => l.priceKey === 'apiGateway.http.perMillion')!.monthlyUsd,
    );
    expect(api).toEqual(SCALES.map((s) => 0.25 * s));
  });

  test('with a REST API the requests are $3.50 per million, and the shape still within $15 at the defaults', () => {
    const api = rest.estimates.map(
      (e) => e.lines.find((l) => l.priceKey === 'apiGateway.rest.perMillion')!.monthlyUsd,
    );
    expect(api).toEqual(SCALES.map((s) => 0.25 * s * 3.5));
    expect(rest.estimates[0].totalMonthlyUsd).toBeLessThanOrEqual(15);
  });

  test('the assumptions scale the traffic and what it carries, nothing else', () => {
    expect(scaledAssumptions(10)).toEqual({
      requestsPerMonth: 10_000_000,
      dataTransferOutGb: 100,
      logIngestGb: 10,
      queueRequestsPerMonth: 10_000_000,
    });
    // the single host's instance is the same at every scale: the estimate does not size servers
    const instance = singleHost.estimates.map(
      (e) => e.lines.find((l) => l.priceKey === 'ec2.t4g.small.hourly')!.monthlyUsd,
    );
    expect(new Set(instance).size).toBe(1);
  });
});
