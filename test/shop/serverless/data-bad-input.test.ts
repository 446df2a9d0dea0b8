import { App, CfnParameter, Duration, Stack } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import { DatabasePreset } from '../../../src';
import { createServerlessData, ServerlessDataOptions } from '../../../src/shop/serverless/serverless-data';

function attempt(options: (stack: Stack, catalog: dynamodb.Table) => Partial<ServerlessDataOptions>) {
  const stack = new Stack(new App(), 'Stack', { env: { account: '123456789012', region: 'us-east-1' } });
  const catalog = new dynamodb.Table(stack, 'Catalog', {
    partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
  });
  return () =>
    createServerlessData(new Construct(stack, 'Shop'), { tables: [catalog], ...options(stack, catalog) });
}

const publicOnly = (s: Stack) =>
  new ec2.Vpc(s, 'Own', {
    maxAzs: 2,
    natGateways: 0,
    subnetConfiguration: [{ name: 'Public', subnetType: ec2.SubnetType.PUBLIC }],
  });
const isolatedInOneZone = (s: Stack) =>
  new ec2.Vpc(s, 'Own', {
    maxAzs: 1,
    natGateways: 0,
    subnetConfiguration: [{ name: 'Data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
  });

describe('createServerlessData refuses, naming the path, the prop and the fix', () => {
  test.each<[string, (stack: Stack, catalog: dynamodb.Table) => Partial<ServerlessDataOptions>, RegExp]>([
    [
      'no table and no database: a backup plan of nothing',
      () => ({ tables: [] }),
      /^Stack\/Shop: invalid 'tables': the backup plan would back up nothing: no table and no database\. Give the shop at least one table/,
    ],
    [
      'the same table twice',
      (_s, catalog) => ({ tables: [catalog, catalog] }),
      /^Stack\/Shop: invalid 'tables': Stack\/Catalog is given twice, and AWS Backup refuses .* Give each table once\./,
    ],
    [
      'an empty user',
      () => ({ database: { user: '' } }),
      /^Stack\/Shop: invalid 'database\.user': '' is not a PostgreSQL user name\. Give a letter or _/,
    ],
    [
      'a user with a hyphen',
      () => ({ database: { user: 'shop-api' } }),
      /^Stack\/Shop: invalid 'database\.user': 'shop-api' is not a PostgreSQL user name/,
    ],
    [
      'a user of 64 characters, past the 63 PostgreSQL keeps',
      () => ({ database: { user: `a${'b'.repeat(63)}` } }),
      /^Stack\/Shop: invalid 'database\.user': 'ab{63}' is not a PostgreSQL user name/,
    ],
    [
      'the master user for the functions',
      () => ({ database: { user: 'shop_admin' } }),
      /^Stack\/Shop: invalid 'database\.user': shop_admin is the master user, who owns every table.* Give the functions a user of their own, granted rds_iam/,
    ],
    [
      'a user from a parameter',
      (s) => ({ database: { user: new CfnParameter(s, 'User').valueAsString } }),
      /^Stack\/Shop: invalid 'database\.user': is a token .* Give a literal: a PostgreSQL user name/,
    ],
    [
      'a VPC with public subnets only',
      (s) => ({ database: { vpc: publicOnly(s) } }),
      /^Stack\/Shop: invalid 'database\.vpc': the VPC has public subnets only, .* Give a VPC with isolated or private subnets, or leave vpc out/,
    ],
    [
      'a VPC whose isolated subnets span one zone',
      (s) => ({ database: { vpc: isolatedInOneZone(s) } }),
      /^Stack\/Shop: invalid 'database\.vpc': the VPC's isolated subnets span 1 availability zone, and RDS and RDS Proxy need two/,
    ],
    [
      'sessions in a VPC with public subnets only (given with the database)',
      (s) => ({ sessions: true, database: { vpc: publicOnly(s) } }),
      /^Stack\/Shop: invalid 'database\.vpc': the VPC has public subnets only/,
    ],
    [
      'point-in-time recovery of 3 days',
      () => ({ database: { pointInTimeRecovery: Duration.days(3) } }),
      /^Stack\/Shop: invalid 'database\.pointInTimeRecovery': 3 days is not 7 to 35 whole days\. .* give Duration\.days\(7\)/,
    ],
    [
      'point-in-time recovery of 36 days',
      () => ({ database: { pointInTimeRecovery: Duration.days(36) } }),
      /^Stack\/Shop: invalid 'database\.pointInTimeRecovery': 36 days is not 7 to 35 whole days/,
    ],
    [
      'point-in-time recovery of 10.5 days',
      () => ({ database: { pointInTimeRecovery: Duration.hours(252) } }),
      /^Stack\/Shop: invalid 'database\.pointInTimeRecovery': 10 days 12 hours is not 7 to 35 whole days/,
    ],
    [
      "the DEVELOPMENT preset's db.t4g.micro, which RDS Proxy does not support",
      () => ({ database: { preset: DatabasePreset.DEVELOPMENT } }),
      /^Stack\/Shop\/Database: invalid 'proxy': RDS Proxy does not support the burstable classes below medium, and the database runs db\.t4g\.micro \(the DEVELOPMENT preset's\)\. Give instanceType db\.t4g\.medium/,
    ],
    [
      'a db.t4g.small',
      () => ({ database: { instanceType: new ec2.InstanceType('t4g.small') } }),
      /^Stack\/Shop\/Database: invalid 'proxy': RDS Proxy does not support .* db\.t4g\.small/,
    ],
    [
      'a database name with capitals',
      () => ({ database: { databaseName: 'Orders' } }),
      /^Stack\/Shop\/Database: invalid 'databaseName': 'Orders' is not a lower-case PostgreSQL identifier/,
    ],
    [
      'a daily backup retention of half a day',
      () => ({ backupRetention: Duration.hours(12) }),
      /^Stack\/Shop: invalid 'backupRetention': Stack\/Shop\/Backup: invalid 'dailyRetention'/,
    ],
  ])('%s', (_name, options, message) => {
    expect(attempt(options)).toThrow(message);
  });
});
