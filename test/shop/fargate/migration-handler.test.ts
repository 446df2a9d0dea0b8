import * as path from 'path';
import { MIGRATION_HANDLER_DIR } from '../../../src/shop/fargate/migration';

/*
 * The completion handler's decision on DescribeTasks answers as ECS gives them (Amazon ECS API
 * Reference, DescribeTasks; "Amazon ECS stopped task error codes"), and both handlers against
 * a stand-in for the SDK's ECS and CloudFormation clients.
 */

type Outcome = { state: string; reason: string };
interface Handlers {
  migrationOutcome(
    answer: any,
    context: { containerName: string; timeoutSeconds: number; now: number },
  ): Outcome;
  onEvent(event: any): Promise<any>;
  isComplete(event: any): Promise<any>;
}

const sent: Array<{ command: string; input: any }> = [];
const answers: Record<string, any> = {};

function sdkModule(commands: string[]) {
  const module: Record<string, any> = {};
  for (const name of commands) {
    module[name] = class {
      public readonly command = name;
      constructor(public readonly input: any) {}
    };
  }
  const client = class {
    public async send(c: { command: string; input: any }) {
      sent.push({ command: c.command, input: c.input });
      const answer = answers[c.command];
      if (answer instanceof Error) throw answer;
      return typeof answer === 'function' ? answer(c.input) : answer;
    }
  };
  return { ...module, ECSClient: client, CloudFormationClient: client };
}
jest.mock(
  '@aws-sdk/client-ecs',
  () => sdkModule(['RunTaskCommand', 'DescribeTasksCommand', 'StopTaskCommand']),
  {
    virtual: true,
  },
);
jest.mock('@aws-sdk/client-cloudformation', () => sdkModule(['DescribeStacksCommand']), { virtual: true });

// eslint-disable-next-line @typescript-eslint/no-require-imports
const handlers: Handlers = require(path.join(MIGRATION_HANDLER_DIR, 'index.js'));

const NOW = Date.parse('2026-12-02T07:00:00Z');
const TASK_ARN = 'arn:aws:ecs:us-east-1:123456789012:task/shop-cluster/0f1e2d3c4b5a69788796a5b4c3d2e1f0';
const context = { containerName: 'migration', timeoutSeconds: 900, now: NOW };

/** A task as DescribeTasks describes it, the migration container first, the init container after. */
function task(fields: any, migration: any = {}, scratch: any = { exitCode: 0, lastStatus: 'STOPPED' }) {
  return {
    tasks: [
      {
        taskArn: TASK_ARN,
        createdAt: '2026-12-02T06:58:00Z',
        containers: [
          { name: 'migration', lastStatus: fields.lastStatus, ...migration },
          { name: 'scratch-permissions', ...scratch },
        ],
        ...fields,
      },
    ],
    failures: [],
  };
}

describe('migrationOutcome: what a DescribeTasks answer means', () => {
  test.each<[string, any, string, RegExp]>([
    [
      'exit code 0: done',
      task(
        {
          lastStatus: 'STOPPED',
          stopCode: 'EssentialContainerExited',
          stoppedReason: 'Essential container in task exited',
        },
        { exitCode: 0 },
      ),
      'SUCCEEDED',
      /exited with code 0/,
    ],
    [
      'non-zero exit code: the deployment fails',
      task(
        {
          lastStatus: 'STOPPED',
          stopCode: 'EssentialContainerExited',
          stoppedReason: 'Essential container in task exited',
        },
        { exitCode: 1 },
      ),
      'FAILED',
      /exited with code 1: Essential container in task exited/,
    ],
    [
      'stopped before start (TaskFailedToStart, image pull)',
      task(
        {
          lastStatus: 'STOPPED',
          stopCode: 'TaskFailedToStart',
          stoppedReason:
            'CannotPullContainerError: pull image manifest has been retried 5 time(s): ghcr.io/acme/medusa:1.5.0: not found',
        },
        { reason: 'CannotPullContainerError' },
      ),
      'FAILED',
      /failed to start \(TaskFailedToStart\): CannotPullContainerError/,
    ],
    [
      'stopped before start (TaskFailedToStart, secrets), no container at all',
      {
        tasks: [
          {
            taskArn: TASK_ARN,
            lastStatus: 'STOPPED',
            stopCode: 'TaskFailedToStart',
            stoppedReason: 'ResourceInitializationError: unable to pull secrets or registry auth',
            containers: [],
          },
        ],
      },
      'FAILED',
      /failed to start.*ResourceInitializationError/,
    ],
    [
      'the essential container never got an exit code (the init container failed)',
      task(
        {
          lastStatus: 'STOPPED',
          stopCode: 'EssentialContainerExited',
          stoppedReason: 'Essential container in task exited',
        },
        {},
        { exitCode: 1, lastStatus: 'STOPPED' },
      ),
      'FAILED',
      /no exit code, stop code EssentialContainerExited/,
    ],
    [
      'stopped from outside (SIGTERM, 143)',
      task(
        { lastStatus: 'STOPPED', stopCode: 'UserInitiated', stoppedReason: 'Task stopped by user' },
        { exitCode: 143 },
      ),
      'FAILED',
      /exited with code 143: Task stopped by user/,
    ],
    [
      'ECS no longer knows the task',
      { tasks: [], failures: [{ arn: TASK_ARN, reason: 'MISSING' }] },
      'FAILED',
      /does not know the migration task: MISSING/,
    ],
    [
      'the task has no container of that name',
      {
        tasks: [
          {
            taskArn: TASK_ARN,
            lastStatus: 'STOPPED',
            stopCode: 'EssentialContainerExited',
            containers: [{ name: 'app', exitCode: 0 }],
          },
        ],
      },
      'FAILED',
      /no container named migration/,
    ],
    ['PROVISIONING: still waiting', task({ lastStatus: 'PROVISIONING' }), 'RUNNING', /PROVISIONING/],
    ['PENDING: still waiting', task({ lastStatus: 'PENDING' }), 'RUNNING', /PENDING/],
    ['RUNNING: still waiting', task({ lastStatus: 'RUNNING' }), 'RUNNING', /RUNNING/],
    [
      'DEPROVISIONING with an exit code: still waiting for STOPPED',
      task({ lastStatus: 'DEPROVISIONING' }, { exitCode: 0 }),
      'RUNNING',
      /DEPROVISIONING/,
    ],
    [
      'RUNNING past the timeout',
      task({ lastStatus: 'RUNNING', createdAt: '2026-12-02T06:44:59Z' }),
      'TIMED_OUT',
      /ran 901 s, over its timeout of 900 s/,
    ],
    [
      'RUNNING just within the timeout',
      task({ lastStatus: 'RUNNING', createdAt: '2026-12-02T06:45:00Z' }),
      'RUNNING',
      /RUNNING/,
    ],
  ])('%s', (_label, answer, state, reason) => {
    const outcome = handlers.migrationOutcome(answer, context);
    expect(outcome.state).toBe(state);
    expect(outcome.reason).toMatch(reason);
  });

  test('createdAt as the SDK gives it (a Date) counts the same as the JSON string', () => {
    const answer = task({ lastStatus: 'RUNNING', createdAt: new Date('2026-12-02T06:40:00Z') });
    expect(handlers.migrationOutcome(answer, context).state).toBe('TIMED_OUT');
  });
});

const PROPS = {
  ServiceToken: 'arn:aws:lambda:us-east-1:123456789012:function:framework-onEvent',
  ClusterArn: 'arn:aws:ecs:us-east-1:123456789012:cluster/shop-cluster',
  TaskDefinitionArn: 'arn:aws:ecs:us-east-1:123456789012:task-definition/StackShopMigrationTask:7',
  Image: 'ghcr.io/acme/medusa:1.5.0',
  ContainerName: 'migration',
  Subnets: ['subnet-1', 'subnet-2'],
  SecurityGroups: ['sg-1'],
  TimeoutSeconds: '900',
  LogGroupName: 'Stack-ShopMigrationTaskLogs',
  LogStreamPrefix: 'migration',
};
const STACK_ID = 'arn:aws:cloudformation:us-east-1:123456789012:stack/Stack/1';
const event = (RequestType: string, extra: any = {}) => ({
  RequestType,
  StackId: STACK_ID,
  ResourceProperties: PROPS,
  ...extra,
});
const stackStatus = (StackStatus: string) => ({ Stacks: [{ StackStatus }] });

beforeEach(() => {
  sent.length = 0;
  for (const k of Object.keys(answers)) delete answers[k];
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
});

describe('onEvent', () => {
  test('Create starts one Fargate task of the migration task definition in private subnets', async () => {
    answers.RunTaskCommand = { tasks: [{ taskArn: TASK_ARN }], failures: [] };
    const result = await handlers.onEvent(event('Create'));
    expect(sent).toEqual([
      {
        command: 'RunTaskCommand',
        input: {
          cluster: PROPS.ClusterArn,
          taskDefinition: PROPS.TaskDefinitionArn,
          launchType: 'FARGATE',
          platformVersion: 'LATEST',
          count: 1,
          startedBy: 'cdk-shop-migration',
          networkConfiguration: {
            awsvpcConfiguration: {
              subnets: ['subnet-1', 'subnet-2'],
              securityGroups: ['sg-1'],
              assignPublicIp: 'DISABLED',
            },
          },
        },
      },
    ]);
    expect(result).toEqual({ PhysicalResourceId: TASK_ARN, Data: { TaskArn: TASK_ARN, Skipped: 'false' } });
  });

  test('Update of a new image starts the task again', async () => {
    answers.DescribeStacksCommand = stackStatus('UPDATE_IN_PROGRESS');
    answers.RunTaskCommand = { tasks: [{ taskArn: TASK_ARN }] };
    const result = await handlers.onEvent(event('Update', { PhysicalResourceId: 'old-task' }));
    expect(sent.map((s) => s.command)).toEqual(['DescribeStacksCommand', 'RunTaskCommand']);
    expect(sent[0].input).toEqual({ StackName: STACK_ID });
    expect(result.PhysicalResourceId).toBe(TASK_ARN);
  });

  test('an Update during a rollback does not migrate (the older image)', async () => {
    answers.DescribeStacksCommand = stackStatus('UPDATE_ROLLBACK_IN_PROGRESS');
    const result = await handlers.onEvent(event('Update', { PhysicalResourceId: 'old-task' }));
    expect(sent.map((s) => s.command)).toEqual(['DescribeStacksCommand']);
    expect(result).toEqual({ PhysicalResourceId: 'old-task', Data: { Skipped: 'true' } });
    await expect(handlers.isComplete({ ...event('Update'), ...result })).resolves.toEqual({
      IsComplete: true,
    });
  });

  test('Delete calls nothing', async () => {
    const result = await handlers.onEvent(event('Delete', { PhysicalResourceId: TASK_ARN }));
    expect(sent).toEqual([]);
    expect(result).toEqual({ PhysicalResourceId: TASK_ARN });
  });

  test('RunTask failures fail the deployment with their reason', async () => {
    answers.RunTaskCommand = {
      tasks: [],
      failures: [{ reason: 'RESOURCE:ENI', detail: 'no free IP in subnet-1' }],
    };
    await expect(handlers.onEvent(event('Create'))).rejects.toThrow(
      'ECS did not start the migration task: RESOURCE:ENI no free IP in subnet-1',
    );
  });
});

describe('isComplete', () => {
  const polled = (answer: any) => {
    answers.DescribeTasksCommand = answer;
    return handlers.isComplete(
      event('Create', { PhysicalResourceId: TASK_ARN, Data: { TaskArn: TASK_ARN, Skipped: 'false' } }),
    );
  };

  test('running: not complete', async () => {
    await expect(
      polled(task({ lastStatus: 'RUNNING', createdAt: new Date().toISOString() })),
    ).resolves.toEqual({
      IsComplete: false,
    });
    expect(sent).toEqual([
      { command: 'DescribeTasksCommand', input: { cluster: PROPS.ClusterArn, tasks: [TASK_ARN] } },
    ]);
  });

  test('exit 0: complete', async () => {
    await expect(polled(task({ lastStatus: 'STOPPED' }, { exitCode: 0 }))).resolves.toEqual({
      IsComplete: true,
      Data: { TaskArn: TASK_ARN },
    });
  });

  test('non-zero: throws (the framework fails the resource, CloudFormation rolls back) naming the log stream', async () => {
    await expect(polled(task({ lastStatus: 'STOPPED' }, { exitCode: 2 }))).rejects.toThrow(
      'Migration failed: the migration exited with code 2; log group Stack-ShopMigrationTaskLogs, stream migration/migration/0f1e2d3c4b5a69788796a5b4c3d2e1f0',
    );
  });

  test('over the timeout: stops the task, then throws', async () => {
    answers.StopTaskCommand = {};
    await expect(polled(task({ lastStatus: 'RUNNING', createdAt: '2020-01-01T00:00:00Z' }))).rejects.toThrow(
      /Migration failed: the migration task ran \d+ s, over its timeout of 900 s/,
    );
    expect(sent[1]).toEqual({
      command: 'StopTaskCommand',
      input: { cluster: PROPS.ClusterArn, task: TASK_ARN, reason: 'cdk-shop: migration timed out' },
    });
  });

  test('Delete: complete at once, nothing called', async () => {
    await expect(handlers.isComplete(event('Delete', { PhysicalResourceId: TASK_ARN }))).resolves.toEqual({
      IsComplete: true,
    });
    expect(sent).toEqual([]);
  });
});
