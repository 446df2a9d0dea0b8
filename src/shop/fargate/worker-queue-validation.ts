import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct, IConstruct } from 'constructs';
import type { FargateShopProps } from './fargate-shop-props';
import type { FargateWorkerQueue } from './worker-queue';
import { WORKER_QUEUE_DEFAULTS } from './worker-queue-defaults';
import { invalidProp, requireLiteral } from '../../private/errors';
import { validateQueueProps } from '../../queue/queue-validation';

/** The fields of `FargateWorkerQueue` that shape a new queue. */
const SHAPING_FIELDS = [
  'expectedProcessingTime',
  'maxReceiveCount',
  'retentionPeriod',
  'maxMessageAge',
  'removalPolicy',
] as const;

/**
 * Checks `workerQueue`, the extra services' `queue`, and the worker's scaling where a queue
 * drives it. Every error names the shop's prop (`workerQueue.maxReceiveCount`).
 */
export function validateWorkerQueue(scope: Construct, props: FargateShopProps): void {
  const options: FargateWorkerQueue = props.workerQueue ?? {};
  const hasWorker = props.worker !== undefined && props.backend !== undefined;
  if (props.workerQueue !== undefined && !hasWorker) {
    throw invalidProp(
      scope,
      'workerQueue',
      'it shapes the queue of the worker, and the shop has no worker',
      'Give worker (with backend), or remove workerQueue.',
    );
  }
  requireLiteral(scope, 'workerQueue.enabled', options.enabled, 'true or false');
  const given = [...SHAPING_FIELDS, 'queue' as const, 'targetBacklogPerTask' as const].filter(
    (field) => options[field] !== undefined,
  );
  if (options.enabled === false && given.length > 0) {
    throw invalidProp(
      scope,
      `workerQueue.${given[0]}`,
      'it sets up the worker queue, and workerQueue.enabled is false',
      `Remove workerQueue.${given[0]}, or enable the queue.`,
    );
  }
  const queueEnabled = hasWorker && options.enabled !== false;
  if (options.queue) {
    const shaping = SHAPING_FIELDS.find((field) => options[field] !== undefined);
    if (shaping) {
      throw invalidProp(
        scope,
        `workerQueue.${shaping}`,
        'it shapes a new queue, and workerQueue.queue is given',
        `Set it on your ShopQueue, or remove workerQueue.queue.`,
      );
    }
  } else if (queueEnabled) {
    // the new ShopQueue's own checks, reported under the shop's prop names
    underPrefix(scope, 'workerQueue', () =>
      validateQueueProps(scope, {
        expectedProcessingTime:
          options.expectedProcessingTime ?? WORKER_QUEUE_DEFAULTS.expectedProcessingTime,
        alarmTopic: {} as sns.ITopic,
        maxReceiveCount: options.maxReceiveCount,
        retentionPeriod: options.retentionPeriod,
        maxMessageAge: options.maxMessageAge,
        removalPolicy: options.removalPolicy,
      }),
    );
  }
  const target = options.targetBacklogPerTask;
  requireLiteral(scope, 'workerQueue.targetBacklogPerTask', target, 'a number of messages above 0');
  if (target !== undefined && (!Number.isFinite(target) || target <= 0)) {
    throw invalidProp(
      scope,
      'workerQueue.targetBacklogPerTask',
      `${target} is not a number above 0`,
      'Give the latency you accept divided by the time one message takes (3,000 s / 30 s = 100).',
    );
  }
  if (queueEnabled) validateWorkerScaling(scope, props);
  (props.services ?? []).forEach((service, i) => {
    if (service.queue === true && !queueEnabled) {
      throw invalidProp(
        scope,
        `services[${i}].queue`,
        'it asks for the worker queue, and the shop has none (no worker, or workerQueue.enabled is false)',
        'Give worker (with backend) and keep its queue, or remove queue.',
      );
    }
  });
}

/** With a queue the worker scales on backlog per task only, from one task up. */
function validateWorkerScaling(scope: IConstruct, props: FargateShopProps): void {
  const settings = props.workerService ?? {};
  if (settings.minCapacity === 0) {
    throw invalidProp(
      scope,
      'workerService.minCapacity',
      'is 0, and the worker scales on backlog per task, which cannot scale up from zero: with no running task the ratio has no value and target tracking takes no action however many messages wait',
      'Give 1 or more, or workerQueue: { enabled: false } for a worker without a queue.',
    );
  }
  for (const field of ['cpuPercent', 'memoryPercent'] as const) {
    if (settings.scaling?.[field] !== undefined) {
      throw invalidProp(
        scope,
        `workerService.scaling.${field}`,
        'the worker scales on its queue backlog per task, and a second target-tracking policy would race it (aws/aws-cdk#20706): the service scales out when either is high and in only when both are low',
        'Remove it and tune workerQueue.targetBacklogPerTask, or workerQueue: { enabled: false } to scale on CPU and memory.',
      );
    }
  }
}

/** Runs `check` and renames the prop of an error it throws for `scope` to `<prefix>.<prop>`. */
function underPrefix(scope: IConstruct, prefix: string, check: () => void): void {
  try {
    check();
  } catch (e) {
    const head = `${scope.node.path}: invalid '`;
    const message = (e as Error).message ?? '';
    if (!message.startsWith(head)) throw e;
    throw new Error(`${head}${prefix}.${message.slice(head.length)}`);
  }
}
