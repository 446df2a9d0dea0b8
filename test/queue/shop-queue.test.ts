import { App, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { alarmTopic, queueStack, TOPIC_ARN, US_EAST_1 } from './fixtures';
import { ShopQueue } from '../../src/queue';

function queues(stack: Stack) {
  const template = Template.fromStack(stack);
  const all = template.findResources('AWS::SQS::Queue');
  const [mainId] = Object.entries(all).find(([, r]) => r.Properties.RedrivePolicy)!;
  const [dlqId] = Object.keys(all).filter((id) => id !== mainId);
  return { template, main: all[mainId], dlq: all[dlqId], mainId, dlqId };
}

describe('ShopQueue queues', () => {
  test('GIVEN defaults THEN two queues, SSE-SQS, 14 days, a DLQ after 5 receives, retained', () => {
    const { stack } = queueStack();
    const { template, main, dlq, dlqId } = queues(stack);
    template.resourceCountIs('AWS::SQS::Queue', 2);
    expect(main.Properties).toEqual({
      SqsManagedSseEnabled: true,
      MessageRetentionPeriod: 1209600,
      VisibilityTimeout: 120,
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [dlqId, 'Arn'] }, maxReceiveCount: 5 },
    });
    expect(dlq.Properties).toEqual({ SqsManagedSseEnabled: true, MessageRetentionPeriod: 1209600 });
    for (const q of [main, dlq]) {
      expect(q.DeletionPolicy).toBe('Retain');
      expect(q.UpdateReplacePolicy).toBe('Retain');
    }
  });

  test('both queues deny every request without TLS', () => {
    const { stack } = queueStack();
    const { template, mainId, dlqId } = queues(stack);
    for (const id of [mainId, dlqId]) {
      template.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [{ Ref: id }],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Effect: 'Deny',
              Principal: { AWS: '*' },
              Action: 'sqs:*',
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            }),
          ]),
        },
      });
    }
  });

  test.each<[string, Duration | undefined, Duration | undefined, number]>([
    ['6 × 20 s', Duration.seconds(20), undefined, 120],
    ['at least 30 s (6 × 2 s = 12 s)', Duration.seconds(2), undefined, 30],
    ['at most 12 h (6 × 3 h = 18 h)', Duration.hours(3), undefined, 43200],
    ['the visibilityTimeout given', Duration.seconds(20), Duration.seconds(45), 45],
  ])('visibility timeout: %s', (_name, expectedProcessingTime, visibilityTimeout, seconds) => {
    const { stack, queue } = queueStack({ expectedProcessingTime, visibilityTimeout });
    expect(queues(stack).main.Properties.VisibilityTimeout).toBe(seconds);
    expect(queue.visibilityTimeout.toSeconds()).toBe(seconds);
  });

  test('maxReceiveCount, retentionPeriod and DESTROY are passed through; the DLQ keeps 14 days', () => {
    const { stack } = queueStack({
      maxReceiveCount: 3,
      retentionPeriod: Duration.days(4),
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const { main, dlq } = queues(stack);
    expect(main.Properties.RedrivePolicy.maxReceiveCount).toBe(3);
    expect(main.Properties.MessageRetentionPeriod).toBe(4 * 86400);
    expect(dlq.Properties.MessageRetentionPeriod).toBe(1209600);
    expect([main.DeletionPolicy, dlq.DeletionPolicy]).toEqual(['Delete', 'Delete']);
  });

  test('a customer-managed key encrypts both queues instead of SSE-SQS', () => {
    const stack = new Stack(new App(), 'Stack', US_EAST_1);
    const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
    new ShopQueue(stack, 'Jobs', {
      expectedProcessingTime: Duration.seconds(20),
      alarmTopic: alarmTopic(stack),
      encryptionKey: key,
    });
    const { main, dlq } = queues(stack);
    for (const q of [main, dlq]) {
      expect(q.Properties.KmsMasterKeyId).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^Key/), 'Arn'] });
      expect(q.Properties.SqsManagedSseEnabled).toBeUndefined();
    }
  });

  test('grantSend and grantConsume give exactly the SQS actions, on the main queue', () => {
    const { stack, queue } = queueStack();
    const sender = new iam.Role(stack, 'Sender', {
      assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com'),
    });
    const consumer = new iam.Role(stack, 'Consumer', {
      assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com'),
    });
    queue.grantSend(sender);
    queue.grantConsume(consumer);
    const template = Template.fromStack(stack);
    const { mainId } = queues(stack);
    const statements = (role: string) =>
      Object.values(template.findResources('AWS::IAM::Policy')).find((p) =>
        JSON.stringify(p.Properties.Roles).includes(role),
      )!.Properties.PolicyDocument.Statement;
    expect(statements('Sender')).toEqual([
      {
        Effect: 'Allow',
        Action: ['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'],
        Resource: { 'Fn::GetAtt': [mainId, 'Arn'] },
      },
    ]);
    expect(statements('Consumer')).toEqual([
      {
        Effect: 'Allow',
        Action: [
          'sqs:ReceiveMessage',
          'sqs:ChangeMessageVisibility',
          'sqs:GetQueueUrl',
          'sqs:DeleteMessage',
          'sqs:GetQueueAttributes',
        ],
        Resource: { 'Fn::GetAtt': [mainId, 'Arn'] },
      },
    ]);
  });
});

describe('ShopQueue alarms', () => {
  test('a message in the DLQ: Maximum > 0 over one minute, to the topic, state kept when SQS stops reporting', () => {
    const { stack } = queueStack();
    const { template, dlqId } = queues(stack);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'Stack-Jobs-dead-letters',
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [dlqId, 'QueueName'] } }],
      Statistic: 'Maximum',
      Period: 60,
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      EvaluationPeriods: 1,
      TreatMissingData: 'ignore',
      AlarmActions: [TOPIC_ARN],
      OKActions: [TOPIC_ARN],
    });
  });

  test('the oldest message older than maxMessageAge (default 15 minutes) for 5 minutes', () => {
    const { stack } = queueStack();
    const { template, mainId } = queues(stack);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'Stack-Jobs-oldest-message-age',
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateAgeOfOldestMessage',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [mainId, 'QueueName'] } }],
      Statistic: 'Maximum',
      Period: 60,
      Threshold: 900,
      ComparisonOperator: 'GreaterThanThreshold',
      EvaluationPeriods: 5,
      TreatMissingData: 'notBreaching',
      AlarmActions: [TOPIC_ARN],
    });
    const custom = queueStack({ maxMessageAge: Duration.hours(2) });
    Template.fromStack(custom.stack).hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'Stack-Jobs-oldest-message-age',
      Threshold: 7200,
    });
  });
});
