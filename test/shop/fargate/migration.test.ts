import * as fs from 'fs';
import * as path from 'path';
import { App, Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { BASIC, container, logicalId, serviceProps, shopStack } from './fargate-fixtures';
import { directDependencies, path as dependencyPath, waitsFor } from './migration-graph';
import { FargateShop, FargateShopProps, ShopCache, ShopDatabase, ShopImage, ShopNetwork } from '../../../src';
import { MIGRATION_HANDLER_DIR } from '../../../src/shop/fargate/migration';

/*
 * The migration runs before the backend and the worker take a new version: read from the
 * template CloudFormation deploys (DependsOn, Ref and GetAtt edges), not from the implementation.
 */

const MEDUSA_NEXT = ShopImage.fromRegistry('ghcr.io/acme/medusa:1.5.0');
const WITH_WORKER: FargateShopProps = { ...BASIC, worker: {} };
const { template: t, shop, stack } = shopStack(WITH_WORKER);
const template = t.toJSON();
const resources = template.Resources as Record<string, any>;
const runId = logicalId(t, 'Custom::ShopMigration', 'Migration');
const backendService = logicalId(t, 'AWS::ECS::Service', 'Backend');
const workerService = logicalId(t, 'AWS::ECS::Service', 'Worker');
const storefrontService = logicalId(t, 'AWS::ECS::Service', 'Storefront');
const migrationTask = logicalId(t, 'AWS::ECS::TaskDefinition', 'MigrationTask');
const backendTask = logicalId(t, 'AWS::ECS::TaskDefinition', 'Backend');
const run = resources[runId].Properties;

describe('ordering: the services running the backend image wait for the migration', () => {
  test.each([
    ['backend', backendService],
    ['worker', workerService],
  ])('the %s service waits for the migration run', (_name, service) => {
    expect(waitsFor(template, service, runId)).toBe(true);
    // directly: its update cannot start before the run has succeeded
    expect(directDependencies(template, service).has(runId)).toBe(true);
  });

  test('the storefront does not wait (it does not run the backend image)', () => {
    expect(waitsFor(template, storefrontService, runId)).toBe(false);
  });

  test('the run waits for its task definition, the database and the ingress rule that admits it', () => {
    expect(waitsFor(template, runId, migrationTask)).toBe(true);
    const database = logicalId(t, 'AWS::RDS::DBInstance', 'Database');
    expect(dependencyPath(template, runId, database)).toBeDefined();
    const migrationSg = logicalId(t, 'AWS::EC2::SecurityGroup', 'MigrationTask');
    const ingress = Object.entries(resources).filter(
      ([, r]) =>
        r.Type === 'AWS::EC2::SecurityGroupIngress' &&
        JSON.stringify(r.Properties.SourceSecurityGroupId) ===
          JSON.stringify({ 'Fn::GetAtt': [migrationSg, 'GroupId'] }),
    );
    // the database (5432) and the cache admit the migration's security group
    expect(ingress.map(([, r]) => r.Properties.FromPort).sort()).toEqual([5432, 6379]);
    for (const [id] of ingress) expect(waitsFor(template, runId, id)).toBe(true);
  });

  test('the run waits for the NAT routes of its subnets (the first run pulls the image)', () => {
    const routes = Object.keys(resources).filter(
      (id) => resources[id].Type === 'AWS::EC2::Route' && resources[id].Properties.NatGatewayId === undefined,
    );
    expect(routes.length).toBeGreaterThan(0);
    expect(routes.some((id) => waitsFor(template, runId, id))).toBe(true);
  });

  test('the run changes, and so runs again, exactly when the migration task definition or the image does', () => {
    expect(run.TaskDefinitionArn).toEqual({ Ref: migrationTask });
    expect(run.Image).toBe('ghcr.io/acme/medusa:1.4.2');
    const props = Object.keys(run)
      .filter((k) => k !== 'ServiceToken')
      .sort();
    // nothing that changes on every deployment (no timestamp, no random value)
    expect(props).toEqual([
      'ClusterArn',
      'ContainerName',
      'Image',
      'LogGroupName',
      'LogStreamPrefix',
      'SecurityGroups',
      'ServiceTimeout',
      'Subnets',
      'TaskDefinitionArn',
      'TimeoutSeconds',
    ]);
  });

  test('a new backend image changes the run (so it runs again) and the migration task alike', () => {
    const next = shopStack({ ...WITH_WORKER, backend: { image: MEDUSA_NEXT } }).template;
    const nextRun = Object.values(next.findResources('Custom::ShopMigration'))[0].Properties;
    expect(nextRun.Image).toBe('ghcr.io/acme/medusa:1.5.0');
    expect(container(next, 'MigrationTask', 'migration').Image).toBe('ghcr.io/acme/medusa:1.5.0');
    // the same shop synthesized again: the same run, so a deployment without changes runs nothing
    const again = Object.values(shopStack(WITH_WORKER).template.findResources('Custom::ShopMigration'))[0];
    expect(again.Properties).toEqual(run);
  });
});

describe('the migration task is the backend with another command', () => {
  const migration = container(t, 'MigrationTask', 'migration');
  const backend = container(t, 'Backend', 'backend');

  test("Medusa's migrate command behind the backend's wrapper (DATABASE_URL with TLS, REDIS_URL)", () => {
    expect(migration.Command).toEqual(['npx', 'medusa', 'db:migrate']);
    expect(migration.EntryPoint).toEqual(backend.EntryPoint);
    const wrapper = JSON.stringify(migration.EntryPoint);
    expect(wrapper).toContain('export DATABASE_URL=');
    expect(wrapper).toContain('sslmode=verify-full');
    expect(wrapper).toContain('export REDIS_URL=');
  });

  test("the backend's own command starts the server and never migrates", () => {
    expect(backend.Command).toEqual(['npx', 'medusa', 'start']);
    expect(backend.Command.join(' ')).not.toMatch(/migrat|predeploy/);
    expect(container(t, 'Worker', 'worker').Command.join(' ')).not.toMatch(/migrat|predeploy/);
  });

  test("the backend's image, environment and secrets; no secret in plain text", () => {
    expect(migration.Image).toBe(backend.Image);
    expect(migration.Environment).toEqual(backend.Environment);
    expect(migration.Secrets).toEqual(backend.Secrets);
    expect(migration.Secrets.map((s: any) => s.Name).sort()).toEqual(
      ['COOKIE_SECRET', 'DATABASE_PASSWORD', 'JWT_SECRET', 'REDIS_PASSWORD'].sort(),
    );
    expect(JSON.stringify(migration.Environment)).not.toMatch(/PASSWORD|resolve:secretsmanager/);
  });

  test('hardened as the services are: read-only root, non-root user, scratch volumes, no port, logs', () => {
    expect(migration.ReadonlyRootFilesystem).toBe(true);
    expect(migration.User).toBe('1000');
    expect(migration.PortMappings).toBeUndefined();
    expect(migration.HealthCheck).toBeUndefined();
    expect(migration.MountPoints.map((m: any) => m.ContainerPath)).toEqual(
      backend.MountPoints.map((m: any) => m.ContainerPath),
    );
    expect(migration.DependsOn).toEqual([{ ContainerName: 'scratch-permissions', Condition: 'SUCCESS' }]);
    const logs = migration.LogConfiguration.Options['awslogs-group'].Ref;
    expect(resources[logs].DeletionPolicy).toBe('Retain');
    expect(run.LogGroupName).toEqual({ Ref: logs });
    expect(migration.LogConfiguration.Options['awslogs-stream-prefix']).toBe(run.LogStreamPrefix);
  });

  test("the backend's task size and architecture by default, on Fargate", () => {
    const task = resources[migrationTask].Properties;
    const backendTd = resources[backendTask].Properties;
    expect([task.Cpu, task.Memory]).toEqual([backendTd.Cpu, backendTd.Memory]);
    expect(task.RuntimePlatform).toEqual(backendTd.RuntimePlatform);
    expect(task.RequiresCompatibilities).toEqual(['FARGATE']);
    // roles of its own, not the backend's
    expect(task.TaskRoleArn).not.toEqual(backendTd.TaskRoleArn);
    expect(task.ExecutionRoleArn).not.toEqual(backendTd.ExecutionRoleArn);
  });

  test("in the backend service's subnets, with a security group of its own and no public IP", () => {
    const network = serviceProps(t, 'Backend').NetworkConfiguration.AwsvpcConfiguration;
    expect(run.Subnets).toEqual(network.Subnets);
    const sg = logicalId(t, 'AWS::EC2::SecurityGroup', 'MigrationTask');
    expect(run.SecurityGroups).toEqual([{ 'Fn::GetAtt': [sg, 'GroupId'] }]);
    expect(resources[sg].Properties.SecurityGroupIngress).toBeUndefined();
  });
});

describe('the handlers: least privilege, current runtime', () => {
  const functions = Object.entries(resources).filter(
    ([id, r]) => r.Type === 'AWS::Lambda::Function' && /Migration(Start|Check)/.test(id),
  );
  const policyOf = (fnId: string) => {
    const roleId = resources[fnId].Properties.Role['Fn::GetAtt'][0];
    const policies = Object.values(resources).filter(
      (r: any) => r.Type === 'AWS::IAM::Policy' && r.Properties.Roles.some((x: any) => x.Ref === roleId),
    ) as any[];
    return policies.flatMap((p) => p.Properties.PolicyDocument.Statement);
  };
  const byHandler = (handler: string) => functions.find(([, r]) => r.Properties.Handler === handler)![0];

  test('Node.js 24 on ARM64, from the shipped handler folder', () => {
    expect(functions.map(([, r]) => r.Properties.Handler).sort()).toEqual([
      'index.isComplete',
      'index.onEvent',
    ]);
    for (const [, r] of functions) {
      expect(r.Properties.Runtime).toBe('nodejs24.x');
      expect(r.Properties.Architectures).toEqual(['arm64']);
    }
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const handlers = require(path.join(MIGRATION_HANDLER_DIR, 'index.js'));
    expect(typeof handlers.onEvent).toBe('function');
    expect(typeof handlers.isComplete).toBe('function');
    expect(fs.readdirSync(MIGRATION_HANDLER_DIR)).toEqual(['index.js']);
  });

  test('start: RunTask of the migration family in this cluster, PassRole of its two roles to ECS only', () => {
    const statements = policyOf(byHandler('index.onEvent')).filter(
      (s: any) => !String(s.Action).startsWith('logs:'),
    );
    const clusterArn = { 'Fn::GetAtt': [logicalId(t, 'AWS::ECS::Cluster', 'Cluster'), 'Arn'] };
    const task = resources[migrationTask].Properties;
    expect(statements).toEqual([
      {
        Action: 'ecs:RunTask',
        Effect: 'Allow',
        Condition: { ArnEquals: { 'ecs:cluster': clusterArn } },
        Resource: {
          'Fn::Join': [
            '',
            [
              'arn:',
              { Ref: 'AWS::Partition' },
              `:ecs:us-east-1:`,
              { Ref: 'AWS::AccountId' },
              `:task-definition/${task.Family}:*`,
            ],
          ],
        },
      },
      {
        Action: 'iam:PassRole',
        Effect: 'Allow',
        Condition: { StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } },
        Resource: [task.TaskRoleArn, task.ExecutionRoleArn],
      },
      { Action: 'cloudformation:DescribeStacks', Effect: 'Allow', Resource: { Ref: 'AWS::StackId' } },
    ]);
  });

  test("check: DescribeTasks and StopTask of this cluster's tasks only", () => {
    const statements = policyOf(byHandler('index.isComplete')).filter(
      (s: any) => !String(s.Action).startsWith('logs:'),
    );
    expect(statements).toEqual([
      {
        Action: ['ecs:DescribeTasks', 'ecs:StopTask'],
        Effect: 'Allow',
        Condition: {
          ArnEquals: {
            'ecs:cluster': { 'Fn::GetAtt': [logicalId(t, 'AWS::ECS::Cluster', 'Cluster'), 'Arn'] },
          },
        },
        Resource: {
          'Fn::Join': [
            '',
            [
              'arn:',
              { Ref: 'AWS::Partition' },
              ':ecs:us-east-1:',
              { Ref: 'AWS::AccountId' },
              ':task/',
              { Ref: logicalId(t, 'AWS::ECS::Cluster', 'Cluster') },
              '/*',
            ],
          ],
        },
      },
    ]);
  });

  test('no role of the migration has a managed policy or a wildcard action', () => {
    const roles = Object.entries(resources).filter(
      ([id, r]) => r.Type === 'AWS::IAM::Role' && id.includes('Migration'),
    );
    expect(roles.length).toBeGreaterThanOrEqual(6);
    for (const [, r] of roles) expect(r.Properties.ManagedPolicyArns).toBeUndefined();
    const statements = Object.entries(resources)
      .filter(([id, r]) => r.Type === 'AWS::IAM::Policy' && id.includes('Migration'))
      .flatMap(([, r]) => r.Properties.PolicyDocument.Statement);
    for (const s of statements) {
      for (const action of [s.Action].flat()) expect(action).not.toMatch(/\*$/);
    }
  });

  test('the timeout: the run says it, the waiter waits it plus a margin at 15 s polls', () => {
    const custom = shopStack({ ...BASIC, migration: { timeout: Duration.minutes(20) } }).template.toJSON();
    const entries = Object.entries(custom.Resources as Record<string, any>);
    const props = entries.find(([, r]) => r.Type === 'Custom::ShopMigration')![1];
    expect(props.Properties.TimeoutSeconds).toBe('1200');
    expect(props.Properties.ServiceTimeout).toBe('1620');
    const definition = JSON.stringify(
      entries.find(([id, r]) => r.Type === 'AWS::StepFunctions::StateMachine' && id.includes('Migration'))![1]
        .Properties,
    );
    // (20 + 5) minutes / 15 s
    expect(definition).toContain('\\"MaxAttempts\\":100');
    expect(definition).toContain('\\"IntervalSeconds\\":15');
  });
});

describe('options', () => {
  test('command and task size', () => {
    const { template: custom } = shopStack({
      ...BASIC,
      migration: { command: ['npm', 'run', 'migrate'], cpu: 1024, memoryLimitMiB: 4096 },
    });
    expect(container(custom, 'MigrationTask', 'migration').Command).toEqual(['npm', 'run', 'migrate']);
    custom.hasResourceProperties('AWS::ECS::TaskDefinition', {
      Family: Match.stringLikeRegexp('MigrationTask'),
      Cpu: '1024',
      Memory: '4096',
    });
  });

  test.each<[string, FargateShopProps]>([
    ['migration.enabled: false', { ...BASIC, migration: { enabled: false } }],
    ['no backend', { storefront: BASIC.storefront }],
  ])('%s: no migration, no dependency', (_label, props) => {
    const { template: off, shop: offShop } = shopStack(props);
    expect(offShop.migration).toBeUndefined();
    off.resourceCountIs('Custom::ShopMigration', 0);
    const backend = Object.entries(off.findResources('AWS::ECS::Service')).find(([id]) =>
      id.includes('Backend'),
    );
    if (backend) expect(JSON.stringify(backend[1].DependsOn ?? [])).not.toContain('Migration');
    expect(JSON.stringify(off.toJSON())).not.toContain('MigrationTask');
  });

  test('a backend command that migrates gets a warning', () => {
    const { stack: warned } = shopStack({
      ...BASIC,
      backendService: { command: ['sh', '-c', 'npx medusa db:migrate && npx medusa start'] },
    });
    Annotations.fromStack(warned).hasWarning(
      '/Stack/Shop',
      Match.stringLikeRegexp('every task would migrate at once'),
    );
    Annotations.fromStack(stack).hasNoWarning('/Stack/Shop', Match.stringLikeRegexp('migrate'));
  });

  test('shop.migration exposes the run, the task definition and the security group', () => {
    expect(shop.migration).toBeDefined();
    expect(stack.resolve(shop.migration!.taskDefinition.taskDefinitionArn)).toEqual({ Ref: migrationTask });
    expect(shop.migration!.connections.securityGroups).toHaveLength(1);
    expect(stack.getLogicalId(shop.migration!.run.node.defaultChild as any)).toBe(runId);
  });
});

describe('with the database and cache of another stack', () => {
  test('the run waits for the ingress rules the shop stack holds for its security group', () => {
    const app = new App({ context: { 'aws:cdk:disable-creation-stack-traces': true } });
    const env = { region: 'us-east-1' };
    const data = new Stack(app, 'Data', { env });
    const network = new ShopNetwork(data, 'Network');
    const database = new ShopDatabase(data, 'Database', { vpc: network.vpc });
    const cache = new ShopCache(data, 'Cache', { vpc: network.vpc });
    const shopOnly = new Stack(app, 'Shop', { env });
    new FargateShop(shopOnly, 'Shop', { ...BASIC, vpc: network.vpc, database, cache });
    const shopTemplate = app.synth().getStackByName('Shop').template;
    const res = shopTemplate.Resources as Record<string, any>;
    const sg = Object.keys(res).find(
      (id) => res[id].Type === 'AWS::EC2::SecurityGroup' && id.includes('MigrationTask'),
    )!;
    const rules = Object.keys(res).filter(
      (id) =>
        res[id].Type === 'AWS::EC2::SecurityGroupIngress' &&
        JSON.stringify(res[id].Properties.SourceSecurityGroupId) ===
          JSON.stringify({ 'Fn::GetAtt': [sg, 'GroupId'] }),
    );
    expect(rules.map((id) => res[id].Properties.FromPort).sort()).toEqual([5432, 6379]);
    const runOf = Object.keys(res).find((id) => res[id].Type === 'Custom::ShopMigration')!;
    for (const rule of rules) expect(directDependencies(shopTemplate, runOf).has(rule)).toBe(true);
  });
});
