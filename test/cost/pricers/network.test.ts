import { CostEstimate, CostEstimator, CostEstimatorProps } from '../../../src/cost';
import { round4 } from '../hand-sum';
import { LIST_PRICES } from '../list-prices';

// ALB capacity units from the traffic assumptions through the four LCU dimensions of
// data/prices/aws-us-east-1.json (25 new connections/s, 3,000 active connections/min, 1 GB/h
// processed or 0.4 GB/h to Lambda targets, 1,000 rule evaluations/s beyond 10 free rules);
// the largest dimension is billed, at alb.lcuHourly 0.008 per LCU-hour, 730 h a month.

function albTemplate(rules: number, targetType = 'ip', scheme = 'internet-facing'): any {
  const resources: { [id: string]: any } = {
    Alb: {
      Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer',
      Properties: { Scheme: scheme, Subnets: ['a', 'b'] },
    },
    Targets: { Type: 'AWS::ElasticLoadBalancingV2::TargetGroup', Properties: { TargetType: targetType } },
    Https: {
      Type: 'AWS::ElasticLoadBalancingV2::Listener',
      Properties: {
        LoadBalancerArn: { Ref: 'Alb' },
        DefaultActions: [{ Type: 'forward', TargetGroupArn: { Ref: 'Targets' } }],
      },
    },
  };
  for (let i = 0; i < rules; i++) {
    resources[`Rule${i}`] = {
      Type: 'AWS::ElasticLoadBalancingV2::ListenerRule',
      Properties: {
        ListenerArn: { Ref: 'Https' },
        Priority: i + 1,
        Actions: [{ Type: 'forward', TargetGroupArn: { Ref: 'Targets' } }],
      },
    };
  }
  return { Resources: resources };
}

function lcu(e: CostEstimate) {
  return e.lines.find((l) => l.priceKey === 'alb.lcuHourly')!;
}

function estimate(template: any, props: CostEstimatorProps): CostEstimate {
  return new CostEstimator({ ...LIST_PRICES, ...props }).estimateTemplate(template, 'Alb');
}

describe('ALB capacity units', () => {
  // 26,280,000 requests a month = 26,280,000 / (730 × 3600) = 10 requests/s; 73 GB = 0.1 GB/h
  const traffic = { requestsPerMonth: 26_280_000, dataTransferOutGb: 73 };

  test('new connections dominate: 10/s ÷ 25 = 0.4 LCU', () => {
    const line = lcu(estimate(albTemplate(15), traffic));
    // new connections 10 / 25 = 0.4; active 600/min / 3000 = 0.2; bytes 0.1 GB/h / 1 = 0.1;
    // rules 10/s × (15 - 10) / 1000 = 0.05 → 0.4 LCU × 730 h = 292 LCU-hours × 0.008 = 2.336
    expect(line).toMatchObject({ quantity: 292, monthlyUsd: 2.336 });
    expect(line.assumption).toMatch(
      /^0\.4 LCU \(the largest of: new connections 10\/s ÷ 25 = 0\.4; active connections 600\/min ÷ 3000 = 0\.2; processed 0\.1 GB\/h ÷ 1 = 0\.1; rule evaluations 10\/s × 5 rules beyond the free 10 ÷ 1000 = 0\.05\) × 730 h/,
    );
  });

  test('rule evaluations dominate with 100 rules: 10/s × 90 ÷ 1000 = 0.9 LCU', () => {
    // 0.9 × 730 = 657 LCU-hours × 0.008 = 5.256
    expect(lcu(estimate(albTemplate(100), traffic))).toMatchObject({ quantity: 657, monthlyUsd: 5.256 });
  });

  test('processed bytes dominate to Lambda targets: 1 GB/h ÷ 0.4 = 2.5 LCU', () => {
    // 730 GB a month = 1 GB/h; Lambda targets: 0.4 GB/h per LCU → 2.5 LCU × 730 = 1825 × 0.008 = 14.6
    const e = estimate(albTemplate(0, 'lambda'), { dataTransferOutGb: 730 });
    expect(lcu(e)).toMatchObject({ quantity: 1825, monthlyUsd: 14.6 });
  });

  test('the internet-facing ALB carries the users’ traffic out; an internal one does not', () => {
    const facing = estimate(albTemplate(0), traffic);
    // 73 GB × dataTransfer.internetOut.first10TB.perGb 0.09 = 6.57
    expect(facing.lines.find((l) => l.priceKey === 'dataTransfer.internetOut.first10TB.perGb')).toMatchObject(
      {
        quantity: 73,
        monthlyUsd: round4(73 * 0.09),
      },
    );
    const internal = estimate(albTemplate(0, 'ip', 'internal'), traffic);
    expect(internal.lines.filter((l) => l.priceKey.startsWith('dataTransfer.'))).toEqual([]);
  });
});

describe('data transfer out, charged once', () => {
  const distribution = { Type: 'AWS::CloudFront::Distribution', Properties: {} };
  const alb = { Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', Properties: {} };
  const host = (extra: any = {}) => ({
    Type: 'AWS::EC2::Instance',
    Properties: {
      InstanceType: 't4g.small',
      NetworkInterfaces: [{ AssociatePublicIpAddress: true }],
      ...extra,
    },
  });
  const dto = (e: CostEstimate) =>
    e.lines
      .filter(
        (l) =>
          l.priceKey === 'dataTransfer.internetOut.first10TB.perGb' ||
          l.priceKey === 'cloudfront.na.first10TB.perGb',
      )
      .map((l) => [l.logicalId, l.priceKey, l.quantity]);

  test.each([
    [
      'CloudFront in front of an ALB: on CloudFront only',
      { Cdn: distribution, Alb: alb },
      [['Cdn', 'cloudfront.na.first10TB.perGb', 20]],
    ],
    [
      'two ALBs, no CloudFront: split over them',
      { A: alb, B: alb },
      [
        ['A', 'dataTransfer.internetOut.first10TB.perGb', 10],
        ['B', 'dataTransfer.internetOut.first10TB.perGb', 10],
      ],
    ],
    [
      'an ALB and a public host: on the ALB',
      { Alb: alb, Host: host() },
      [['Alb', 'dataTransfer.internetOut.first10TB.perGb', 20]],
    ],
    [
      'a public host alone: on the host',
      { Host: host() },
      [['Host', 'dataTransfer.internetOut.first10TB.perGb', 20]],
    ],
    ['a NAT instance (SourceDestCheck false) serves no users', { Nat: host({ SourceDestCheck: false }) }, []],
  ])('%s', (_what, resources, expected) => {
    expect(
      dto(
        new CostEstimator({ ...LIST_PRICES, dataTransferOutGb: 20 }).estimateTemplate(
          { Resources: resources },
          'T',
        ),
      ),
    ).toEqual(expected);
  });

  test('NAT gateways process natDataProcessedGb, not the users’ traffic', () => {
    const e = new CostEstimator({
      ...LIST_PRICES,
      dataTransferOutGb: 1000,
      natDataProcessedGb: 8,
    }).estimateTemplate({ Resources: { Nat: { Type: 'AWS::EC2::NatGateway', Properties: {} } } }, 'T');
    // 8 GB × natGateway.perGb 0.045 = 0.36
    expect(e.lines.find((l) => l.priceKey === 'natGateway.perGb')).toMatchObject({
      quantity: 8,
      monthlyUsd: 0.36,
    });
    expect(e.assumptions.natDataProcessedGb).toBe(8);
  });
});
