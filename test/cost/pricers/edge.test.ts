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

describe('edge family: Cloud Map namespaces (FargateShop Service Connect)', () => {
  test('a DNS namespace is its Route 53 hosted zone; an HTTP namespace is free; services are per use', () => {
    const e = new CostEstimator(LIST_PRICES).estimateTemplate(
      {
        Resources: {
          Private: { Type: 'AWS::ServiceDiscovery::PrivateDnsNamespace', Properties: { Name: 'shop.local' } },
          Http: { Type: 'AWS::ServiceDiscovery::HttpNamespace', Properties: { Name: 'shop' } },
          Backend: { Type: 'AWS::ServiceDiscovery::Service', Properties: {} },
        },
      },
      'Namespaces',
    );
    expect(e.lines.map((l) => [l.logicalId, l.priceKey, l.monthlyUsd])).toEqual([
      ['Private', 'route53.hostedZone.month', 0.5],
    ]);
    expect(e.free.map((r) => r.logicalId)).toEqual(['Http']);
    expect(e.notPriced).toEqual([
      {
        logicalId: 'Backend',
        type: 'AWS::ServiceDiscovery::Service',
        reason: 'charged per use only; no usage assumption for it',
      },
    ]);
  });

  test('dual-stack CIDR blocks and prefix lists are free; an RDS proxy says why it is not priced', () => {
    const e = new CostEstimator(LIST_PRICES).estimateTemplate(
      {
        Resources: {
          Ipv6: { Type: 'AWS::EC2::VPCCidrBlock', Properties: { AmazonProvidedIpv6CidrBlock: true } },
          SubnetIpv6: { Type: 'AWS::EC2::SubnetCidrBlock', Properties: {} },
          List: { Type: 'AWS::EC2::PrefixList', Properties: {} },
          Proxy: { Type: 'AWS::RDS::DBProxy', Properties: {} },
        },
      },
      'Misc',
    );
    expect(e.free.map((r) => r.logicalId)).toEqual(['Ipv6', 'SubnetIpv6', 'List']);
    expect(e.notPriced.map((r) => [r.logicalId, r.reason])).toEqual([
      ['Proxy', expect.stringMatching(/charged per vCPU-hour of its targets \(rds\.proxy\.vcpuHour\)/)],
    ]);
  });
});

// cloudfront.functions.perMillion 0.10; cloudfront.freeTier.functionInvocations 2,000,000.
describe('edge family: CloudFront Functions', () => {
  const fn = { Type: 'AWS::CloudFront::Function', Properties: { AutoPublish: true } };
  const distribution = (associated: boolean) => ({
    Type: 'AWS::CloudFront::Distribution',
    Properties: {
      DistributionConfig: {
        DefaultCacheBehavior: associated
          ? {
              FunctionAssociations: [
                { EventType: 'viewer-request', FunctionARN: { 'Fn::GetAtt': ['Rewrite', 'FunctionARN'] } },
              ],
            }
          : {},
      },
    },
  });

  test("every request of the distributions that associate it, less the account's 2 million free", () => {
    const resources = { Rewrite: fn, Site: distribution(true), Other: distribution(false) };
    // 10 million requests over 2 distributions: 5 million on Site, which runs the function: 0.50
    const list = new CostEstimator({ ...LIST_PRICES, requestsPerMonth: 10_000_000 }).estimateTemplate(
      { Resources: resources },
      'Cdn',
    );
    const rewrite = list.lines.filter((l) => l.logicalId === 'Rewrite');
    expect(rewrite.map((l) => [l.priceKey, l.quantity, l.monthlyUsd])).toEqual([
      ['cloudfront.functions.perMillion', 5, 0.5],
    ]);
    expect(rewrite[0].assumption).toMatch(
      /split evenly over 2 distribution\(s\), on every request of Site: an upper bound/,
    );
    // with the allowances: 2 million free, 3 million × 0.10 = 0.30
    const free = new CostEstimator({ requestsPerMonth: 10_000_000 }).estimateTemplate(
      { Resources: resources },
      'Cdn',
    );
    expect(
      free.lines.filter((l) => l.logicalId === 'Rewrite').map((l) => [l.quantity, l.monthlyUsd]),
    ).toEqual([
      [5, 0.5],
      [-2, -0.2],
    ]);
  });

  test('a function no distribution associates has no invocations', () => {
    const e = new CostEstimator(LIST_PRICES).estimateTemplate({ Resources: { Rewrite: fn } }, 'Cdn');
    expect(e.lines).toEqual([]);
    expect(e.free).toEqual([
      {
        logicalId: 'Rewrite',
        type: 'AWS::CloudFront::Function',
        reason: 'no distribution of this template associates it: no invocations',
      },
    ]);
  });
});
