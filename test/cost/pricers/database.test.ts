import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { NetworkProfile, ShopDatabase, ShopNetwork } from '../../../src';
import { CostEstimator } from '../../../src/cost';
import { instanceClassVcpus } from '../../../src/cost/private/pricers/database';
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

// rds.proxy.vcpuHour 0.015 per vCPU-hour of the target instances, 730 h a month.
describe('database family: RDS Proxy', () => {
  test.each<[string, number | undefined]>([
    ['db.t4g.micro', 2],
    ['db.t3.small', 2],
    ['db.m6g.large', 2],
    ['db.r6g.xlarge', 4],
    ['db.r6g.2xlarge', 8],
    ['db.r7g.16xlarge', 64],
    ['db.serverless', undefined],
  ])('%s has %s vCPUs', (cls, vcpus) => {
    expect(instanceClassVcpus(cls)).toBe(vcpus);
  });

  test("a ShopDatabase's proxy: the vCPUs of its instance (a db.t4g.medium, 2) × 730 h", () => {
    const stack = new Stack(new App(), 'Data');
    const network = new ShopNetwork(stack, 'Network', { profile: NetworkProfile.TWO_AZ_SINGLE_NAT });
    new ShopDatabase(stack, 'Database', {
      vpc: network.vpc,
      instanceType: ec2.InstanceType.of(ec2.InstanceClass.T4G, ec2.InstanceSize.MEDIUM),
      proxy: true,
      iamAuthentication: true,
    });
    const e = new CostEstimator(LIST_PRICES).estimateTemplate(Template.fromStack(stack).toJSON(), 'Data');
    const proxy = e.lines.filter((l) => l.type === 'AWS::RDS::DBProxy');
    // 2 vCPU × 730 h = 1,460 vCPU-hours × 0.015 = 21.90
    expect(proxy.map((l) => [l.description, l.quantity, l.monthlyUsd])).toEqual([
      ['RDS Proxy (2 vCPU of its targets)', 1460, 21.9],
    ]);
    expect(proxy[0].assumption).toMatch(/^DatabaseInstance\w+ db\.t4g\.medium \(2 vCPU\) × 730 h\/month$/);
    expect(e.notPriced.filter((n) => n.type === 'AWS::RDS::DBProxy')).toEqual([]);
  });

  test('an Aurora cluster target, or a class from a parameter, is not priced and says why', () => {
    const group = (targets: any) => ({
      Type: 'AWS::RDS::DBProxyTargetGroup',
      Properties: { DBProxyName: { Ref: 'Proxy' }, TargetGroupName: 'default', ...targets },
    });
    const proxy = { Type: 'AWS::RDS::DBProxy', Properties: {} };
    const cluster = new CostEstimator(LIST_PRICES).estimateTemplate(
      { Resources: { Proxy: proxy, Group: group({ DBClusterIdentifiers: [{ Ref: 'Cluster' }] }) } },
      'Aurora',
    );
    expect(cluster.notPriced.map((n) => n.reason)).toEqual([
      expect.stringMatching(/an Aurora cluster target/),
    ]);
    const param = new CostEstimator(LIST_PRICES).estimateTemplate(
      {
        Resources: {
          Proxy: proxy,
          Group: group({ DBInstanceIdentifiers: [{ Ref: 'Db' }] }),
          Db: {
            Type: 'AWS::RDS::DBInstance',
            Properties: { Engine: 'postgres', DBInstanceClass: { Ref: 'Class' } },
          },
        },
      },
      'Param',
    );
    expect(param.notPriced.find((n) => n.logicalId === 'Proxy')!.reason).toMatch(
      /the class of target Db is not a literal in this template/,
    );
  });
});
