import { CostEstimator } from '../../../src/cost';
import { LIST_PRICES } from '../list-prices';

// aurora.serverlessV2.acuHour 0.12 per ACU-hour (data/prices/aws-us-east-1.json), 730 h a month.
describe('database family: Aurora Serverless v2', () => {
  const template = (min: unknown, max: unknown) => ({
    Resources: {
      Cluster: {
        Type: 'AWS::RDS::DBCluster',
        Properties: {
          Engine: 'aurora-postgresql',
          ServerlessV2ScalingConfiguration: { MinCapacity: min, MaxCapacity: max },
        },
      },
      Writer: {
        Type: 'AWS::RDS::DBInstance',
        Properties: {
          Engine: 'aurora-postgresql',
          DBInstanceClass: 'db.serverless',
          DBClusterIdentifier: { Ref: 'Cluster' },
        },
      },
    },
  });

  test('ACU-hours at the minimum, up to the maximum', () => {
    const e = new CostEstimator(LIST_PRICES).estimateTemplate(template(0.5, 4), 'Aurora');
    const writer = e.lines.find((l) => l.logicalId === 'Writer')!;
    // 0.5 ACU × 730 h = 365 ACU-hours × 0.12 = 43.80; at 4 ACU: 2920 × 0.12 = 350.40
    expect(writer).toMatchObject({
      quantity: 365,
      monthlyUsd: 43.8,
      monthlyMinUsd: 43.8,
      monthlyMaxUsd: 350.4,
    });
    expect(writer.description).toBe('Aurora Serverless v2 instance (0.5-4 ACU)');
    // the cluster's storage and I/O are per use, listed with the reason
    expect(e.notPriced.map((n) => n.logicalId)).toEqual(['Cluster']);
  });

  test('a scaling configuration given by parameters is not priced, and says why', () => {
    const e = new CostEstimator(LIST_PRICES).estimateTemplate(template({ Ref: 'Min' }, 8), 'Aurora');
    expect(e.notPriced.find((n) => n.logicalId === 'Writer')?.reason).toMatch(
      /MinCapacity \/ MaxCapacity are not literals/,
    );
  });
});
