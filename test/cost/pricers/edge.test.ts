import { CostEstimator } from '../../../src/cost';
import { LIST_PRICES } from '../list-prices';

// route53.healthCheck.aws.month 0.50, route53.healthCheck.aws.httpsStringMatch.month 2.50.
describe('edge family: Route 53 health checks', () => {
  const check = (config: any) => ({
    Type: 'AWS::Route53::HealthCheck',
    Properties: { HealthCheckConfig: config },
  });
  test.each([
    ['HTTP', { Type: 'HTTP' }, 0.5],
    ['TCP', { Type: 'TCP' }, 0.5],
    ['HTTPS with string matching', { Type: 'HTTPS_STR_MATCH', SearchString: 'ok' }, 2.5],
  ])('%s: priced per month', (_what, config, usd) => {
    const e = new CostEstimator(LIST_PRICES).estimateTemplate(
      { Resources: { Check: check(config) } },
      'Checks',
    );
    expect(e.lines.map((l) => l.monthlyUsd)).toEqual([usd]);
  });

  test.each([
    ['HTTPS alone', { Type: 'HTTPS' }, /a HTTPS health check/],
    ['a 10 s interval', { Type: 'HTTP', RequestInterval: 10 }, /at a 10 s interval/],
    ['latency', { Type: 'TCP', MeasureLatency: true }, /measuring latency/],
  ])('%s: no list price, said so', (_what, config, reason) => {
    const e = new CostEstimator(LIST_PRICES).estimateTemplate(
      { Resources: { Check: check(config) } },
      'Checks',
    );
    expect(e.lines).toEqual([]);
    expect(e.notPriced[0].reason).toMatch(reason);
  });
});
