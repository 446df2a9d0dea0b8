import { Duration } from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { QUEUE_DEFAULTS } from './queue-defaults';
import { queueResourceName } from './queue-names';
import { validateBacklogScaling } from './queue-validation';
import { invalidProp } from '../private/errors';

/**
 * How `ShopQueue.scaleOnBacklogPerTask` scales a worker service.
 */
export interface BacklogScalingProps {
  /**
   * The messages waiting per running task to keep: the latency you accept divided by the time one
   * message takes (600 s / 6 s = 100). Above 0.
   *
   * @see https://docs.aws.amazon.com/autoscaling/ec2/userguide/as-using-sqs-queue.html
   */
  readonly targetBacklogPerTask: number;

  /**
   * The fewest tasks, 1 or more: backlog per task has no value without a running task, so target
   * tracking cannot scale up from zero.
   *
   * @default 1
   */
  readonly minCapacity?: number;

  /**
   * The most tasks (at least `minCapacity`, at most ECS's 5,000 tasks per service).
   *
   * @default 10
   */
  readonly maxCapacity?: number;

  /**
   * The wait after a scale-in before the next one, in whole seconds.
   *
   * @default Duration.minutes(5)
   */
  readonly scaleInCooldown?: Duration;

  /**
   * The wait after a scale-out before the next one, in whole seconds.
   *
   * @default Duration.minutes(1)
   */
  readonly scaleOutCooldown?: Duration;

  /**
   * Whether the policy never removes tasks (only schedules and manual changes do).
   *
   * @default false
   */
  readonly disableScaleIn?: boolean;
}

/** The ids of the metric math, as the policy's metric data queries name them. */
export const BACKLOG_METRIC_IDS = { visible: 'visible', tasks: 'tasks', backlog: 'backlogPerTask' };

/**
 * Enables task-count scaling on `service` and adds a target-tracking `CfnScalingPolicy` on
 * `visible / tasks` (the L2 `scaleToTrackCustomMetric` takes no metric math: aws/aws-cdk#20659).
 */
export function scaleServiceOnBacklog(
  scope: Construct,
  queue: sqs.IQueue,
  service: ecs.BaseService,
  props: BacklogScalingProps,
): ecs.ScalableTaskCount {
  validateBacklogScaling(scope, props);
  const minCapacity = props.minCapacity ?? QUEUE_DEFAULTS.minCapacity;
  const maxCapacity = props.maxCapacity ?? QUEUE_DEFAULTS.maxCapacity;
  let count: ecs.ScalableTaskCount;
  try {
    count = service.autoScaleTaskCount({ minCapacity, maxCapacity });
  } catch (e) {
    throw invalidProp(
      scope,
      'service',
      `${service.node.path} already has task-count scaling (${(e as Error).message})`,
      'Call scaleOnBacklogPerTask once per service, and add other policies to the ScalableTaskCount it returns.',
    );
  }

  const id = `${service.node.id}BacklogPerTask`;
  const target = count.node.tryFindChild('Target');
  if (!(target instanceof appscaling.ScalableTarget)) {
    throw new Error(
      `${count.node.path}: the ScalableTaskCount has no ScalableTarget 'Target' (an aws-cdk-lib change?)`,
    );
  }
  new appscaling.CfnScalingPolicy(scope, id, {
    policyName: queueResourceName(scope, `${service.node.id}-backlog-per-task`),
    policyType: 'TargetTrackingScaling',
    scalingTargetId: target.scalableTargetId,
    targetTrackingScalingPolicyConfiguration: {
      targetValue: props.targetBacklogPerTask,
      scaleInCooldown: (props.scaleInCooldown ?? QUEUE_DEFAULTS.scaleInCooldown).toSeconds(),
      scaleOutCooldown: (props.scaleOutCooldown ?? QUEUE_DEFAULTS.scaleOutCooldown).toSeconds(),
      disableScaleIn: props.disableScaleIn,
      customizedMetricSpecification: {
        metrics: [
          {
            id: BACKLOG_METRIC_IDS.visible,
            label: 'Messages visible in the queue',
            metricStat: {
              metric: {
                namespace: 'AWS/SQS',
                metricName: 'ApproximateNumberOfMessagesVisible',
                dimensions: [{ name: 'QueueName', value: queue.queueName }],
              },
              stat: 'Sum',
            },
            returnData: false,
          },
          {
            id: BACKLOG_METRIC_IDS.tasks,
            label: 'Running tasks (SampleCount of the service CPUUtilization)',
            metricStat: {
              metric: {
                namespace: 'AWS/ECS',
                metricName: 'CPUUtilization',
                dimensions: [
                  { name: 'ClusterName', value: service.cluster.clusterName },
                  { name: 'ServiceName', value: service.serviceName },
                ],
              },
              stat: 'SampleCount',
            },
            returnData: false,
          },
          {
            id: BACKLOG_METRIC_IDS.backlog,
            label: 'Backlog per task',
            expression: `${BACKLOG_METRIC_IDS.visible} / ${BACKLOG_METRIC_IDS.tasks}`,
            returnData: true,
          },
        ],
      },
    },
  });
  return count;
}
