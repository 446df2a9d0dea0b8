import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import { BASIC, MEDUSA, PRODUCTS, STOREFRONT, shopStack } from './fargate-fixtures';
import { FargateShop, FargateShopProps, RotationRedeploy, ShopDatabase } from '../../../src';
import { matchesPattern } from '../../helpers/event-pattern';

/*
 * After a password rotation, every service that reads the password is redeployed, and only those.
 * What holds the password is read from the template (task definitions with a DATABASE_PASSWORD
 * secret), not from the implementation.
 */

const SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:shop-db-AbCdEf';
const OTHER_SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:other-XyZ123';

/** The shop of the compliance suite's fullest case: a worker, a public service without the database, an internal one with it. */
const MIXED: FargateShopProps = {
  storefront: { image: STOREFRONT },
  backend: { image: MEDUSA },
  worker: {},
  services: [
    { name: 'products', image: PRODUCTS, port: 8000, pathPatterns: ['/products', '/products/*'] },
    {
      name: 'orders',
      image: PRODUCTS,
      port: 8001,
      public: false,
      database: true,
      command: ['node', 'orders.js'],
    },
  ],
};

/** A RotationSucceeded event as EventBridge delivers it (a CloudTrail service event, Secrets Manager user guide "CloudTrail entries"). */
function rotationEvent(
  eventName: string,
  secretArn: string,
  detailType = 'AWS Service Event via CloudTrail',
) {
  return {
    version: '0',
    id: '6f1a6e2c-0000-4000-8000-000000000001',
    'detail-type': detailType,
    source: 'aws.secretsmanager',
    account: '123456789012',
    time: '2026-12-01T03:00:00Z',
    region: 'us-east-1',
    resources: [],
    detail: {
      eventVersion: '1.08',
      userIdentity: { accountId: '123456789012', invokedBy: 'secretsmanager.amazonaws.com' },
      eventTime: '2026-12-01T03:00:00Z',
      eventSource: 'secretsmanager.amazonaws.com',
      eventName,
      awsRegion: 'us-east-1',
      sourceIPAddress: 'secretsmanager.amazonaws.com',
      userAgent: 'secretsmanager.amazonaws.com',
      requestParameters: null,
      responseElements: null,
      additionalEventData: { SecretId: secretArn },
      requestID: 'a1b2c3d4-0000-4000-8000-000000000002',
      eventID: 'a1b2c3d4-0000-4000-8000-000000000003',
      readOnly: false,
      eventType: 'AwsServiceEvent',
      managementEvent: true,
      recipientAccountId: '123456789012',
      eventCategory: 'Management',
    },
  };
}

/** A template value with intrinsics replaced: Ref -> `refs[id]` or `<id>`, GetAtt -> `<id.attr>`, Join joined. */
function resolve(value: any, refs: Record<string, string> = {}): any {
  if (Array.isArray(value)) return value.map((v) => resolve(v, refs));
  if (typeof value !== 'object' || value === null) return value;
  if ('Ref' in value) return value.Ref === 'AWS::Partition' ? 'aws' : (refs[value.Ref] ?? `<${value.Ref}>`);
  if ('Fn::GetAtt' in value) return `<${value['Fn::GetAtt'].join('.')}>`;
  if ('Fn::Join' in value) {
    const [separator, parts] = value['Fn::Join'];
    return resolve(parts, refs).join(separator);
  }
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v, refs)]));
}

/** The logical ids of the services whose task definition gets DATABASE_PASSWORD, read from the template. */
function passwordReaders(template: Template): string[] {
  const resources = template.toJSON().Resources;
  return Object.entries(template.findResources('AWS::ECS::Service'))
    .filter(([, service]) => {
      const definitions = resources[service.Properties.TaskDefinition.Ref].Properties
        .ContainerDefinitions as any[];
      return definitions.some((d) => (d.Secrets ?? []).some((s: any) => s.Name === 'DATABASE_PASSWORD'));
    })
    .map(([id]) => id)
    .sort();
}

function only(template: Template, type: string): [string, any] {
  // the migration's provider has a waiter state machine of its own (migration.test.ts)
  const found = Object.entries(template.findResources(type)).filter(
    ([id]) => !id.startsWith('ShopMigration'),
  );
  expect(found).toHaveLength(1);
  return found[0];
}

/** The rule's pattern with the database secret's ARN in place of its token. */
function rulePattern(template: Template): any {
  const [, rule] = only(template, 'AWS::Events::Rule');
  const [attachmentId] = only(template, 'AWS::SecretsManager::SecretTargetAttachment');
  return resolve(rule.Properties.EventPattern, { [attachmentId]: SECRET_ARN });
}

/** The Task states of the state machine's definition, parsed. */
function taskStates(template: Template): any[] {
  const [, machine] = only(template, 'AWS::StepFunctions::StateMachine');
  const definition = JSON.parse(resolve(machine.Properties.DefinitionString));
  const tasks: any[] = [];
  const walk = (states: Record<string, any>) => {
    for (const state of Object.values(states)) {
      if (state.Type === 'Task') tasks.push(state);
      for (const branch of state.Branches ?? []) walk(branch.States);
    }
  };
  walk(definition.States);
  return tasks;
}

describe('the rule matches a successful rotation of the database secret only', () => {
  const { template } = shopStack(MIXED);
  const pattern = rulePattern(template);

  test('RotationSucceeded of this secret matches', () => {
    expect(matchesPattern(pattern, rotationEvent('RotationSucceeded', SECRET_ARN))).toBe(true);
  });

  test.each(['RotationStarted', 'RotationFailed', 'RotationAbandoned', 'RotateSecret', 'PutSecretValue'])(
    '%s of this secret does not match',
    (eventName) => {
      expect(matchesPattern(pattern, rotationEvent(eventName, SECRET_ARN))).toBe(false);
    },
  );

  test('RotationSucceeded of another secret, or under another detail-type or source, does not match', () => {
    expect(matchesPattern(pattern, rotationEvent('RotationSucceeded', OTHER_SECRET_ARN))).toBe(false);
    expect(
      matchesPattern(pattern, rotationEvent('RotationSucceeded', SECRET_ARN, 'AWS API Call via CloudTrail')),
    ).toBe(false);
    expect(
      matchesPattern(pattern, { ...rotationEvent('RotationSucceeded', SECRET_ARN), source: 'aws.rds' }),
    ).toBe(false);
  });

  test('the rule targets the state machine', () => {
    const [, rule] = only(template, 'AWS::Events::Rule');
    const [machineId] = only(template, 'AWS::StepFunctions::StateMachine');
    expect(rule.Properties.State).toBe('ENABLED');
    expect(rule.Properties.Targets.map((t: any) => t.Arn)).toEqual([{ Ref: machineId }]);
  });
});

describe.each<[string, FargateShopProps, number]>([
  ['storefront and backend', BASIC, 1],
  ['backend, worker, a public service without the database, an internal one with it', MIXED, 3],
])('redeploys exactly the services holding the password (%s)', (_label, props, readerCount) => {
  const { template } = shopStack(props);
  const readers = passwordReaders(template);
  const [clusterId] = only(template, 'AWS::ECS::Cluster');

  test('the template has the readers expected, and other services', () => {
    expect(readers).toHaveLength(readerCount);
    expect(Object.keys(template.findResources('AWS::ECS::Service')).length).toBeGreaterThan(readerCount);
  });

  test('one updateService with forceNewDeployment per reader, in the shop cluster', () => {
    const tasks = taskStates(template);
    for (const task of tasks) {
      expect(task.Resource).toBe('arn:aws:states:::aws-sdk:ecs:updateService');
      expect(task.Parameters.ForceNewDeployment).toBe(true);
      expect(task.Parameters.Cluster).toBe(`<${clusterId}.Arn>`);
    }
    expect(tasks.map((t) => t.Parameters.Service).sort()).toEqual(readers.map((id) => `<${id}>`));
  });

  test("the state machine's role may update exactly those services, and start no other ECS action", () => {
    const [, machine] = only(template, 'AWS::StepFunctions::StateMachine');
    const roleId = machine.Properties.RoleArn['Fn::GetAtt'][0];
    const statements = Object.values(template.findResources('AWS::IAM::Policy'))
      .filter((p) => p.Properties.Roles.some((r: any) => r.Ref === roleId))
      .flatMap((p) => p.Properties.PolicyDocument.Statement);
    const ecsStatements = statements.filter((s: any) =>
      [s.Action].flat().some((a: string) => a.startsWith('ecs:')),
    );
    expect(ecsStatements.map((s: any) => s.Action)).toEqual(ecsStatements.map(() => 'ecs:updateService'));
    const resources = ecsStatements.flatMap((s: any) => [s.Resource].flat()).map((r: any) => r.Ref);
    expect(resources.sort()).toEqual(readers);
  });
});

describe('logged, traced, and its failures alarm to the shop topic', () => {
  const { template, shop } = shopStack(BASIC);
  const [ruleId] = only(template, 'AWS::Events::Rule');
  const [machineId, machine] = only(template, 'AWS::StepFunctions::StateMachine');

  test('every execution logged in full to a vended-logs group, retained, traced', () => {
    const logging = machine.Properties.LoggingConfiguration;
    expect(logging.Level).toBe('ALL');
    expect(logging.IncludeExecutionData).toBe(true);
    const logsId = logging.Destinations[0].CloudWatchLogsLogGroup.LogGroupArn['Fn::GetAtt'][0];
    const group = template.toJSON().Resources[logsId];
    expect(group.Properties.LogGroupName).toMatch(/^\/aws\/vendedlogs\/states\//);
    expect(group.DeletionPolicy).toBe('Retain');
    expect(machine.Properties.TracingConfiguration).toEqual({ Enabled: true });
  });

  test('a failed update, or one that takes over a minute, is retried before the execution fails', () => {
    for (const task of taskStates(template)) {
      expect(task.TimeoutSeconds).toBe(60);
      expect(task.Retry).toEqual([expect.objectContaining({ ErrorEquals: ['States.ALL'], MaxAttempts: 3 })]);
    }
  });

  test('the alarms watch failed executions and failed rule invocations, notify the topic, are among the shop alarms', () => {
    const redeploy = shop.redeployOnRotation!;
    expect(redeploy.alarms).toHaveLength(2);
    for (const alarm of redeploy.alarms) expect(shop.alarms).toContain(alarm);
    const stack = Stack.of(shop);
    const topicId = stack.getLogicalId(shop.alarmTopic.node.defaultChild as any);
    const [executions, invocations] = redeploy.alarms.map(
      (a) => template.toJSON().Resources[stack.getLogicalId(a.node.defaultChild as any)].Properties,
    );
    for (const alarm of [executions, invocations]) expect(alarm.AlarmActions).toEqual([{ Ref: topicId }]);
    expect(executions.Namespace).toBe('AWS/States');
    expect(executions.MetricName).toBe('ExecutionsFailed');
    expect(executions.Dimensions).toEqual([{ Name: 'StateMachineArn', Value: { Ref: machineId } }]);
    expect(executions.Threshold).toBe(1);
    expect(invocations.Namespace).toBe('AWS/Events');
    expect(invocations.MetricName).toBe('FailedInvocations');
    expect(invocations.Dimensions).toEqual([{ Name: 'RuleName', Value: { Ref: ruleId } }]);
    expect(invocations.Threshold).toBe(1);
  });

  test("the database's rotation schedule waits for the rule, so the first rotation is followed too", () => {
    const [, schedule] = only(template, 'AWS::SecretsManager::RotationSchedule');
    expect(schedule.DependsOn).toContain(ruleId);
  });
});

describe('when there is nothing to follow', () => {
  test('redeployOnPasswordRotation: false defines none', () => {
    const { template, shop } = shopStack({ ...BASIC, redeployOnPasswordRotation: false });
    template.resourceCountIs('AWS::Events::Rule', 0);
    // the one left is the migration's waiter
    expect(Object.keys(template.findResources('AWS::StepFunctions::StateMachine'))).toEqual([
      expect.stringMatching(/^ShopMigrationProviderwaiter/),
    ]);
    expect(shop.redeployOnRotation).toBeUndefined();
    template.resourceCountIs('AWS::SecretsManager::RotationSchedule', 1);
  });

  test('a storefront-only shop has no database and defines none', () => {
    const { template, shop } = shopStack({ storefront: { image: STOREFRONT } });
    template.resourceCountIs('AWS::Events::Rule', 0);
    template.resourceCountIs('AWS::StepFunctions::StateMachine', 0);
    expect(shop.redeployOnRotation).toBeUndefined();
  });

  test('RotationRedeploy refuses an empty list of services, naming the prop and the fix', () => {
    const stack = new Stack();
    const secret = new secretsmanager.Secret(stack, 'Secret');
    expect(
      () =>
        new RotationRedeploy(stack, 'Redeploy', {
          secret,
          services: [],
          alarmTopic: new sns.Topic(stack, 'T'),
        }),
    ).toThrow(
      "Default/Redeploy: invalid 'services': is empty: there is nothing to redeploy. Give the services",
    );
  });
});

test('a given database is followed too', () => {
  const app = new App({ context: { 'aws:cdk:disable-creation-stack-traces': true } });
  const stack = new Stack(app, 'Stack', { env: { region: 'us-east-1' } });
  const vpc = new ec2.Vpc(stack, 'Vpc');
  const database = new ShopDatabase(stack, 'Database', { vpc, deletionProtection: false });
  const shop = new FargateShop(stack, 'Shop', { ...BASIC, vpc, database });
  const template = Template.fromStack(stack);
  expect(shop.redeployOnRotation).toBeDefined();
  expect(matchesPattern(rulePattern(template), rotationEvent('RotationSucceeded', SECRET_ARN))).toBe(true);
  expect(taskStates(template).map((t) => t.Parameters.Service)).toEqual(
    passwordReaders(template).map((id) => `<${id}>`),
  );
  const [, schedule] = only(template, 'AWS::SecretsManager::RotationSchedule');
  expect(schedule.DependsOn).toContain(only(template, 'AWS::Events::Rule')[0]);
});
