import { Size, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as rds from 'aws-cdk-lib/aws-rds';
import { ShopBackup, ShopTable } from '../../../src';
import { CostEstimate, CostEstimator } from '../../../src/cost';
import { LIST_PRICES } from '../list-prices';

// AWS Backup storage from data/prices/aws-us-east-1.json: EBS snapshots backup.ebsSnapshot.gbMonth
// 0.05, RDS snapshots backup.rdsSnapshot.gbMonth 0.095, DynamoDB backups backup.dynamodb.gbMonth 0.10
// per GB-month; snapshotGb 5 GB by default.

function vaultLines(build: (stack: Stack, vpc: ec2.Vpc) => void): CostEstimate['lines'] {
  const stack = new Stack();
  const vpc = new ec2.Vpc(stack, 'Vpc', { natGateways: 0, maxAzs: 2 });
  build(stack, vpc);
  const e = new CostEstimator(LIST_PRICES).estimateTemplate(Template.fromStack(stack).toJSON(), 'Backups');
  return e.lines.filter((l) => l.type === 'AWS::Backup::BackupVault');
}

function database(stack: Stack, vpc: ec2.Vpc) {
  return new rds.DatabaseInstance(stack, 'Db', {
    engine: rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_16 }),
    vpc,
    vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC },
  });
}

describe('AWS Backup vaults, priced by what their plans select', () => {
  test('an RDS-only ShopBackup holds RDS snapshots: 5 GB × 0.095 = 0.475', () => {
    const lines = vaultLines((stack, vpc) => {
      new ShopBackup(stack, 'Backup', {
        resources: [backup.BackupResource.fromRdsDatabaseInstance(database(stack, vpc))],
      });
    });
    expect(lines.map((l) => [l.description, l.priceKey, l.quantity, l.monthlyUsd])).toEqual([
      ['RDS snapshots in AWS Backup', 'backup.rdsSnapshot.gbMonth', 5, 0.475],
    ]);
    expect(lines[0].assumption).toMatch(
      /from the resources its backup plans select; the free allowance not applied/,
    );
  });

  test('a volume and a database: snapshotGb split over the two kinds, each at its own rate', () => {
    const lines = vaultLines((stack, vpc) => {
      const volume = new ec2.Volume(stack, 'Volume', {
        availabilityZone: 'us-east-1a',
        size: Size.gibibytes(20),
      });
      new ShopBackup(stack, 'Backup', {
        resources: [
          backup.BackupResource.fromRdsDatabaseInstance(database(stack, vpc)),
          backup.BackupResource.fromArn(
            stack.formatArn({ service: 'ec2', resource: 'volume', resourceName: volume.volumeId }),
          ),
        ],
      });
    });
    // 2.5 GB × 0.05 = 0.125; 2.5 GB × 0.095 = 0.2375
    expect(lines.map((l) => [l.description, l.quantity, l.monthlyUsd])).toEqual([
      ['EBS snapshots in AWS Backup', 2.5, 0.125],
      ['RDS snapshots in AWS Backup', 2.5, 0.2375],
    ]);
  });

  // backup.dynamodb.gbMonth 0.10 (warm; each DynamoDB backup a full copy)
  test('a ShopBackup of a ShopTable holds DynamoDB backups: 5 GB × 0.10 = 0.50', () => {
    const lines = vaultLines((stack) => {
      const table = new ShopTable(stack, 'Catalog');
      new ShopBackup(stack, 'Backup', { resources: [backup.BackupResource.fromDynamoDbTable(table.table)] });
    });
    expect(lines.map((l) => [l.description, l.priceKey, l.quantity, l.monthlyUsd])).toEqual([
      ['DynamoDB backups in AWS Backup', 'backup.dynamodb.gbMonth', 5, 0.5],
    ]);
    expect(lines[0].assumption).toMatch(/DynamoDB backups are full copies, not incremental/);
  });

  test('a vault whose plans select by tag says it does not know what it holds', () => {
    const e = new CostEstimator(LIST_PRICES).estimateTemplate(
      {
        Resources: {
          Vault: { Type: 'AWS::Backup::BackupVault', Properties: {} },
          Plan: {
            Type: 'AWS::Backup::BackupPlan',
            Properties: { BackupPlan: { BackupPlanRule: [{ TargetBackupVault: { Ref: 'Vault' } }] } },
          },
          Selection: {
            Type: 'AWS::Backup::BackupSelection',
            Properties: {
              BackupPlanId: { Ref: 'Plan' },
              BackupSelection: { ListOfTags: [{ ConditionKey: 'backup' }] },
            },
          },
        },
      },
      'Tagged',
    );
    expect(e.lines.map((l) => [l.description, l.priceKey, l.monthlyUsd])).toEqual([
      ['recovery points in AWS Backup', 'backup.ebsSnapshot.gbMonth', 0.25],
    ]);
    expect(e.lines[0].assumption).toMatch(/not known from the template: priced at the EBS snapshot rate/);
  });
});
