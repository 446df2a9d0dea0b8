import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Duration, RemovalPolicy, Size, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as rds from 'aws-cdk-lib/aws-rds';
import { DatabasePreset, NetworkProfile, ShopDatabase, ShopDatabaseProps, ShopNetwork } from '../../src';
import { guardAcknowledgements, guardFindings } from '../helpers/guard';
import { expectNagClean } from '../helpers/nag';

function build(props: Partial<ShopDatabaseProps> = {}, profile = NetworkProfile.TWO_AZ_SINGLE_NAT) {
  const app = new App();
  const stack = new Stack(app, 'Stack');
  const network = new ShopNetwork(stack, 'Network', { profile });
  const database = new ShopDatabase(stack, 'Database', { vpc: network.vpc, ...props });
  return { app, stack, network, database };
}

function synth(props: Partial<ShopDatabaseProps> = {}, profile = NetworkProfile.TWO_AZ_SINGLE_NAT) {
  const built = build(props, profile);
  return { ...built, template: Template.fromStack(built.stack) };
}

function instances(template: Template) {
  return Object.values(template.findResources('AWS::RDS::DBInstance')) as any[];
}

describe('ShopDatabase defaults (DEVELOPMENT)', () => {
  const { template, database } = synth();
  const primary = instances(template).find((i) => !i.Properties.SourceDBInstanceIdentifier);

  test('a Graviton db.t4g.micro, single-AZ, 20 GB gp3 growing to 100 GB, PostgreSQL 16', () => {
    expect(primary.Properties).toMatchObject({
      DBInstanceClass: 'db.t4g.micro',
      MultiAZ: false,
      AllocatedStorage: '20',
      MaxAllocatedStorage: 100,
      StorageType: 'gp3',
      Engine: 'postgres',
      EngineVersion: '16.9',
      DBName: 'shop',
      PubliclyAccessible: false,
    });
  });

  test('encrypted at rest, TLS required by the parameter group', () => {
    expect(primary.Properties.StorageEncrypted).toBe(true);
    template.hasResourceProperties('AWS::RDS::DBParameterGroup', {
      Family: 'postgres16',
      Parameters: Match.objectLike({ 'rds.force_ssl': '1' }),
    });
  });

  test('7 days of point-in-time recovery, deletion protection, a snapshot when removed', () => {
    expect(primary.Properties.BackupRetentionPeriod).toBe(7);
    expect(primary.Properties.DeletionProtection).toBe(true);
    expect(primary.DeletionPolicy).toBe('Snapshot');
    expect(primary.UpdateReplacePolicy).toBe('Snapshot');
  });

  test('a generated master password in Secrets Manager, rotated every 30 days by a single-user rotation', () => {
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      GenerateSecretString: Match.objectLike({ GenerateStringKey: 'password' }),
    });
    template.hasResourceProperties('AWS::SecretsManager::RotationSchedule', {
      RotationRules: { ScheduleExpression: 'rate(30 days)' },
    });
    template.resourceCountIs('AWS::Serverless::Application', 1);
    expect(JSON.stringify(template.toJSON().Mappings)).toContain(
      'SecretsManagerRDSPostgreSQLRotationSingleUser',
    );
    expect(JSON.stringify(primary.Properties.MasterUserPassword)).toContain('{{resolve:secretsmanager:');
  });

  test('Performance Insights on, logs exported to CloudWatch with retention', () => {
    expect(primary.Properties.EnablePerformanceInsights).toBe(true);
    expect(primary.Properties.EnableCloudwatchLogsExports).toEqual(['postgresql', 'upgrade']);
    template.hasResourceProperties('Custom::LogRetention', {
      LogGroupName: Match.anyValue(),
      RetentionInDays: 30,
    });
  });

  test('in the isolated subnets, reachable by nobody until allowFrom', () => {
    const subnetGroup = Object.values(template.findResources('AWS::RDS::DBSubnetGroup'))[0] as any;
    expect(JSON.stringify(subnetGroup.Properties.SubnetIds)).toMatch(/DataSubnet/);
    const group = template.findResources('AWS::EC2::SecurityGroup', {
      Properties: { GroupDescription: Match.stringLikeRegexp('cdk-shop PostgreSQL') },
    });
    const props = (Object.values(group)[0] as any).Properties;
    expect(props.SecurityGroupIngress).toBeUndefined();
    // the only ingress is the rotation function's
    const ingress = Object.values(template.findResources('AWS::EC2::SecurityGroupIngress')) as any[];
    expect(ingress.map((i) => i.Properties.Description)).toEqual([
      expect.stringMatching(/RotationSingleUser/i),
    ]);
    expect(database.readReplicas).toEqual([]);
  });

  test('the rotation function reaches Secrets Manager through the NAT (no endpoint needed)', () => {
    template.resourceCountIs('AWS::EC2::VPCEndpoint', 1); // the network's S3 gateway endpoint
    expect(database.secretsManagerEndpoint).toBeUndefined();
  });
});

describe('ShopDatabase options', () => {
  test('the highly available preset: Multi-AZ db.r6g.large with 100 GB', () => {
    const { template } = synth({ preset: DatabasePreset.HIGHLY_AVAILABLE });
    template.hasResourceProperties('AWS::RDS::DBInstance', {
      DBInstanceClass: 'db.r6g.large',
      MultiAZ: true,
      AllocatedStorage: '100',
      MaxAllocatedStorage: 1000,
    });
  });

  test('read replicas across zones, encrypted, with read endpoints', () => {
    const { template, database } = synth({ preset: DatabasePreset.HIGHLY_AVAILABLE, readReplicas: 2 });
    const replicas = instances(template).filter((i) => i.Properties.SourceDBInstanceIdentifier);
    expect(replicas).toHaveLength(2);
    for (const replica of replicas) {
      // encrypted because its source is; CloudFormation rejects StorageEncrypted on a replica
      expect(replica.Properties.StorageEncrypted).toBeUndefined();
      expect(replica.Properties.DBInstanceClass).toBe('db.r6g.large');
      // same storage type and growth cap as the source (aws-cdk-lib's default would be gp2)
      expect(replica.Properties.StorageType).toBe('gp3');
      expect(replica.Properties.MaxAllocatedStorage).toBe(1000);
      expect(replica.DeletionPolicy).toBe('Retain');
    }
    const zones = replicas.map((r) => JSON.stringify(r.Properties.AvailabilityZone));
    expect(new Set(zones).size).toBe(2);
    expect(database.readEndpoints).toHaveLength(2);
  });

  test('allowFrom opens 5432 to that peer only', () => {
    const count = Object.keys(synth().template.findResources('AWS::EC2::SecurityGroupIngress')).length;
    const { stack, database } = build();
    const peer = new ec2.SecurityGroup(stack, 'App', { vpc: database.instance.vpc });
    database.allowFrom(peer);
    const ingress = Object.values(
      Template.fromStack(stack).findResources('AWS::EC2::SecurityGroupIngress'),
    ) as any[];
    expect(ingress).toHaveLength(count + 1);
    expect(ingress).toContainEqual(
      expect.objectContaining({
        Properties: expect.objectContaining({
          SourceSecurityGroupId: { 'Fn::GetAtt': [expect.stringMatching(/^App/), 'GroupId'] },
          IpProtocol: 'tcp',
        }),
      }),
    );
  });

  test('IAM authentication and grantConnect', () => {
    const { stack, database } = build({ iamAuthentication: true });
    const role = new iam.Role(stack, 'AppRole', {
      assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com'),
    });
    database.grantConnect(role, 'shop_app');
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::RDS::DBInstance', { EnableIAMDatabaseAuthentication: true });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: [Match.objectLike({ Action: 'rds-db:connect' })] },
    });
  });

  test('an RDS Proxy that requires TLS becomes the endpoint', () => {
    const { template, database } = synth({ proxy: true, instanceType: new ec2.InstanceType('t4g.medium') });
    template.hasResourceProperties('AWS::RDS::DBProxy', { RequireTLS: true, EngineFamily: 'POSTGRESQL' });
    expect(database.proxy).toBeDefined();
    expect(database.endpoint).toBe(database.proxy!.endpoint);
    // unique in the account and region, with or without aws-cdk-lib's feature flag for it
    const [proxy] = Object.values(template.findResources('AWS::RDS::DBProxy')) as any[];
    expect(proxy.Properties.DBProxyName).not.toBe('Proxy');
    expect(proxy.Properties.DBProxyName).toMatch(/^[A-Za-z][A-Za-z0-9]{0,59}$/);
    expect(proxy.Properties.DBProxyName).toContain('DatabaseInstanceProxy');
  });

  test('without NAT egress, the rotation uses a Secrets Manager interface endpoint', () => {
    const profile = NetworkProfile.custom({ availabilityZones: 2, natGateways: 0 });
    const { template, database } = synth({}, profile);
    template.hasResourceProperties('AWS::EC2::VPCEndpoint', {
      VpcEndpointType: 'Interface',
      ServiceName: Match.objectLike({
        'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp('secretsmanager')])],
      }),
      PrivateDnsEnabled: true,
    });
    expect(database.secretsManagerEndpoint).toBeDefined();
  });

  test('engine version, storage, retention and rotation are configurable', () => {
    const { template } = synth({
      engineVersion: rds.PostgresEngineVersion.VER_17_9,
      allocatedStorage: Size.gibibytes(50),
      maxAllocatedStorage: Size.gibibytes(200),
      backupRetention: Duration.days(14),
      passwordRotation: Duration.days(7),
    });
    template.hasResourceProperties('AWS::RDS::DBInstance', {
      EngineVersion: '17.9',
      AllocatedStorage: '50',
      MaxAllocatedStorage: 200,
      BackupRetentionPeriod: 14,
    });
    template.hasResourceProperties('AWS::RDS::DBParameterGroup', { Family: 'postgres17' });
    template.hasResourceProperties('AWS::SecretsManager::RotationSchedule', {
      RotationRules: { ScheduleExpression: 'rate(7 days)' },
    });
  });
});

describe('ShopDatabase hands applications their settings without the password in plain text', () => {
  test('environment, secrets and a URL template', () => {
    const { stack, database } = synth();
    const env = stack.resolve(database.containerEnvironment());
    expect(env).toMatchObject({
      DATABASE_PORT: '5432',
      DATABASE_NAME: 'shop',
      DATABASE_USER: 'shop_admin',
      PGSSLMODE: 'require',
    });
    expect(env.DATABASE_HOST).toEqual({
      'Fn::GetAtt': [expect.stringMatching(/DatabaseInstance/), 'Endpoint.Address'],
    });
    expect(JSON.stringify(env)).not.toMatch(/password/i);
    expect(Object.keys(database.containerSecrets())).toEqual(['DATABASE_PASSWORD']);
    const url = JSON.stringify(stack.resolve(database.databaseUrlTemplate()));
    expect(url).toContain('postgres://shop_admin:$DATABASE_PASSWORD@');
    expect(url).toContain(':5432/shop?sslmode=require');
  });
});

describe('ShopDatabase keeps the data', () => {
  test('every stateful resource survives stack deletion and replacement', () => {
    const { template } = synth({ preset: DatabasePreset.HIGHLY_AVAILABLE, readReplicas: 1, proxy: true });
    for (const instance of instances(template)) {
      expect(['Snapshot', 'Retain']).toContain(instance.DeletionPolicy);
      expect(['Snapshot', 'Retain']).toContain(instance.UpdateReplacePolicy);
      expect(instance.Properties.DeletionProtection).toBe(true);
    }
    template.hasResource('AWS::SecretsManager::Secret', { DeletionPolicy: Match.anyValue() });
  });

  test('an explicit DESTROY is honoured (integ tests)', () => {
    const { template } = synth({ removalPolicy: RemovalPolicy.DESTROY, deletionProtection: false });
    template.hasResource('AWS::RDS::DBInstance', { DeletionPolicy: 'Delete' });
  });
});

describe('ShopDatabase passes cdk-nag and cfn-guard', () => {
  const cases: [string, Partial<ShopDatabaseProps>][] = [
    ['DEVELOPMENT', {}],
    [
      'HIGHLY_AVAILABLE with replicas and a proxy',
      { preset: DatabasePreset.HIGHLY_AVAILABLE, readReplicas: 2, proxy: true },
    ],
    ['IAM authentication', { iamAuthentication: true }],
  ];

  test.each(cases)('AwsSolutions and NIST 800-53 R5 with %s', (_name, props) => {
    expectNagClean(synth(props).app);
  });

  test.each(cases)('cfn-guard with the Control Tower proactive rules with %s', (_name, props) => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-shop-database-'));
    try {
      const app = new App({ outdir });
      const stack = new Stack(app, 'Stack');
      const network = new ShopNetwork(stack, 'Network', { profile: NetworkProfile.TWO_AZ_SINGLE_NAT });
      new ShopDatabase(stack, 'Database', { vpc: network.vpc, ...props });
      expect(guardFindings(app, 'Stack')).toEqual([]);
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });

  test('a customer managed key encrypts the storage, and its guard rule is then not acknowledged', () => {
    const app = new App();
    const stack = new Stack(app, 'Stack');
    const network = new ShopNetwork(stack, 'Network', { profile: NetworkProfile.TWO_AZ_SINGLE_NAT });
    const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
    const database = new ShopDatabase(stack, 'Database', {
      vpc: network.vpc,
      storageEncryptionKey: key,
      preset: DatabasePreset.HIGHLY_AVAILABLE,
      readReplicas: 1,
    });
    const template = Template.fromStack(stack);
    const [primary, replica] = instances(template).sort((a) =>
      a.Properties.SourceDBInstanceIdentifier ? 1 : -1,
    );
    expect(primary.Properties.StorageEncrypted).toBe(true);
    expect(primary.Properties.KmsKeyId).toEqual({
      'Fn::GetAtt': [stack.getLogicalId(key.node.defaultChild as kms.CfnKey), 'Arn'],
    });
    // a replica in the same region is encrypted with its source's key
    expect(replica.Properties.KmsKeyId).toBeUndefined();
    const rules = guardAcknowledgements(database.instance);
    expect(rules).not.toContain('rds_storage_encrypted_kms_key_check');
    expect(rules).toContain('rds_instance_no_default_ports_check');
    expectNagClean(app);
  });

  test('IAM authentication is acknowledged only while it is off', () => {
    const guardRules = (database: ShopDatabase) => guardAcknowledgements(database.instance);
    expect(guardRules(build().database)).toContain('rds_instance_iam_authentication_enabled_check');
    expect(guardRules(build({ iamAuthentication: true }).database)).not.toContain(
      'rds_instance_iam_authentication_enabled_check',
    );
  });
});

describe('ShopDatabase rejects bad input at synth', () => {
  test.each<[string, Partial<ShopDatabaseProps>, RegExp]>([
    ['more than 5 read replicas', { readReplicas: 6 }, /invalid 'readReplicas': 6 is not between 0 and 5/],
    ['a negative replica count', { readReplicas: -1 }, /invalid 'readReplicas'/],
    [
      'an engine version RDS does not offer',
      { engineVersion: rds.PostgresEngineVersion.of('9.6.24', '9.6') },
      /invalid 'engineVersion': PostgreSQL 9.6.24/,
    ],
    ['an invalid database name', { databaseName: 'Shop-DB' }, /invalid 'databaseName'/],
    ['storage under 20 GiB', { allocatedStorage: Size.gibibytes(10) }, /invalid 'allocatedStorage': 10 GiB/],
    [
      'a ceiling below the storage',
      { allocatedStorage: Size.gibibytes(50), maxAllocatedStorage: Size.gibibytes(40) },
      /invalid 'maxAllocatedStorage': 40 GiB is below the allocated 50/,
    ],
    [
      'a backup retention under 7 days',
      { backupRetention: Duration.days(3) },
      /invalid 'backupRetention': 3 days is not 7 to 35/,
    ],
    ['a backup retention of 0 days', { backupRetention: Duration.days(0) }, /invalid 'backupRetention'/],
    ['a backup retention over 35 days', { backupRetention: Duration.days(40) }, /invalid 'backupRetention'/],
    ['a rotation of part days', { passwordRotation: Duration.hours(30) }, /invalid 'passwordRotation'/],
    [
      'a proxy on the micro preset',
      { proxy: true },
      /invalid 'proxy': RDS Proxy does not support .* db.t4g.micro \(the DEVELOPMENT preset's\)/,
    ],
    [
      'a proxy on a small burstable class',
      { proxy: true, instanceType: new ec2.InstanceType('t4g.small') },
      /invalid 'proxy'/,
    ],
  ])('%s', (_name, props, message) => {
    expect(() => synth(props)).toThrow(message);
  });

  test.each<[string, Partial<ShopDatabaseProps>, RegExp]>([
    [
      'Multi-AZ in a one-zone network',
      { multiAz: true },
      /invalid 'multiAz': a Multi-AZ database needs subnets in two/,
    ],
    ['replicas in a one-zone network', { readReplicas: 1 }, /invalid 'readReplicas'.*span one/],
    [
      'any database in a one-zone network',
      {},
      /invalid 'vpcSubnets': an RDS subnet group needs subnets in at least two/,
    ],
  ])('%s', (_name, props, message) => {
    const oneZone = NetworkProfile.custom({ availabilityZones: 1, natGateways: 1 });
    expect(() => synth(props, oneZone)).toThrow(message);
  });
});
