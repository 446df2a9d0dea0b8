import { App, Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as sns from 'aws-cdk-lib/aws-sns';
import { BASIC, container, environment, logicalId, Match, PRODUCTS, shopStack } from './fargate-fixtures';
import { FargateShop, FargateShopPreset, FargateShopProps, ShopQueue } from '../../../src';
import { evaluateQueries, MetricDataQuery, targetTrackingCapacity } from '../../helpers/metric-math';

const WORKER: FargateShopProps = { ...BASIC, worker: {} };
/** Highly available, so the worker scales (2 to 10 tasks); the floor lowered to one task. */
const SCALING: FargateShopProps = {
  ...WORKER,
  preset: FargateShopPreset.HIGHLY_AVAILABLE,
  workerService: { minCapacity: 1, maxCapacity: 20 },
};

/** Every action the policies attached to the task role of `service` allow, with the resources. */
function taskRoleStatements(template: any, service: string): any[] {
  const resources = template.toJSON().Resources;
  const roleId = Object.keys(resources).find(
    (id) => resources[id].Type === 'AWS::IAM::Role' && id.includes(`${service}TaskRole`),
  );
  return Object.values<any>(resources)
    .filter(
      (r) => r.Type === 'AWS::IAM::Policy' && r.Properties.Roles.some((role: any) => role.Ref === roleId),
    )
    .flatMap((r) => r.Properties.PolicyDocument.Statement);
}

/** The logical id of the queue with a redrive policy (the DLQ has none). */
function mainQueueId(template: Template): string {
  const ids = Object.entries<any>(template.findResources('AWS::SQS::Queue'))
    .filter(([, r]) => r.Properties.RedrivePolicy)
    .map(([id]) => id);
  expect(ids).toHaveLength(1);
  return ids[0];
}

function actionsOn(statements: any[], queueId: string): string[] {
  return statements
    .filter((s) => JSON.stringify(s.Resource).includes(queueId))
    .flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]))
    .sort();
}

describe('FargateShop worker queue', () => {
  test('a worker gets a ShopQueue by default: encrypted, TLS only, a DLQ after 5 receives, 14 days, 3 minutes visible', () => {
    const { shop, template } = shopStack(WORKER);
    expect(shop.queue).toBeInstanceOf(ShopQueue);
    const queueId = mainQueueId(template);
    const dlqId = logicalId(template, 'AWS::SQS::Queue', 'WorkerQueueDeadLetter');
    template.hasResource('AWS::SQS::Queue', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        SqsManagedSseEnabled: true,
        MessageRetentionPeriod: 14 * 86400,
        VisibilityTimeout: 180, // 6 × the default 30 s
        RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [dlqId, 'Arn'] }, maxReceiveCount: 5 },
      }),
    });
    expect(queueId).toMatch(/^ShopWorkerQueue/);
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  test('no worker, or enabled: false: no queue, and the worker scales on CPU and memory', () => {
    expect(shopStack(BASIC).shop.queue).toBeUndefined();
    const { shop, template } = shopStack({
      ...SCALING,
      workerQueue: { enabled: false },
    });
    expect(shop.queue).toBeUndefined();
    template.resourceCountIs('AWS::SQS::Queue', 0);
    expect(environment(container(template, 'Worker', 'worker')).QUEUE_URL).toBeUndefined();
    const policies = template.findResources('AWS::ApplicationAutoScaling::ScalingPolicy');
    expect(Object.keys(policies).filter((id) => id.includes('WorkerServiceTaskCountTargetCpu'))).toHaveLength(
      1,
    );
  });

  test('QUEUE_URL in the backend, the worker and services with queue: true, not in the storefront', () => {
    const { template } = shopStack({
      ...WORKER,
      services: [
        { name: 'mailer', image: PRODUCTS, port: 8000, public: false, queue: true },
        { name: 'products', image: PRODUCTS, port: 8001, pathPatterns: ['/products/*'] },
      ],
    });
    const queueId = mainQueueId(template);
    for (const [part, name] of [
      ['Backend', 'backend'],
      ['Worker', 'worker'],
      ['Mailer', 'mailer'],
    ]) {
      expect(environment(container(template, part, name)).QUEUE_URL).toEqual({ Ref: queueId });
    }
    expect(environment(container(template, 'Storefront', 'storefront')).QUEUE_URL).toBeUndefined();
    expect(environment(container(template, 'Products', 'products')).QUEUE_URL).toBeUndefined();
  });

  test('least privilege: the worker only consumes, the backend and queue: true services only send', () => {
    const { template } = shopStack({
      ...WORKER,
      services: [{ name: 'mailer', image: PRODUCTS, port: 8000, public: false, queue: true }],
    });
    const queueId = mainQueueId(template);
    const send = ['sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SendMessage'];
    const consume = [
      'sqs:ChangeMessageVisibility',
      'sqs:DeleteMessage',
      'sqs:GetQueueAttributes',
      'sqs:GetQueueUrl',
      'sqs:ReceiveMessage',
    ];
    expect(actionsOn(taskRoleStatements(template, 'Worker'), queueId)).toEqual(consume);
    expect(actionsOn(taskRoleStatements(template, 'Backend'), queueId)).toEqual(send);
    expect(actionsOn(taskRoleStatements(template, 'Mailer'), queueId)).toEqual(send);
    expect(actionsOn(taskRoleStatements(template, 'Storefront'), queueId)).toEqual([]);
    // nothing else on any queue, the dead-letter queue included (redrive is for operators)
    const dlqId = logicalId(template, 'AWS::SQS::Queue', 'WorkerQueueDeadLetter');
    for (const service of ['Worker', 'Backend', 'Mailer', 'Storefront']) {
      expect(actionsOn(taskRoleStatements(template, service), dlqId)).toEqual([]);
    }
  });

  test('the worker scales on backlog per task: 900 visible over 3 tasks at target 100 -> 9 tasks', () => {
    const { template } = shopStack(SCALING);
    const policies = Object.values<any>(template.findResources('AWS::ApplicationAutoScaling::ScalingPolicy'));
    const backlog = policies.filter((p) =>
      JSON.stringify(p.Properties).includes('ApproximateNumberOfMessagesVisible'),
    );
    expect(backlog).toHaveLength(1);
    const config = backlog[0].Properties.TargetTrackingScalingPolicyConfiguration;
    expect(config.TargetValue).toBe(100);
    const queries = config.CustomizedMetricSpecification.Metrics as MetricDataQuery[];
    const samples: Record<string, number> = {
      'AWS/SQS ApproximateNumberOfMessagesVisible Sum': 900,
      'AWS/ECS CPUUtilization SampleCount': 3,
    };
    const metric = evaluateQueries(queries, (ns, name, stat) => samples[`${ns} ${name} ${stat}`]);
    expect(metric).toBe(300);
    const target = template.findResources('AWS::ApplicationAutoScaling::ScalableTarget');
    const workerTarget = Object.entries<any>(target).find(([id]) => id.includes('Worker'))![1].Properties;
    expect([workerTarget.MinCapacity, workerTarget.MaxCapacity]).toEqual([1, 20]);
    expect(
      targetTrackingCapacity({
        current: 3,
        metric,
        target: config.TargetValue,
        min: workerTarget.MinCapacity,
        max: workerTarget.MaxCapacity,
      }),
    ).toBe(9);
    // the queue and the service the math reads are the shop's own
    const queueId = mainQueueId(template);
    const visible = queries.find((q) => q.MetricStat?.Metric.Namespace === 'AWS/SQS')!;
    expect(visible.MetricStat!.Metric.Dimensions).toEqual([
      { Name: 'QueueName', Value: { 'Fn::GetAtt': [queueId, 'QueueName'] } },
    ]);
    const tasks = queries.find((q) => q.MetricStat?.Metric.Namespace === 'AWS/ECS')!;
    const workerServiceId = logicalId(template, 'AWS::ECS::Service', 'Worker');
    expect(JSON.stringify(tasks.MetricStat!.Metric.Dimensions)).toContain(workerServiceId);
  });

  test('the backlog policy replaces CPU and memory tracking on the worker only (they would race: aws/aws-cdk#20706)', () => {
    const { template } = shopStack(SCALING);
    const ids = Object.keys(template.findResources('AWS::ApplicationAutoScaling::ScalingPolicy'));
    expect(ids.filter((id) => id.includes('Worker') && /Cpu|Memory/.test(id))).toEqual([]);
    expect(ids.filter((id) => id.includes('Backend') && /Cpu|Memory/.test(id))).toHaveLength(2);
  });

  test('target, cooldowns, disableScaleIn and schedules reach the worker policy', () => {
    const { template } = shopStack({
      ...SCALING,
      workerQueue: { targetBacklogPerTask: 40 },
      workerService: {
        minCapacity: 1,
        maxCapacity: 5,
        scaling: {
          scaleInCooldown: Duration.minutes(10),
          disableScaleIn: true,
          schedules: [
            {
              name: 'nightly-import',
              schedule: appscaling.Schedule.cron({ hour: '2', minute: '0' }),
              minCapacity: 3,
            },
          ],
        },
      },
    });
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      TargetTrackingScalingPolicyConfiguration: Match.objectLike({
        TargetValue: 40,
        ScaleInCooldown: 600,
        ScaleOutCooldown: 60,
        DisableScaleIn: true,
      }),
    });
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
      MinCapacity: 1,
      MaxCapacity: 5,
      ScheduledActions: [
        Match.objectLike({ Schedule: 'cron(0 2 * * ? *)', ScalableTargetAction: { MinCapacity: 3 } }),
      ],
    });
  });

  test('one task, no autoscaling (DEVELOPMENT): the queue and its alarms, no scaling policy', () => {
    const { template } = shopStack(WORKER);
    template.resourceCountIs('AWS::ApplicationAutoScaling::ScalingPolicy', 0);
    template.resourceCountIs('AWS::SQS::Queue', 2);
  });

  test('the queue alarms notify the shop topic and are in shop.alarms', () => {
    const { shop, stack, template } = shopStack(WORKER);
    expect(shop.alarms).toContain(shop.queue!.deadLetterAlarm);
    expect(shop.alarms).toContain(shop.queue!.messageAgeAlarm);
    const topicId = stack.getLogicalId(shop.alarmTopic.node.defaultChild as any);
    for (const alarm of [shop.queue!.deadLetterAlarm, shop.queue!.messageAgeAlarm]) {
      const props =
        template.toJSON().Resources[stack.getLogicalId(alarm.node.defaultChild as any)].Properties;
      expect(props.AlarmActions).toEqual([{ Ref: topicId }]);
    }
  });

  test('a ShopQueue of yours: no new queue, its URL and grants', () => {
    const app = new App();
    const stack = new Stack(app, 'Stack', { env: { region: 'us-east-1' } });
    const topic = new sns.Topic(stack, 'Topic');
    const jobs = new ShopQueue(stack, 'Jobs', {
      expectedProcessingTime: Duration.seconds(5),
      alarmTopic: topic,
    });
    const shop = new FargateShop(stack, 'Shop', { ...WORKER, workerQueue: { queue: jobs } });
    expect(shop.queue).toBe(jobs);
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::SQS::Queue', 2);
    const jobsId = stack.getLogicalId(jobs.queue.node.defaultChild as any);
    expect(environment(container(template, 'Worker', 'worker')).QUEUE_URL).toEqual({ Ref: jobsId });
  });

  test('the worker: Medusa worker mode, admin off, no port, a Node health check on /health at the backend port', () => {
    const { template } = shopStack(WORKER);
    const worker = container(template, 'Worker', 'worker');
    const env = environment(worker);
    expect(env.MEDUSA_WORKER_MODE).toBe('worker');
    expect(env.DISABLE_MEDUSA_ADMIN).toBe('true');
    expect(worker.PortMappings ?? []).toEqual([]);
    expect(worker.HealthCheck.Command[0]).toBe('CMD-SHELL');
    expect(worker.HealthCheck.Command[1]).toMatch(/^node -e "fetch\('http:\/\/127\.0\.0\.1:9000\/health'\)/);
  });
});
