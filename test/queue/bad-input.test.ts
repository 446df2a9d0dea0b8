import { App, CfnParameter, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import { alarmTopic, US_EAST_1, workerService } from './fixtures';
import { BacklogScalingProps, ShopQueue, ShopQueueProps } from '../../src/queue';

const numberParameter = (stack: Stack) => new CfnParameter(stack, 'Number', { type: 'Number' }).valueAsNumber;

function build(props: (stack: Stack) => Partial<ShopQueueProps>) {
  const stack = new Stack(new App(), 'Stack', US_EAST_1);
  return () =>
    new ShopQueue(stack, 'Jobs', {
      expectedProcessingTime: Duration.seconds(20),
      alarmTopic: alarmTopic(stack),
      ...props(stack),
    });
}

describe('ShopQueue rejects bad input with the construct path, the prop and the fix', () => {
  test.each<[string, (stack: Stack) => Partial<ShopQueueProps>, RegExp]>([
    [
      'no expected processing time (a JavaScript caller)',
      () => ({ expectedProcessingTime: undefined as any }),
      /^Stack\/Jobs: invalid 'expectedProcessingTime': is missing.*Give how long one message takes/,
    ],
    [
      'no alarm topic (a JavaScript caller)',
      () => ({ alarmTopic: undefined as any }),
      /^Stack\/Jobs: invalid 'alarmTopic': is missing.*Give the SNS topic/,
    ],
    [
      'an expected processing time of 0',
      () => ({ expectedProcessingTime: Duration.seconds(0) }),
      /^Stack\/Jobs: invalid 'expectedProcessingTime': is 0 seconds\. Give how long one message takes, 1 second or more/,
    ],
    [
      'an expected processing time over 12 hours',
      () => ({ expectedProcessingTime: Duration.hours(13) }),
      /invalid 'expectedProcessingTime': 13 hours is longer than SQS's longest visibility timeout, 12 hours.*ChangeMessageVisibility/,
    ],
    [
      'an expected processing time in part seconds',
      () => ({ expectedProcessingTime: Duration.millis(1500) }),
      /invalid 'expectedProcessingTime': 1\.5 seconds is not a whole number of seconds\. Give whole seconds/,
    ],
    [
      'an expected processing time from a parameter',
      (s) => ({ expectedProcessingTime: Duration.seconds(numberParameter(s)) }),
      /invalid 'expectedProcessingTime': is a token .*Give a literal: Duration\.seconds\(n\)/,
    ],
    [
      'a visibility timeout over 12 hours',
      () => ({ visibilityTimeout: Duration.hours(13) }),
      /invalid 'visibilityTimeout': 13 hours is longer than SQS's 12 hours\. Give 12 hours or less/,
    ],
    [
      'a visibility timeout shorter than the expected processing time',
      () => ({ expectedProcessingTime: Duration.minutes(2), visibilityTimeout: Duration.seconds(60) }),
      /invalid 'visibilityTimeout': 1 minute is shorter than expectedProcessingTime \(2 minutes\), so a message would reappear.*Give at least expectedProcessingTime/,
    ],
    [
      'a visibility timeout from a parameter',
      (s) => ({ visibilityTimeout: Duration.seconds(numberParameter(s)) }),
      /invalid 'visibilityTimeout': is a token/,
    ],
    [
      'a receive limit of 0',
      () => ({ maxReceiveCount: 0 }),
      /invalid 'maxReceiveCount': 0 is not a whole number from 1 to 1000\. SQS accepts 1 to 1,000/,
    ],
    [
      'a receive limit of 1001',
      () => ({ maxReceiveCount: 1001 }),
      /invalid 'maxReceiveCount': 1001 is not a whole number from 1 to 1000/,
    ],
    [
      'a receive limit of 2.5',
      () => ({ maxReceiveCount: 2.5 }),
      /invalid 'maxReceiveCount': 2\.5 is not a whole number/,
    ],
    [
      'a receive limit from a parameter',
      (s) => ({ maxReceiveCount: numberParameter(s) }),
      /invalid 'maxReceiveCount': is a token/,
    ],
    [
      'a retention of 59 seconds',
      () => ({ retentionPeriod: Duration.seconds(59), maxMessageAge: Duration.minutes(1) }),
      /invalid 'retentionPeriod': 59 seconds is outside SQS's 60 seconds to 14 days/,
    ],
    [
      'a retention of 15 days',
      () => ({ retentionPeriod: Duration.days(15) }),
      /invalid 'retentionPeriod': 15 days is outside SQS's 60 seconds to 14 days\. Give Duration\.seconds\(60\) to Duration\.days\(14\)/,
    ],
    [
      'a retention in part seconds',
      () => ({ retentionPeriod: Duration.millis(90_500) }),
      /invalid 'retentionPeriod': 90\.5 seconds is not a whole number of seconds/,
    ],
    [
      'a retention no longer than the default age alarm',
      () => ({ retentionPeriod: Duration.minutes(10) }),
      /invalid 'retentionPeriod': the age alarm at 15 minutes can never fire, because SQS deletes messages after 10 minutes\. Keep maxMessageAge shorter/,
    ],
    [
      'an age alarm at the retention period',
      () => ({ retentionPeriod: Duration.hours(1), maxMessageAge: Duration.hours(1) }),
      /invalid 'maxMessageAge': the age alarm at 1 hour can never fire/,
    ],
    [
      'an age alarm under a minute',
      () => ({ maxMessageAge: Duration.seconds(30) }),
      /invalid 'maxMessageAge': 30 seconds is shorter than the one-minute period.*Give Duration\.minutes\(1\) or more/,
    ],
    [
      'a key from another region',
      (s) => ({
        encryptionKey: kms.Key.fromKeyArn(
          s,
          'Key',
          'arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555',
        ),
      }),
      /invalid 'encryptionKey': the key is in eu-west-1 and this stack in us-east-1.*Give a key from us-east-1/,
    ],
    [
      'a SNAPSHOT removal policy',
      () => ({ removalPolicy: RemovalPolicy.SNAPSHOT }),
      /invalid 'removalPolicy': RemovalPolicy\.SNAPSHOT does not apply to a queue.*Give RemovalPolicy\.RETAIN/,
    ],
  ])('%s', (_name, props, message) => {
    expect(build(props)).toThrow(message);
  });
});

describe('ShopQueue.scaleOnBacklogPerTask rejects bad input', () => {
  function scale(props: (stack: Stack) => BacklogScalingProps, twice = false) {
    const stack = new Stack(new App(), 'Stack', US_EAST_1);
    const queue = new ShopQueue(stack, 'Jobs', {
      expectedProcessingTime: Duration.seconds(20),
      alarmTopic: alarmTopic(stack),
    });
    const service = workerService(stack);
    return () => {
      queue.scaleOnBacklogPerTask(service, props(stack));
      if (twice) queue.scaleOnBacklogPerTask(service, props(stack));
    };
  }

  test.each<[string, (stack: Stack) => BacklogScalingProps, RegExp]>([
    [
      'a target of 0',
      () => ({ targetBacklogPerTask: 0 }),
      /^Stack\/Jobs: invalid 'targetBacklogPerTask': 0 is not a number above 0\. Give the latency you accept divided by/,
    ],
    [
      'a negative target',
      () => ({ targetBacklogPerTask: -5 }),
      /invalid 'targetBacklogPerTask': -5 is not a number above 0/,
    ],
    [
      'a target that is not a number',
      () => ({ targetBacklogPerTask: NaN }),
      /invalid 'targetBacklogPerTask': NaN is not a number above 0/,
    ],
    [
      'a target from a parameter',
      (s) => ({ targetBacklogPerTask: numberParameter(s) }),
      /invalid 'targetBacklogPerTask': is a token/,
    ],
    [
      'a minimum of 0 (scale from zero)',
      () => ({ targetBacklogPerTask: 100, minCapacity: 0 }),
      /invalid 'minCapacity': is 0, and backlog per task cannot scale up from zero: with no running task ECS reports no CPUUtilization.*Give 1 or more/,
    ],
    [
      'a minimum of 1.5',
      () => ({ targetBacklogPerTask: 100, minCapacity: 1.5 }),
      /invalid 'minCapacity': 1\.5 is not a whole number from 0 to 5000/,
    ],
    [
      'a maximum below the minimum',
      () => ({ targetBacklogPerTask: 100, minCapacity: 4, maxCapacity: 3 }),
      /invalid 'maxCapacity': maxCapacity 3 is below minCapacity 4/,
    ],
    [
      'a minimum above the default maximum',
      () => ({ targetBacklogPerTask: 100, minCapacity: 11 }),
      /invalid 'minCapacity': maxCapacity 10 is below minCapacity 11/,
    ],
    [
      'a maximum over 5,000 tasks',
      () => ({ targetBacklogPerTask: 100, maxCapacity: 5001 }),
      /invalid 'maxCapacity': 5001 is not a whole number from 1 to 5000\. ECS runs at most 5,000 tasks per service/,
    ],
    [
      'a maximum of 0',
      () => ({ targetBacklogPerTask: 100, maxCapacity: 0 }),
      /invalid 'maxCapacity': 0 is not a whole number from 1 to 5000/,
    ],
    [
      'a cooldown in part seconds',
      () => ({ targetBacklogPerTask: 100, scaleOutCooldown: Duration.millis(1500) }),
      /invalid 'scaleOutCooldown': 1\.5 seconds is not a whole number of seconds/,
    ],
    [
      'a cooldown from a parameter',
      (s) => ({ targetBacklogPerTask: 100, scaleInCooldown: Duration.seconds(numberParameter(s)) }),
      /invalid 'scaleInCooldown': is a token/,
    ],
  ])('%s', (_name, props, message) => {
    expect(scale(props)).toThrow(message);
  });

  test('scaling one service twice names the service and says what to do', () => {
    expect(scale(() => ({ targetBacklogPerTask: 100 }), true)).toThrow(
      /^Stack\/Jobs: invalid 'service': Stack\/Worker already has task-count scaling .*Call scaleOnBacklogPerTask once per service/,
    );
  });
});
