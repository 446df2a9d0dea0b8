import { App, CfnParameter, Duration, RemovalPolicy, Size, Stack, StackProps } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { DatabasePreset, NetworkProfile, ShopDatabase, ShopDatabaseProps, ShopNetwork } from '../../src';

/** A preset subclass, as a user may write one: its fields reach ShopDatabase unchecked by a factory. */
class OwnPreset extends DatabasePreset {
  constructor(instanceType: string, allocated: Size, max: Size, multiAz = false) {
    super('OWN', new ec2.InstanceType(instanceType), allocated, max, multiAz);
  }
}

const US_EAST_1: StackProps = { env: { account: '111111111111', region: 'us-east-1' } };
const keyIn = (stack: Stack, region: string) =>
  kms.Key.fromKeyArn(
    stack,
    'Key',
    `arn:aws:kms:${region}:111111111111:key/11111111-2222-3333-4444-555555555555`,
  );
const numberParameter = (stack: Stack) =>
  new CfnParameter(stack, 'Parameter', { type: 'Number' }).valueAsNumber;

function build(props: (stack: Stack) => Partial<ShopDatabaseProps>, stackProps: StackProps = {}) {
  const stack = new Stack(new App(), 'Stack', stackProps);
  const network = new ShopNetwork(stack, 'Network', { profile: NetworkProfile.TWO_AZ_SINGLE_NAT });
  const database = new ShopDatabase(stack, 'Database', { vpc: network.vpc, ...props(stack) });
  return { stack, network, database };
}

describe('ShopDatabase rejects bad input with the construct path, the prop and the fix', () => {
  test.each<[string, (stack: Stack) => Partial<ShopDatabaseProps>, RegExp, StackProps]>([
    [
      'an instance class with the db. prefix, which would end up doubled',
      () => ({ instanceType: new ec2.InstanceType('db.t4g.micro') }),
      /^Stack\/Database: invalid 'instanceType': 'db\.t4g\.micro' starts with 'db\.'.*'db\.db\.t4g\.micro'\. Give the class without the prefix: new ec2\.InstanceType\('t4g\.micro'\)/,
      {},
    ],
    [
      'a preset subclass whose class has the db. prefix',
      () => ({ preset: new OwnPreset('db.r6g.large', Size.gibibytes(100), Size.gibibytes(200)) }),
      /^Stack\/Database: invalid 'preset': 'db\.r6g\.large' starts with 'db\.'/,
      {},
    ],
    [
      'an instance class without a size',
      () => ({ instanceType: new ec2.InstanceType('t4g') }),
      /^Stack\/Database: invalid 'instanceType': 't4g' is not an instance class of the form <family>\.<size>/,
      {},
    ],
    [
      'storage above the 65,536 GiB RDS allows',
      () => ({ allocatedStorage: Size.gibibytes(65537), maxAllocatedStorage: Size.gibibytes(65537) }),
      /^Stack\/Database: invalid 'allocatedStorage': 65537 GiB is out of range for gp3\. Give 20 to 65536 GiB/,
      {},
    ],
    [
      'a storage ceiling above 65,536 GiB',
      () => ({ maxAllocatedStorage: Size.tebibytes(65) }),
      /^Stack\/Database: invalid 'maxAllocatedStorage': 66560 GiB is out of range for gp3/,
      {},
    ],
    [
      'storage that is not whole GiB',
      () => ({ allocatedStorage: Size.mebibytes(20500) }),
      /^Stack\/Database: invalid 'allocatedStorage': 20\.02 GiB \(20500 MiB\) is not a whole number of GiB\. Give whole gibibytes/,
      {},
    ],
    [
      'a storage ceiling that is not whole GiB',
      () => ({ maxAllocatedStorage: Size.mebibytes(102401) }),
      /^Stack\/Database: invalid 'maxAllocatedStorage': .* is not a whole number of GiB/,
      {},
    ],
    [
      'storage from a parameter',
      (s) => ({ allocatedStorage: Size.gibibytes(numberParameter(s)) }),
      /^Stack\/Database: invalid 'allocatedStorage': is a token .*Give a literal: Size\.gibibytes\(100\)/,
      {},
    ],
    [
      "storage above the preset's ceiling, which the preset would silently keep",
      () => ({ allocatedStorage: Size.gibibytes(200) }),
      /^Stack\/Database: invalid 'maxAllocatedStorage': the DEVELOPMENT preset's ceiling of 100 GiB is below the allocated 200 GiB.*maxAllocatedStorage: Size\.gibibytes\(400\)/,
      {},
    ],
    [
      'a ceiling less than 10% above the storage, a step RDS refuses',
      () => ({ allocatedStorage: Size.gibibytes(100), maxAllocatedStorage: Size.gibibytes(105) }),
      /^Stack\/Database: invalid 'maxAllocatedStorage': 105 GiB is less than 10% above the allocated 100 GiB.*Give at least Size\.gibibytes\(110\), or exactly allocatedStorage to turn storage autoscaling off\.$/,
      {},
    ],
    [
      'a preset subclass whose ceiling is below its storage',
      () => ({ preset: new OwnPreset('r6g.large', Size.gibibytes(500), Size.gibibytes(100)) }),
      /^Stack\/Database: invalid 'preset': OWN sets maxAllocatedStorage 100 GiB below its allocatedStorage 500 GiB/,
      {},
    ],
    [
      'a preset subclass with storage that is not whole GiB',
      () => ({ preset: new OwnPreset('r6g.large', Size.mebibytes(51300), Size.gibibytes(100)) }),
      /^Stack\/Database: invalid 'preset': .* is not a whole number of GiB/,
      {},
    ],
    [
      'a preset subclass with storage below 20 GiB',
      () => ({ preset: new OwnPreset('t4g.micro', Size.gibibytes(10), Size.gibibytes(100)) }),
      /^Stack\/Database: invalid 'preset': 10 GiB is out of range for gp3 storage of the preset/,
      {},
    ],
    [
      'read replicas from a parameter',
      (s) => ({ readReplicas: numberParameter(s) }),
      /^Stack\/Database: invalid 'readReplicas': is a token .*Give a literal: a whole number from 0 to 5\.$/,
      {},
    ],
    [
      'a database name from a parameter',
      (s) => ({ databaseName: new CfnParameter(s, 'Name').valueAsString }),
      /^Stack\/Database: invalid 'databaseName': is a token .*Give a literal: a PostgreSQL identifier/,
      {},
    ],
    [
      'a backup retention in hours from a parameter (the aws-cdk-lib error, wrapped)',
      (s) => ({ backupRetention: Duration.hours(numberParameter(s)) }),
      /^Stack\/Database: invalid 'backupRetention': Duration must be specified as 'Duration.days\(\)' here.*Give Duration\.days\(n\) of a parameter, or a literal\.$/,
      {},
    ],
    [
      'a password rotation from a parameter',
      (s) => ({ passwordRotation: Duration.days(numberParameter(s)) }),
      /^Stack\/Database: invalid 'passwordRotation': is a token .*Give a literal: Duration\.days\(n\), n from 1 to 365\.$/,
      {},
    ],
    [
      'subnets of a group the VPC does not have (the aws-cdk-lib error, wrapped)',
      () => ({ vpcSubnets: { subnetGroupName: 'Databases' } }),
      /^Stack\/Database: invalid 'vpcSubnets': There are no subnet groups with name 'Databases' in this VPC\. Available names: Public,Application,Data\. Select subnets the VPC has/,
      {},
    ],
    [
      'a storage key from another region',
      (s) => ({ storageEncryptionKey: keyIn(s, 'eu-west-1') }),
      /^Stack\/Database: invalid 'storageEncryptionKey': the key is in eu-west-1 and this stack in us-east-1.*Give a key from us-east-1/,
      US_EAST_1,
    ],
    [
      'a proxy on a preset subclass of a small burstable class',
      () => ({ proxy: true, preset: new OwnPreset('t4g.small', Size.gibibytes(20), Size.gibibytes(100)) }),
      /^Stack\/Database: invalid 'proxy': RDS Proxy does not support .* db\.t4g\.small \(the OWN preset's\)/,
      {},
    ],
  ])('%s', (_name, props, message, stackProps) => {
    expect(() => build(props, stackProps)).toThrow(message);
  });

  test.each<[string, string, boolean, RegExp]>([
    [
      'an empty user, which aws-cdk-lib reads as the master user',
      '',
      true,
      /^Stack\/Database: invalid 'databaseUser': '' is not a PostgreSQL user name \(with an empty user aws-cdk-lib would grant login as the master user\)/,
    ],
    [
      'a blank user',
      '   ',
      true,
      /^Stack\/Database: invalid 'databaseUser': '   ' is not a PostgreSQL user name \(with an empty/,
    ],
    [
      'a wildcard user, which would match every user',
      '*',
      true,
      /^Stack\/Database: invalid 'databaseUser': '\*' is not a PostgreSQL user name/,
    ],
    ['a user with a slash', 'shop/reader', true, /^Stack\/Database: invalid 'databaseUser': 'shop\/reader'/],
    [
      'a grant without IAM authentication (the aws-cdk-lib error, wrapped)',
      'shop_reader',
      false,
      /^Stack\/Database: invalid 'iamAuthentication': Cannot grant connect when IAM authentication is disabled\. Set iamAuthentication: true/,
    ],
  ])('grantConnect: %s', (_name, user, iamAuthentication, message) => {
    const { stack, database } = build(() => ({ iamAuthentication }));
    const role = new iam.Role(stack, 'Role', { assumedBy: new iam.AccountRootPrincipal() });
    expect(() => database.grantConnect(role, user)).toThrow(message);
  });
});

describe('ShopDatabase accepts near-edge good input', () => {
  test('the largest storage RDS allows, 65,536 GiB, with a ceiling equal to it: no autoscaling', () => {
    const { stack } = build(() => ({
      allocatedStorage: Size.tebibytes(64),
      maxAllocatedStorage: Size.gibibytes(65536),
    }));
    Template.fromStack(stack).hasResourceProperties('AWS::RDS::DBInstance', {
      AllocatedStorage: '65536',
      MaxAllocatedStorage: Match.absent(),
    });
  });

  test('a ceiling exactly 10% above the storage, the smallest step RDS takes', () => {
    const { stack } = build(() => ({
      allocatedStorage: Size.gibibytes(100),
      maxAllocatedStorage: Size.gibibytes(110),
    }));
    Template.fromStack(stack).hasResourceProperties('AWS::RDS::DBInstance', { MaxAllocatedStorage: 110 });
  });

  test('20 GiB given in MiB, a whole number of GiB', () => {
    const { stack } = build(() => ({ allocatedStorage: Size.mebibytes(20480) }));
    Template.fromStack(stack).hasResourceProperties('AWS::RDS::DBInstance', { AllocatedStorage: '20' });
  });

  test("storage above the preset's ceiling with a ceiling of its own", () => {
    const { stack } = build(() => ({
      allocatedStorage: Size.gibibytes(200),
      maxAllocatedStorage: Size.gibibytes(500),
    }));
    Template.fromStack(stack).hasResourceProperties('AWS::RDS::DBInstance', {
      AllocatedStorage: '200',
      MaxAllocatedStorage: 500,
    });
  });

  test('a backup retention in days from a parameter', () => {
    const { stack } = build((s) => ({ backupRetention: Duration.days(numberParameter(s)) }));
    Template.fromStack(stack).hasResourceProperties('AWS::RDS::DBInstance', {
      BackupRetentionPeriod: { Ref: 'Parameter' },
    });
  });

  test('five read replicas, the most RDS allows', () => {
    const { database } = build(() => ({ readReplicas: 5, backupRetention: Duration.days(35) }));
    expect(database.readReplicas).toHaveLength(5);
  });

  test('grantConnect as a user of its own, with IAM authentication', () => {
    const { stack, database } = build(() => ({ iamAuthentication: true }));
    const role = new iam.Role(stack, 'Role', { assumedBy: new iam.AccountRootPrincipal() });
    database.grantConnect(role, 'shop_reader');
    const policy = JSON.stringify(Template.fromStack(stack).findResources('AWS::IAM::Policy'));
    expect(policy).toContain('rds-db:connect');
    expect(policy).toContain('/shop_reader');
  });

  test('grantConnect as the master user, accepted with a warning naming the risk', () => {
    const { stack, database } = build(() => ({ iamAuthentication: true }));
    const role = new iam.Role(stack, 'Role', { assumedBy: new iam.AccountRootPrincipal() });
    database.grantConnect(role, 'shop_admin');
    Annotations.fromStack(stack).hasWarning(
      '/Stack/Database',
      Match.stringLikeRegexp('log in as the master user shop_admin, who owns every table'),
    );
  });

  test('a storage key of the stack region', () => {
    const { stack } = build((s) => ({ storageEncryptionKey: keyIn(s, 'us-east-1') }), US_EAST_1);
    Template.fromStack(stack).hasResourceProperties('AWS::RDS::DBInstance', {
      KmsKeyId: Match.stringLikeRegexp('^arn:aws:kms:us-east-1:'),
    });
  });
});

describe('ShopDatabase keeps what a restore needs', () => {
  const secrets = (template: Template) =>
    Object.values(template.findResources('AWS::SecretsManager::Secret')) as any[];

  test('the master password secret is retained with the final snapshot', () => {
    const { stack } = build(() => ({}));
    const [secret] = secrets(Template.fromStack(stack));
    expect(secret.DeletionPolicy).toBe('Retain');
    expect(secret.UpdateReplacePolicy).toBe('Retain');
  });

  test.each([
    ['RETAIN', RemovalPolicy.RETAIN, 'Retain'],
    ['DESTROY', RemovalPolicy.DESTROY, 'Delete'],
  ])('with removalPolicy %s the secret follows the instance', (_name, removalPolicy, expected) => {
    const { stack } = build(() => ({ removalPolicy, deletionProtection: false }));
    expect(secrets(Template.fromStack(stack))[0].DeletionPolicy).toBe(expected);
  });

  test('read replicas define no secret of their own to lose', () => {
    const { stack } = build(() => ({ readReplicas: 2 }));
    expect(secrets(Template.fromStack(stack))).toHaveLength(1);
  });
});
