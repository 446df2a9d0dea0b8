import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { vpcFunction } from './data-access-fixture';
import { DatabasePreset } from '../../../src';
import { connectFunctionToCache, connectFunctionToDatabase } from '../../../src/shop/serverless/data-access';
import { createServerlessData, ServerlessDataOptions } from '../../../src/shop/serverless/serverless-data';
import { expectNagClean } from '../../helpers/nag';

function build(options: (stack: Stack) => Partial<ServerlessDataOptions> = () => ({})) {
  const stack = new Stack(new App(), 'Stack', { env: { account: '123456789012', region: 'us-east-1' } });
  const catalog = new dynamodb.Table(stack, 'Catalog', {
    partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
  });
  const shop = new Construct(stack, 'Shop');
  const data = createServerlessData(shop, { tables: [catalog], ...options(stack) });
  return { stack, catalog, shop, data };
}

const id = (stack: Stack, c: { node: any }) => stack.getLogicalId(c.node.defaultChild ?? c);

describe('createServerlessData with a database and sessions', () => {
  const built = build(() => ({ database: {}, sessions: true }));
  const { stack, data, catalog } = built;
  const fn = vpcFunction(stack, 'Orders', data.vpc);
  connectFunctionToDatabase(fn, data.database!, data.databaseUser!);
  connectFunctionToCache(fn, data.cache!);
  const template = Template.fromStack(stack);

  test('a new network of two zones without any NAT: public and isolated subnets only', () => {
    template.resourceCountIs('AWS::EC2::NatGateway', 0);
    template.resourceCountIs('AWS::EC2::Instance', 0);
    expect(data.vpc!.privateSubnets).toHaveLength(0);
    expect(data.vpc!.isolatedSubnets).toHaveLength(2);
    expect(data.functionSubnets).toEqual({ subnetType: ec2.SubnetType.PRIVATE_ISOLATED });
    const routes = Object.values(template.findResources('AWS::EC2::Route')).map((r: any) => r.Properties);
    // the only default routes are the public subnets' to the internet gateway
    expect(routes.filter((r) => r.DestinationCidrBlock === '0.0.0.0/0').every((r) => r.GatewayId)).toBe(true);
    expect(routes.some((r) => r.NatGatewayId || r.InstanceId)).toBe(false);
  });

  test('S3 and DynamoDB gateway endpoints on the route tables of the isolated subnets', () => {
    const isolatedTables = data.vpc!.isolatedSubnets.map((s) => stack.resolve(s.routeTable.routeTableId));
    for (const service of ['s3', 'dynamodb']) {
      const endpoint = Object.values(template.findResources('AWS::EC2::VPCEndpoint')).find((e: any) =>
        JSON.stringify(e.Properties.ServiceName).includes(`.${service}`),
      ) as any;
      expect(endpoint.Properties.VpcEndpointType).toBe('Gateway');
      expect(endpoint.Properties.RouteTableIds).toEqual(expect.arrayContaining(isolatedTables));
    }
    expect(data.dynamoDbEndpoint).toBeDefined();
  });

  test('one Secrets Manager interface endpoint (the database made it; the cache reuses it)', () => {
    const interfaces = Object.values(template.findResources('AWS::EC2::VPCEndpoint')).filter(
      (e: any) => e.Properties.VpcEndpointType === 'Interface',
    ) as any[];
    expect(interfaces).toHaveLength(1);
    expect(JSON.stringify(interfaces[0].Properties.ServiceName)).toContain('secretsmanager');
    expect(interfaces[0].Properties.PrivateDnsEnabled).toBe(true);
    expect(data.secretsManagerEndpoint).toBe(data.database!.secretsManagerEndpoint);
  });

  test('the database: db.t4g.medium with IAM authentication, behind a proxy requiring TLS and IAM end to end', () => {
    template.hasResourceProperties('AWS::RDS::DBInstance', {
      DBInstanceClass: 'db.t4g.medium',
      EnableIAMDatabaseAuthentication: true,
    });
    template.hasResourceProperties('AWS::RDS::DBProxy', {
      EngineFamily: 'POSTGRESQL',
      RequireTLS: true,
      DefaultAuthScheme: 'IAM_AUTH',
      Auth: Match.absent(),
    });
    expect(data.databaseUser).toBe('shop_api');
  });

  test("the function's group reaches 5432 and 6379 only; rds-db:connect on exactly shop_api of the proxy", () => {
    const fnGroup = id(stack, fn.connections.securityGroups[0]);
    const ports = Object.values(template.findResources('AWS::EC2::SecurityGroupIngress'))
      .map((r: any) => r.Properties)
      .filter((p) => JSON.stringify(p.SourceSecurityGroupId).includes(fnGroup))
      .map((p) => [p.FromPort, p.ToPort]);
    expect(ports.sort()).toEqual([
      [5432, 5432],
      [6379, 6379],
    ]);
    const statements = Object.values(template.findResources('AWS::IAM::Policy'))
      .filter((p: any) => JSON.stringify(p.Properties.Roles).includes(id(stack, fn.role!)))
      .flatMap((p: any) => p.Properties.PolicyDocument.Statement)
      .filter((s: any) => s.Action === 'rds-db:connect');
    expect(statements).toHaveLength(1);
    const resource = JSON.stringify(statements[0].Resource);
    expect(resource).toMatch(/:dbuser:/);
    expect(resource).toContain(id(stack, data.database!.proxy!));
    expect(resource).toMatch(/\/shop_api"/);
  });

  test('the backup selection holds the table and the database, and nothing else', () => {
    const selections = Object.values(template.findResources('AWS::Backup::BackupSelection')) as any[];
    expect(selections).toHaveLength(1);
    const resources = selections[0].Properties.BackupSelection.Resources.map((r: any) => JSON.stringify(r));
    expect(resources).toHaveLength(2);
    expect(resources.some((r: string) => r.includes(id(stack, catalog)))).toBe(true);
    expect(
      resources.some((r: string) => r.includes(id(stack, data.database!.instance)) && r.includes(':db:')),
    ).toBe(true);
  });

  test('cdk-nag: the data tier (network, database, cache, backup, endpoints) is clean', () => {
    expectNagClean(built.shop);
  });
});

describe('createServerlessData in its other shapes', () => {
  test('tables only: no VPC, no database, no cache; the backup covers the tables', () => {
    const { stack, data } = build((s) => ({
      tables: [
        new dynamodb.Table(s, 'A', { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING } }),
        new dynamodb.Table(s, 'B', { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING } }),
      ],
    }));
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::EC2::VPC', 0);
    template.resourceCountIs('AWS::RDS::DBInstance', 0);
    expect(data.vpc).toBeUndefined();
    const selection = Object.values(template.findResources('AWS::Backup::BackupSelection'))[0] as any;
    expect(selection.Properties.BackupSelection.Resources).toHaveLength(2);
  });

  test('sessions only: a network without NAT, a cache, and a Secrets Manager endpoint of its own for the token', () => {
    const { stack, data, shop } = build(() => ({ sessions: true }));
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::EC2::NatGateway', 0);
    template.resourceCountIs('AWS::RDS::DBInstance', 0);
    template.resourceCountIs('AWS::ElastiCache::ReplicationGroup', 1);
    template.hasResourceProperties('AWS::EC2::VPCEndpoint', {
      VpcEndpointType: 'Interface',
      PrivateDnsEnabled: true,
      ServiceName: Match.stringLikeRegexp('secretsmanager'),
    });
    expect(data.secretsManagerEndpoint).toBeDefined();
    expect(data.database).toBeUndefined();
    expectNagClean(shop);
  });

  test('a given VPC with NAT: used as it is, no endpoint added, the functions in its private subnets', () => {
    const { stack, data } = build((s) => ({
      database: { vpc: new ec2.Vpc(s, 'Own', { maxAzs: 2, natGateways: 1 }), user: 'orders_app' },
      sessions: true,
    }));
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::EC2::VPCEndpoint', 0);
    expect(data.network).toBeUndefined();
    expect(data.dynamoDbEndpoint).toBeUndefined();
    expect(data.secretsManagerEndpoint).toBeUndefined();
    expect(data.databaseUser).toBe('orders_app');
    expect(data.functionSubnets).toEqual({ subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS });
  });

  test('the backup retention and a failure notification on the plan vault', () => {
    const { stack, data } = build((s) => ({
      backupRetention: Duration.days(14),
      alarmTopic: new sns.Topic(s, 'Alarms'),
    }));
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Backup::BackupPlan', {
      BackupPlan: { BackupPlanRule: [Match.objectLike({ Lifecycle: { DeleteAfterDays: 14 } })] },
    });
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.backup'],
        'detail-type': ['Backup Job State Change'],
        detail: {
          state: ['FAILED', 'ABORTED', 'EXPIRED'],
          backupVaultName: [stack.resolve(data.backup.vault.backupVaultName)],
        },
      },
      Targets: [Match.objectLike({ Arn: { Ref: Match.stringLikeRegexp('Alarms') } })],
    });
  });

  test('an instance class of its own, and a preset that keeps its class (no t4g.medium forced on it)', () => {
    const own = build(() => ({ database: { instanceType: new ec2.InstanceType('m7g.large') } }));
    Template.fromStack(own.stack).hasResourceProperties('AWS::RDS::DBInstance', {
      DBInstanceClass: 'db.m7g.large',
    });
    const preset = build(() => ({ database: { preset: DatabasePreset.HIGHLY_AVAILABLE } }));
    Template.fromStack(preset.stack).hasResourceProperties('AWS::RDS::DBInstance', {
      DBInstanceClass: 'db.r6g.large',
      MultiAZ: true,
    });
  });
});
