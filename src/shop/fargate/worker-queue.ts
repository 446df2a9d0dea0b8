import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import type { FargateServiceOptions } from './fargate-service-options';
import type { FargateShopProps } from './fargate-shop-props';
import { validateServiceScaling } from './scaling-validation';
import type { ServicePlan } from './service-plan';
import { WORKER_QUEUE_DEFAULTS } from './worker-queue-defaults';
import { validateWorkerQueue } from './worker-queue-validation';
import { ShopQueue } from '../../queue';

/**
 * The queue of a `FargateShop`'s worker: an SQS queue with a dead-letter queue and alarms
 * (a `ShopQueue`), the worker scaled on its backlog per task.
 */
export interface FargateWorkerQueue {
  /**
   * Whether the shop's worker gets a queue. With `false`, no other field may be set and the
   * worker scales like the other services (CPU and memory).
   *
   * @default true when the shop has a worker
   */
  readonly enabled?: boolean;

  /**
   * A queue of yours instead of a new one. Not with the fields that shape a new queue
   * (`expectedProcessingTime`, `maxReceiveCount`, `retentionPeriod`, `maxMessageAge`,
   * `removalPolicy`).
   *
   * @default - a new `ShopQueue`
   */
  readonly queue?: ShopQueue;

  /**
   * How long the worker takes to process one message; the visibility timeout is six times it.
   *
   * @default Duration.seconds(30)
   */
  readonly expectedProcessingTime?: Duration;

  /**
   * Receives before a message moves to the dead-letter queue (1 to 1,000).
   *
   * @default 5
   */
  readonly maxReceiveCount?: number;

  /**
   * How long the queue keeps a message, 60 seconds to 14 days.
   *
   * @default Duration.days(14)
   */
  readonly retentionPeriod?: Duration;

  /**
   * The age of the oldest message above which the age alarm fires.
   *
   * @default Duration.minutes(15)
   */
  readonly maxMessageAge?: Duration;

  /**
   * `RETAIN` or `DESTROY` for the new queue and its dead-letter queue.
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;

  /**
   * The messages waiting per running worker task to keep: the latency you accept divided by the
   * time one message takes (3,000 s / 30 s = 100). Above 0.
   *
   * @default 100
   */
  readonly targetBacklogPerTask?: number;
}

/** What a service may do with the worker's queue. */
export type QueueAccess = 'consume' | 'send';

/**
 * The worker's queue: the one given, a new `ShopQueue` notifying the shop's alarm topic, or none
 * (no worker, or `workerQueue.enabled: false`). Validates `workerQueue` first.
 */
export function createWorkerQueue(
  scope: Construct,
  props: FargateShopProps,
  alarmTopic: sns.ITopic,
): ShopQueue | undefined {
  validateWorkerQueue(scope, props);
  const options = props.workerQueue ?? {};
  if (!props.worker || !props.backend || options.enabled === false) return undefined;
  if (options.queue) return options.queue;
  return new ShopQueue(scope, 'WorkerQueue', {
    expectedProcessingTime: options.expectedProcessingTime ?? WORKER_QUEUE_DEFAULTS.expectedProcessingTime,
    alarmTopic,
    maxReceiveCount: options.maxReceiveCount,
    retentionPeriod: options.retentionPeriod,
    maxMessageAge: options.maxMessageAge,
    removalPolicy: options.removalPolicy,
  });
}

/**
 * What the service of `plan` may do with the queue: the worker consumes; the backend and the
 * extra services with `queue: true` send; the storefront and other services nothing.
 */
export function queueAccess(plan: ServicePlan): QueueAccess | undefined {
  if (plan.role === 'worker') return 'consume';
  if (plan.role === 'backend') return 'send';
  if (plan.role === 'extra' && (plan.settings as FargateServiceOptions).queue === true) return 'send';
  return undefined;
}

/** Grants the task role of `plan`'s service its access to the queue (receive or send, never both). */
export function grantQueueAccess(queue: ShopQueue, plan: ServicePlan, taskRole: iam.IRole): void {
  const access = queueAccess(plan);
  if (access === 'consume') queue.grantConsume(taskRole);
  if (access === 'send') queue.grantSend(taskRole);
}

/**
 * Scales the worker on the queue's backlog per task, between its `minCapacity` (at least 1) and
 * `maxCapacity`, with its schedules; in place of CPU and memory tracking, which would race the
 * backlog policy (aws/aws-cdk#20706). Nothing when the bounds are equal and there is no schedule.
 */
export function scaleWorkerOnBacklog(
  scope: Construct,
  queue: ShopQueue,
  service: ecs.BaseService,
  plan: ServicePlan,
  options: FargateWorkerQueue,
): void {
  const scaling = plan.settings.scaling ?? {};
  validateServiceScaling(scope, {
    minCapacity: plan.minCapacity,
    maxCapacity: plan.maxCapacity,
    scaling,
    prop: plan.settingsProp,
  });
  const schedules = scaling.schedules ?? [];
  if (plan.minCapacity === plan.maxCapacity && schedules.length === 0) return;
  const taskCount = queue.scaleOnBacklogPerTask(service, {
    targetBacklogPerTask: options.targetBacklogPerTask ?? WORKER_QUEUE_DEFAULTS.targetBacklogPerTask,
    minCapacity: plan.minCapacity,
    maxCapacity: plan.maxCapacity,
    scaleInCooldown: scaling.scaleInCooldown,
    scaleOutCooldown: scaling.scaleOutCooldown,
    disableScaleIn: scaling.disableScaleIn,
  });
  for (const schedule of schedules) {
    taskCount.scaleOnSchedule(`Schedule-${schedule.name}`, {
      schedule: schedule.schedule,
      minCapacity: schedule.minCapacity,
      maxCapacity: schedule.maxCapacity,
      timeZone: schedule.timeZone,
    });
  }
}
