import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { BacklogScalingProps, scaleServiceOnBacklog } from './backlog-scaling';
import { QUEUE_DEFAULTS } from './queue-defaults';
import { acknowledgeQueueFindings } from './queue-findings';
import { queueResourceName } from './queue-names';
import { validateQueueProps, visibilityTimeoutOf } from './queue-validation';
import { markCatalogAlarm } from '../observability/catalog-alarm-registry';

/**
 * Properties of a `ShopQueue`.
 */
export interface ShopQueueProps {
  /**
   * How long a worker takes to process one message, at most in normal operation. The visibility
   * timeout is derived from it: six times this, at least 30 seconds, at most SQS's 12 hours.
   *
   * @see https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-visibility-timeout.html
   */
  readonly expectedProcessingTime: Duration;

  /**
   * The topic the queue's alarms notify: a message in the dead-letter queue, and a message older
   * than `maxMessageAge`.
   */
  readonly alarmTopic: sns.ITopic;

  /**
   * The visibility timeout, instead of the derived one: at least `expectedProcessingTime`, at most
   * 12 hours.
   *
   * @default - 6 × expectedProcessingTime, at least 30 seconds and at most 12 hours
   */
  readonly visibilityTimeout?: Duration;

  /**
   * How many times a message is received before it moves to the dead-letter queue (1 to 1,000).
   *
   * @default 5
   */
  readonly maxReceiveCount?: number;

  /**
   * How long the queue keeps a message nobody deleted, 60 seconds to 14 days in whole seconds.
   * The dead-letter queue always keeps messages 14 days.
   *
   * @default Duration.days(14)
   */
  readonly retentionPeriod?: Duration;

  /**
   * The age of the oldest message above which the age alarm fires (1 minute or more, shorter than
   * `retentionPeriod`).
   *
   * @default Duration.minutes(15)
   */
  readonly maxMessageAge?: Duration;

  /**
   * A customer-managed KMS key (from the stack's region) for both queues, when you need to control
   * or audit who decrypts. It costs $1 a month plus KMS requests, and every sender and consumer
   * needs `kms:Decrypt`/`kms:GenerateDataKey` on it (`grantSend`/`grantConsume` add them).
   *
   * @default - SSE-SQS: encryption at rest with keys SQS owns, at no charge
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * What happens to both queues when they leave the stack: `RETAIN` or `DESTROY`. Messages not yet
   * processed are the user's orders and emails, so they are kept by default; a retained queue costs
   * nothing while idle and empties itself after the retention period.
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * An SQS queue for a shop's background work, with a dead-letter queue, alarms, and a worker
 * service scaled on backlog per task.
 *
 * Both queues are encrypted at rest (SSE-SQS unless a key is given), refuse requests without TLS,
 * and keep messages 14 days. A message received `maxReceiveCount` times without being deleted
 * moves to the dead-letter queue. Two alarms notify `alarmTopic`: any message in the dead-letter
 * queue, and an oldest message older than `maxMessageAge`.
 *
 * @example
 * declare const topic: sns.ITopic;
 * declare const worker: ecs.FargateService;
 * const jobs = new ShopQueue(this, 'Jobs', {
 *   expectedProcessingTime: Duration.seconds(20),
 *   alarmTopic: topic,
 * });
 * jobs.grantConsume(worker.taskDefinition.taskRole);
 * jobs.scaleOnBacklogPerTask(worker, { targetBacklogPerTask: 100, maxCapacity: 20 });
 */
export class ShopQueue extends Construct {
  /** The queue the shop sends work to. */
  public readonly queue: sqs.Queue;
  /** Where a message goes after `maxReceiveCount` receives without a delete. */
  public readonly deadLetterQueue: sqs.Queue;
  /** The visibility timeout the queue got. */
  public readonly visibilityTimeout: Duration;
  /** Fires when the dead-letter queue holds a message. */
  public readonly deadLetterAlarm: cloudwatch.Alarm;
  /** Fires when the oldest message in the queue is older than `maxMessageAge`. */
  public readonly messageAgeAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: ShopQueueProps) {
    super(scope, id);
    validateQueueProps(this, props);
    this.visibilityTimeout = visibilityTimeoutOf(props);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    const encryption = props.encryptionKey
      ? { encryption: sqs.QueueEncryption.KMS, encryptionMasterKey: props.encryptionKey }
      : { encryption: sqs.QueueEncryption.SQS_MANAGED };

    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      ...encryption,
      enforceSSL: true,
      retentionPeriod: QUEUE_DEFAULTS.retentionPeriod,
      removalPolicy,
    });
    this.queue = new sqs.Queue(this, 'Resource', {
      ...encryption,
      enforceSSL: true,
      retentionPeriod: props.retentionPeriod ?? QUEUE_DEFAULTS.retentionPeriod,
      visibilityTimeout: this.visibilityTimeout,
      deadLetterQueue: {
        queue: this.deadLetterQueue,
        maxReceiveCount: props.maxReceiveCount ?? QUEUE_DEFAULTS.maxReceiveCount,
      },
      removalPolicy,
    });

    const action = new cwActions.SnsAction(props.alarmTopic);
    this.deadLetterAlarm = new cloudwatch.Alarm(this, 'DeadLetterAlarm', {
      alarmName: queueResourceName(this, 'dead-letters'),
      alarmDescription:
        'A message failed processing maxReceiveCount times and waits in the dead-letter queue: ' +
        'read it, fix the cause, then redrive it to the queue.',
      metric: this.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
        statistic: 'Maximum',
        period: Duration.minutes(1),
      }),
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      // SQS stops sending metrics for a queue idle for 6 hours: keep the alarm as it is then.
      treatMissingData: cloudwatch.TreatMissingData.IGNORE,
    });
    const maxAge = props.maxMessageAge ?? QUEUE_DEFAULTS.maxMessageAge;
    this.messageAgeAlarm = new cloudwatch.Alarm(this, 'MessageAgeAlarm', {
      alarmName: queueResourceName(this, 'oldest-message-age'),
      alarmDescription:
        `The oldest message has waited more than ${maxAge.toHumanString()} for 5 minutes: the ` +
        'workers are down, stuck, or too few.',
      metric: this.queue.metricApproximateAgeOfOldestMessage({
        statistic: 'Maximum',
        period: Duration.minutes(1),
      }),
      threshold: maxAge.toSeconds(),
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 5,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    for (const alarm of [this.deadLetterAlarm, this.messageAgeAlarm]) {
      alarm.addAlarmAction(action);
      alarm.addOkAction(action);
    }
    // they are the alarm catalog's kinds for these queues: a ShopObservability uses them, not a second pair
    markCatalogAlarm(this.deadLetterAlarm, 'sqs-dead-letters', this.deadLetterQueue);
    markCatalogAlarm(this.messageAgeAlarm, 'sqs-message-age', this.queue);
    acknowledgeQueueFindings(this);
  }

  /** Lets `grantee` send messages to the queue (and use its key, if any). */
  public grantSend(grantee: iam.IGrantable): iam.Grant {
    return this.queue.grantSendMessages(grantee);
  }

  /** Lets `grantee` receive, delete and extend the visibility of messages (and use the key, if any). */
  public grantConsume(grantee: iam.IGrantable): iam.Grant {
    return this.queue.grantConsumeMessages(grantee);
  }

  /**
   * Scales `service` on the queue's backlog per task: target tracking on the metric math
   * `visible messages / running tasks`, so each task has about `targetBacklogPerTask` messages
   * waiting. Choose the target as the latency you accept divided by the processing time of one
   * message (600 s / 6 s = 100).
   *
   * Running tasks are the `SampleCount` of the service's `AWS/ECS` `CPUUtilization` over a minute,
   * free with every service (Container Insights' `RunningTaskCount` would cost extra). With no
   * running task ECS reports nothing, the ratio has no value and target tracking does nothing, so
   * the floor is one task.
   *
   * Enables the service's task-count scaling (`autoScaleTaskCount`) and returns it for further
   * policies; do not call `autoScaleTaskCount` on the service yourself.
   *
   * @see https://docs.aws.amazon.com/autoscaling/application/userguide/application-auto-scaling-target-tracking-metric-math.html
   */
  public scaleOnBacklogPerTask(service: ecs.BaseService, props: BacklogScalingProps): ecs.ScalableTaskCount {
    return scaleServiceOnBacklog(this, this.queue, service, props);
  }
}
