import { CostEstimator } from '../../../src/cost';
import { sum } from '../hand-sum';
import { LIST_PRICES } from '../list-prices';

// Newly priced from data/prices/aws-us-east-1.json: ec2.t4g.nano.hourly 0.0042.
describe('compute family', () => {
  test('a t4g.nano NAT instance is priced: hours, public IPv4 and root volume, no data transfer out', () => {
    const e = new CostEstimator(LIST_PRICES).estimateTemplate(
      {
        Resources: {
          Nat: {
            Type: 'AWS::EC2::Instance',
            Properties: {
              InstanceType: 't4g.nano',
              SourceDestCheck: false,
              NetworkInterfaces: [{ DeviceIndex: '0', AssociatePublicIpAddress: true }],
            },
          },
        },
      },
      'Budget',
    );
    expect(e.notPriced).toEqual([]);
    expect(e.lines.map((l) => [l.priceKey, l.monthlyUsd])).toEqual([
      ['ec2.t4g.nano.hourly', 3.066], // 0.0042 × 730
      ['vpc.publicIpv4.hourly', 3.65], // 0.005 × 730
      ['ebs.gp3.gbMonth', 0.64], // the assumed 8 GB gp3 root volume × 0.08
    ]);
    expect(e.totalMonthlyUsd).toBe(sum([3.066, 3.65, 0.64]));
  });

  test('an instance type the table lacks names the override key to set', () => {
    const e = new CostEstimator(LIST_PRICES).estimateTemplate(
      {
        Resources: {
          Big: {
            Type: 'AWS::EC2::Instance',
            Properties: { InstanceType: 'x2gd.large', BlockDeviceMappings: [] },
          },
        },
      },
      'Big',
    );
    expect(e.notPriced.map((n) => n.reason)).toEqual([
      "no list price in the price table for 'ec2.x2gd.large.hourly' (x2gd.large instance); set priceOverrides.ec2.x2gd.large.hourly",
    ]);
    const priced = new CostEstimator({
      ...LIST_PRICES,
      priceOverrides: { 'ec2.x2gd.large.hourly': { usd: 0.167, unit: 'USD/hour' } },
    }).estimateTemplate(
      {
        Resources: {
          Big: {
            Type: 'AWS::EC2::Instance',
            Properties: { InstanceType: 'x2gd.large', BlockDeviceMappings: [] },
          },
        },
      },
      'Big',
    );
    // 0.167 × 730 = 121.91, and the assumed 8 GB gp3 root volume (an empty BlockDeviceMappings) 0.64
    expect(priced.totalMonthlyUsd).toBe(sum([0.167 * 730, 8 * 0.08]));
    expect(priced.warnings).toEqual([]);
  });
});

describe('compute family: ECS clusters', () => {
  const cluster = (settings?: any[]) => ({
    Resources: {
      Cluster: { Type: 'AWS::ECS::Cluster', Properties: settings ? { ClusterSettings: settings } : {} },
    },
  });

  test.each([
    ['no settings', undefined],
    ['Container Insights disabled', [{ Name: 'containerInsights', Value: 'disabled' }]],
  ])('%s: free', (_name, settings) => {
    const e = new CostEstimator(LIST_PRICES).estimateTemplate(cluster(settings), 'Clusters');
    expect(e.free.map((r) => [r.logicalId, r.reason])).toEqual([
      ['Cluster', 'no charge (tasks and instances are priced)'],
    ]);
    expect(e.notPriced).toEqual([]);
  });

  test.each(['enabled', 'enhanced'])('Container Insights %s: listed as not priced, with why', (value) => {
    const e = new CostEstimator(LIST_PRICES).estimateTemplate(
      cluster([{ Name: 'containerInsights', Value: value }]),
      'Clusters',
    );
    expect(e.free).toEqual([]);
    expect(e.notPriced.map((r) => [r.logicalId, r.reason])).toEqual([
      [
        'Cluster',
        expect.stringMatching(
          new RegExp(
            `^Container Insights is ${value}: its metrics are billed as custom metrics \\(cloudwatch\\.containerInsights`,
          ),
        ),
      ],
    ]);
  });
});
