import { Duration, RemovalPolicy, Token } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { BacklogScalingProps } from './backlog-scaling';
import { MAX_TASKS_PER_SERVICE, QUEUE_DEFAULTS, SQS_LIMITS } from './queue-defaults';
import type { ShopQueueProps } from './shop-queue';
import { checkKeyRegion, checkWholeNumber } from '../private/checks';
import { invalidProp, requireLiteral } from '../private/errors';

/**
 * The visibility timeout of a queue: `visibilityTimeout` when given, else 6 × the expected
 * processing time, at least 30 seconds (SQS's default) and at most SQS's 12 hours.
 */
export function visibilityTimeoutOf(props: ShopQueueProps): Duration {
  if (props.visibilityTimeout) return props.visibilityTimeout;
  const derived = QUEUE_DEFAULTS.visibilityFactor * props.expectedProcessingTime.toSeconds();
  const seconds = Math.min(
    SQS_LIMITS.maxVisibilitySeconds,
    Math.max(QUEUE_DEFAULTS.minVisibilitySeconds, derived),
  );
  return Duration.seconds(seconds);
}

/** Rejects queue props SQS would refuse at deploy time or that make a queue that cannot work. */
export function validateQueueProps(scope: Construct, props: ShopQueueProps): void {
  if (props?.expectedProcessingTime === undefined) {
    throw invalidProp(
      scope,
      'expectedProcessingTime',
      'is missing, and the visibility timeout is derived from it',
      'Give how long one message takes to process, such as Duration.seconds(20).',
    );
  }
  if (props.alarmTopic === undefined) {
    throw invalidProp(
      scope,
      'alarmTopic',
      'is missing, and a dead-letter queue nobody hears about hides failed work',
      'Give the SNS topic your alarms go to.',
    );
  }
  const expected = wholeSeconds(
    scope,
    'expectedProcessingTime',
    props.expectedProcessingTime,
    'Duration.seconds(n)',
  );
  if (expected !== undefined && expected < 1) {
    throw invalidProp(
      scope,
      'expectedProcessingTime',
      'is 0 seconds',
      'Give how long one message takes, 1 second or more.',
    );
  }
  if (expected !== undefined && expected > SQS_LIMITS.maxVisibilitySeconds) {
    throw invalidProp(
      scope,
      'expectedProcessingTime',
      `${props.expectedProcessingTime.toHumanString()} is longer than SQS's longest visibility timeout, 12 hours, so another worker would receive the message while the first still works on it`,
      'Split the job into shorter messages, or extend the visibility from the worker with ChangeMessageVisibility.',
    );
  }

  const visibility = wholeSeconds(scope, 'visibilityTimeout', props.visibilityTimeout, 'Duration.seconds(n)');
  if (visibility !== undefined && visibility > SQS_LIMITS.maxVisibilitySeconds) {
    throw invalidProp(
      scope,
      'visibilityTimeout',
      `${props.visibilityTimeout!.toHumanString()} is longer than SQS's 12 hours`,
      'Give 12 hours or less, or leave it out to derive it from expectedProcessingTime.',
    );
  }
  if (visibility !== undefined && expected !== undefined && visibility < expected) {
    throw invalidProp(
      scope,
      'visibilityTimeout',
      `${props.visibilityTimeout!.toHumanString()} is shorter than expectedProcessingTime (${props.expectedProcessingTime.toHumanString()}), so a message would reappear for another worker while the first still processes it`,
      'Give at least expectedProcessingTime (several times it leaves room for slow runs), or leave it out.',
    );
  }

  checkWholeNumber(
    scope,
    'maxReceiveCount',
    props.maxReceiveCount,
    1,
    SQS_LIMITS.maxReceiveCount,
    'receives',
    'SQS accepts 1 to 1,000 receives before a message moves to the dead-letter queue; 5 rides out a short outage of a dependency.',
  );

  const retention = wholeSeconds(scope, 'retentionPeriod', props.retentionPeriod, 'Duration.days(n)');
  if (
    retention !== undefined &&
    (retention < SQS_LIMITS.minRetentionSeconds || retention > SQS_LIMITS.maxRetentionSeconds)
  ) {
    throw invalidProp(
      scope,
      'retentionPeriod',
      `${props.retentionPeriod!.toHumanString()} is outside SQS's 60 seconds to 14 days`,
      'Give Duration.seconds(60) to Duration.days(14), or leave it out for 14 days.',
    );
  }

  const maxAge = wholeSeconds(scope, 'maxMessageAge', props.maxMessageAge, 'Duration.minutes(n)');
  if (maxAge !== undefined && maxAge < 60) {
    throw invalidProp(
      scope,
      'maxMessageAge',
      `${props.maxMessageAge!.toHumanString()} is shorter than the one-minute period SQS reports the age in`,
      'Give Duration.minutes(1) or more.',
    );
  }
  const retentionSeconds = retention ?? QUEUE_DEFAULTS.retentionPeriod.toSeconds();
  const ageSeconds = maxAge ?? QUEUE_DEFAULTS.maxMessageAge.toSeconds();
  if (ageSeconds >= retentionSeconds) {
    throw invalidProp(
      scope,
      props.maxMessageAge ? 'maxMessageAge' : 'retentionPeriod',
      `the age alarm at ${Duration.seconds(ageSeconds).toHumanString()} can never fire, because SQS deletes messages after ${Duration.seconds(retentionSeconds).toHumanString()}`,
      'Keep maxMessageAge shorter than retentionPeriod.',
    );
  }

  checkKeyRegion(scope, 'encryptionKey', props.encryptionKey);
  const removal = props.removalPolicy;
  if (removal !== undefined && removal !== RemovalPolicy.RETAIN && removal !== RemovalPolicy.DESTROY) {
    throw invalidProp(
      scope,
      'removalPolicy',
      `RemovalPolicy.${String(removal).toUpperCase()} does not apply to a queue (SQS keeps no snapshot)`,
      'Give RemovalPolicy.RETAIN (the default) or RemovalPolicy.DESTROY.',
    );
  }
}

/** Rejects scaling props Application Auto Scaling or ECS would refuse, or that cannot scale. */
export function validateBacklogScaling(scope: Construct, props: BacklogScalingProps): void {
  const target = props.targetBacklogPerTask;
  requireLiteral(scope, 'targetBacklogPerTask', target, 'a number of messages per task above 0');
  if (typeof target !== 'number' || !Number.isFinite(target) || target <= 0) {
    throw invalidProp(
      scope,
      'targetBacklogPerTask',
      `${target} is not a number above 0`,
      'Give the latency you accept divided by the time one message takes (600 s / 6 s = 100).',
    );
  }
  checkWholeNumber(
    scope,
    'minCapacity',
    props.minCapacity,
    0,
    MAX_TASKS_PER_SERVICE,
    'tasks',
    'ECS runs 0 to 5,000 tasks per service.',
  );
  if (props.minCapacity === 0) {
    throw invalidProp(
      scope,
      'minCapacity',
      'is 0, and backlog per task cannot scale up from zero: with no running task ECS reports no CPUUtilization, the ratio has no value, and target tracking takes no action however many messages wait',
      'Give 1 or more (one 0.25 vCPU Fargate task costs about $9 a month).',
    );
  }
  checkWholeNumber(
    scope,
    'maxCapacity',
    props.maxCapacity,
    1,
    MAX_TASKS_PER_SERVICE,
    'tasks',
    'ECS runs at most 5,000 tasks per service.',
  );
  const min = props.minCapacity ?? QUEUE_DEFAULTS.minCapacity;
  const max = props.maxCapacity ?? QUEUE_DEFAULTS.maxCapacity;
  if (max < min) {
    throw invalidProp(
      scope,
      props.maxCapacity === undefined ? 'minCapacity' : 'maxCapacity',
      `maxCapacity ${max} is below minCapacity ${min}`,
      'Give a maxCapacity at least minCapacity.',
    );
  }
  wholeSeconds(scope, 'scaleInCooldown', props.scaleInCooldown, 'Duration.minutes(n)');
  wholeSeconds(scope, 'scaleOutCooldown', props.scaleOutCooldown, 'Duration.seconds(n)');
}

/** The whole seconds of a literal duration, or undefined when none was given. */
function wholeSeconds(
  scope: Construct,
  prop: string,
  value: Duration | undefined,
  example: string,
): number | undefined {
  if (value === undefined) return undefined;
  requireLiteral(scope, prop, value, example);
  const ms = value.toMilliseconds();
  if (Token.isUnresolved(ms) || ms % 1000 !== 0 || ms < 0) {
    throw invalidProp(
      scope,
      prop,
      `${ms / 1000} seconds is not a whole number of seconds`,
      `Give whole seconds, such as ${example}.`,
    );
  }
  return ms / 1000;
}
