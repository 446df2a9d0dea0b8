import { Duration } from 'aws-cdk-lib';

/**
 * The defaults and limits of `ShopQueue`, in one place, so the construct, its validation and its
 * README read the same value.
 */
export const QUEUE_DEFAULTS = {
  /** Receives before a message moves to the dead-letter queue (AWS's Lambda guide asks for at least 5). */
  maxReceiveCount: 5,
  /** The longest SQS keeps a message: 14 days. */
  retentionPeriod: Duration.days(14),
  /** The visibility timeout is this many times the expected processing time... */
  visibilityFactor: 6,
  /** ...and never below SQS's own default of 30 seconds. */
  minVisibilitySeconds: 30,
  /** The oldest message may wait this long before the age alarm fires. */
  maxMessageAge: Duration.minutes(15),
  /** Backlog scaling: the floor and the ceiling of the worker's task count. */
  minCapacity: 1,
  maxCapacity: 10,
  scaleInCooldown: Duration.minutes(5),
  scaleOutCooldown: Duration.minutes(1),
};

/** SQS limits (Amazon SQS developer guide, quotas). */
export const SQS_LIMITS = {
  /** VisibilityTimeout: 0 seconds to 12 hours. */
  maxVisibilitySeconds: 12 * 3600,
  /** MessageRetentionPeriod: 60 seconds to 14 days. */
  minRetentionSeconds: 60,
  maxRetentionSeconds: 14 * 86400,
  /** RedrivePolicy maxReceiveCount: 1 to 1,000. */
  maxReceiveCount: 1000,
};

/** ECS quota: tasks per service. */
export const MAX_TASKS_PER_SERVICE = 5000;
