import { Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { queueStack, workerService } from './fixtures';
import {
  evaluateQueries,
  MetricDataQuery,
  MetricSource,
  targetTrackingCapacity,
} from '../helpers/metric-math';

/**
 * What CloudWatch holds for a minute with `visible` messages in the queue and `tasks` running:
 * SQS's ApproximateNumberOfMessagesVisible (one data point a minute, so every statistic is the
 * value), and the service's CPUUtilization, one sample per running task a minute (ECS's "service
 * RUNNING task count", the SampleCount statistic); ECS sends no data point for a service without
 * a running task.
 */
function cloudWatch(visible: number, tasks: number): MetricSource {
  return (namespace, metricName, stat) => {
    if (namespace === 'AWS/SQS' && metricName === 'ApproximateNumberOfMessagesVisible') return visible;
    if (namespace === 'AWS/ECS' && metricName === 'CPUUtilization' && stat === 'SampleCount') {
      return tasks > 0 ? tasks : undefined;
    }
    throw new Error(`no sample for ${namespace} ${metricName} ${stat}`);
  };
}

function scaled(props: { targetBacklogPerTask: number; minCapacity?: number; maxCapacity?: number }) {
  const { stack, queue } = queueStack();
  const service = workerService(stack);
  const count = queue.scaleOnBacklogPerTask(service, props);
  return { stack, queue, service, count, template: Template.fromStack(stack) };
}

function policyOf(stack: Stack) {
  const policies = Template.fromStack(stack).findResources('AWS::ApplicationAutoScaling::ScalingPolicy');
  expect(Object.keys(policies)).toHaveLength(1);
  return Object.values(policies)[0];
}

describe('ShopQueue.scaleOnBacklogPerTask template', () => {
  test('a scalable target for the service, 1 to 10 tasks by default', () => {
    const { template } = scaled({ targetBacklogPerTask: 100 });
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
      MinCapacity: 1,
      MaxCapacity: 10,
      ScalableDimension: 'ecs:service:DesiredCount',
      ServiceNamespace: 'ecs',
    });
  });

  test('target tracking on visible / tasks: SQS visible messages over the SampleCount of the service CPUUtilization', () => {
    const { stack } = scaled({ targetBacklogPerTask: 100 });
    const policy = policyOf(stack);
    const template = Template.fromStack(stack);
    const [queueId] = Object.entries(template.findResources('AWS::SQS::Queue')).find(
      ([, r]) => r.Properties.RedrivePolicy,
    )!;
    expect(policy.Properties.PolicyType).toBe('TargetTrackingScaling');
    expect(policy.Properties.PolicyName).toBe('Stack-Jobs-Worker-backlog-per-task');
    const config = policy.Properties.TargetTrackingScalingPolicyConfiguration;
    expect(config.TargetValue).toBe(100);
    expect(config.ScaleInCooldown).toBe(300);
    expect(config.ScaleOutCooldown).toBe(60);
    expect(config.CustomizedMetricSpecification.Metrics).toEqual([
      {
        Id: 'visible',
        Label: 'Messages visible in the queue',
        MetricStat: {
          Metric: {
            Namespace: 'AWS/SQS',
            MetricName: 'ApproximateNumberOfMessagesVisible',
            Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queueId, 'QueueName'] } }],
          },
          Stat: 'Sum',
        },
        ReturnData: false,
      },
      {
        Id: 'tasks',
        Label: 'Running tasks (SampleCount of the service CPUUtilization)',
        MetricStat: {
          Metric: {
            Namespace: 'AWS/ECS',
            MetricName: 'CPUUtilization',
            Dimensions: [
              { Name: 'ClusterName', Value: { Ref: expect.stringMatching(/^Cluster/) } },
              { Name: 'ServiceName', Value: { 'Fn::GetAtt': [expect.stringMatching(/^Worker/), 'Name'] } },
            ],
          },
          Stat: 'SampleCount',
        },
        ReturnData: false,
      },
      { Id: 'backlogPerTask', Label: 'Backlog per task', Expression: 'visible / tasks', ReturnData: true },
    ]);
  });

  test('the policy names the scalable target of the service; no Container Insights is needed', () => {
    const { stack } = scaled({ targetBacklogPerTask: 100 });
    const template = Template.fromStack(stack);
    const [targetId, target] = Object.entries(
      template.findResources('AWS::ApplicationAutoScaling::ScalableTarget'),
    )[0];
    const policy = policyOf(stack);
    expect(policy.Properties.ScalingTargetId).toEqual({ Ref: targetId });
    expect(target.Properties.ResourceId).toEqual({
      'Fn::Join': [
        '',
        [
          'service/',
          { Ref: expect.stringMatching(/^Cluster/) },
          '/',
          { 'Fn::GetAtt': [expect.stringMatching(/^Worker/), 'Name'] },
        ],
      ],
    });
    template.hasResourceProperties(
      'AWS::ECS::Cluster',
      Match.not(Match.objectLike({ ClusterSettings: Match.anyValue() })),
    );
  });

  test('capacities and cooldowns as given; the returned ScalableTaskCount takes further policies', () => {
    const { stack, queue } = queueStack();
    const service = workerService(stack);
    const count = queue.scaleOnBacklogPerTask(service, {
      targetBacklogPerTask: 12.5,
      minCapacity: 2,
      maxCapacity: 40,
      scaleInCooldown: Duration.minutes(10),
      scaleOutCooldown: Duration.seconds(30),
    });
    count.scaleOnCpuUtilization('Cpu', { targetUtilizationPercent: 70 });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
      MinCapacity: 2,
      MaxCapacity: 40,
    });
    template.resourceCountIs('AWS::ApplicationAutoScaling::ScalingPolicy', 2);
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      TargetTrackingScalingPolicyConfiguration: {
        TargetValue: 12.5,
        ScaleInCooldown: 600,
        ScaleOutCooldown: 30,
      },
    });
  });
});

describe('the synthesized backlog math, evaluated', () => {
  // [case, visible messages, running tasks, target, min, max, tasks after]
  test.each<[string, number, number, number, number, number, number]>([
    ['900 visible, 3 tasks, target 100: 300 per task, scale out to 9', 900, 3, 100, 1, 20, 9],
    ['0 visible, 5 tasks: scale in to the minimum', 0, 5, 100, 1, 20, 1],
    ['0 visible, 5 tasks, minimum 2: scale in to 2', 0, 5, 100, 2, 20, 2],
    ['250 visible, 2 tasks: 125 per task, scale out to 3', 250, 2, 100, 1, 20, 3],
    ['95 visible, 1 task: within 10 % under the target, stay', 95, 1, 100, 1, 20, 1],
    ['100 visible, 4 tasks: 25 per task, scale in to 1', 100, 4, 100, 1, 20, 1],
    ['5,000 visible, 2 tasks: 2,500 per task, capped at the maximum 20', 5000, 2, 100, 1, 20, 20],
    ['10 visible, 1 task, target 2.5: scale out to 4', 10, 1, 2.5, 1, 20, 4],
    ['500 visible, every task crashed: no data point, no action (why the floor is 1)', 500, 0, 100, 1, 20, 0],
  ])('%s', (_name, visible, tasks, target, min, max, after) => {
    const { stack } = scaled({ targetBacklogPerTask: target, minCapacity: min, maxCapacity: max });
    const policy = policyOf(stack);
    const config = policy.Properties.TargetTrackingScalingPolicyConfiguration;
    const queries = config.CustomizedMetricSpecification.Metrics as MetricDataQuery[];
    const metric = evaluateQueries(queries, cloudWatch(visible, tasks));
    const target2 = Template.fromStack(stack).findResources('AWS::ApplicationAutoScaling::ScalableTarget');
    const { MinCapacity, MaxCapacity } = Object.values(target2)[0].Properties;
    expect(
      targetTrackingCapacity({
        current: tasks,
        metric,
        target: config.TargetValue,
        min: MinCapacity,
        max: MaxCapacity,
      }),
    ).toBe(after);
  });

  test('with no running task the backlog has no value at all, however many messages wait', () => {
    const { stack } = scaled({ targetBacklogPerTask: 100 });
    const queries = policyOf(stack).Properties.TargetTrackingScalingPolicyConfiguration
      .CustomizedMetricSpecification.Metrics as MetricDataQuery[];
    for (const visible of [1, 1000, 1e6]) {
      expect(evaluateQueries(queries, cloudWatch(visible, 0))).toBeUndefined();
    }
    expect(evaluateQueries(queries, cloudWatch(1000, 4))).toBe(250);
  });
});
