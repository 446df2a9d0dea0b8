import { App, CustomResource, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as cr from 'aws-cdk-lib/custom-resources';
import { sum } from './hand-sum';
import { LIST_PRICES } from './list-prices';
import { CostEstimate, CostEstimator, CostEstimatorProps } from '../../src/cost';

// Resources charged per use, priced from the usage assumptions. Every expectation is computed by
// hand from data/prices/aws-us-east-1.json.

function estimate(resources: { [id: string]: any }, props: CostEstimatorProps = {}): CostEstimate {
  return new CostEstimator({ ...LIST_PRICES, ...props }).estimateTemplate({ Resources: resources }, 'Test');
}

function stackTemplate(build: (stack: Stack) => void): any {
  const stack = new Stack(new App(), 'Stack');
  build(stack);
  return Template.fromStack(stack).toJSON();
}

describe('SNS topics', () => {
  const topics = {
    Alerts: {
      Type: 'AWS::SNS::Topic',
      Properties: { Subscription: [{ Protocol: 'email-json', Endpoint: 'ops@example.com' }] },
    },
    AlertsMail: {
      Type: 'AWS::SNS::Subscription',
      Properties: { TopicArn: { Ref: 'Alerts' }, Protocol: 'email', Endpoint: 'oncall@example.com' },
    },
    AlertsQueue: {
      Type: 'AWS::SNS::Subscription',
      Properties: { TopicArn: { Ref: 'Alerts' }, Protocol: 'sqs', Endpoint: 'arn:aws:sqs:us-east-1:1:q' },
    },
    Orders: { Type: 'AWS::SNS::Topic', Properties: {} },
    // an email subscription to another topic counts for that topic only
    OrdersElsewhere: {
      Type: 'AWS::SNS::Subscription',
      Properties: { TopicArn: 'arn:aws:sns:us-east-1:1:other', Protocol: 'email', Endpoint: 'x@example.com' },
    },
  };

  test('email deliveries per email subscription, and publish requests at the list price', () => {
    const e = estimate(topics, { notificationsPerMonth: 50_000 });
    // 50,000 notifications over 2 topics = 25,000 each; Alerts has 2 email subscriptions
    // (the inline email-json one and AlertsMail): 25,000 × 2 / 100,000 = 0.5 × sns.email.per100k 2.00 = 1.00;
    // publishes: 0.025 million × sns.publish.perMillion 0.50 = 0.0125 per topic
    expect(e.lines.map((l) => [l.logicalId, l.priceKey, l.quantity, l.monthlyUsd])).toEqual([
      ['Alerts', 'sns.publish.perMillion', 0.025, 0.0125],
      ['Alerts', 'sns.email.per100k', 0.5, 1],
      ['Orders', 'sns.publish.perMillion', 0.025, 0.0125],
    ]);
    expect(e.lines[1].assumption).toMatch(
      /notificationsPerMonth 50000 split evenly over 2 topic\(s\) = 25000 per topic, each delivered to 2 email subscription\(s\)$/,
    );
    expect(e.notPriced).toEqual([]);
    expect(e.totalMonthlyUsd).toBe(sum([0.0125, 1, 0.0125]));
    expect(e.assumptions.notificationsPerMonth).toBe(50_000);
  });

  test('priceOverrides replaces the publish price', () => {
    const e = estimate(topics, {
      notificationsPerMonth: 50_000,
      priceOverrides: { 'sns.publish.perMillion': { usd: 0.4, unit: 'USD per 1M requests' } },
    });
    // 25,000 requests per topic = 0.025 million × 0.40 = 0.01
    expect(
      e.lines.filter((l) => l.priceKey === 'sns.publish.perMillion').map((l) => [l.logicalId, l.monthlyUsd]),
    ).toEqual([
      ['Alerts', 0.01],
      ['Orders', 0.01],
    ]);
    expect(e.notPriced).toEqual([]);
    // 1.00 email + 2 × 0.01 publish = 1.02
    expect(e.totalMonthlyUsd).toBeCloseTo(1.02, 4);
    expect(e.assumptions.overriddenPriceKeys).toEqual(['sns.publish.perMillion']);
  });

  test('the default 1,000 notifications to a CDK topic with one email subscription', () => {
    const template = stackTemplate((stack) => {
      const topic = new sns.Topic(stack, 'Alarms');
      topic.addSubscription(new subscriptions.EmailSubscription('ops@example.com'));
      topic.addSubscription(new subscriptions.SqsSubscription(new sqs.Queue(stack, 'Queue')));
      topic.addSubscription(new subscriptions.UrlSubscription('https://hooks.example.com/alarm'));
    });
    const e = new CostEstimator(LIST_PRICES).estimateTemplate(template, 'Stack');
    // 1,000 × 1 email subscription / 100,000 = 0.01 × 2.00 = 0.02
    const email = e.lines.find((l) => l.priceKey === 'sns.email.per100k')!;
    expect(email).toMatchObject({ quantity: 0.01, monthlyUsd: 0.02 });
    // 1,000 × 1 HTTPS subscription / 1,000,000 = 0.001 × sns.http.perMillion 0.60 = 0.0006
    const http = e.lines.find((l) => l.priceKey === 'sns.http.perMillion')!;
    expect(http).toMatchObject({ quantity: 0.001, monthlyUsd: 0.0006 });
    // 0.001 million publishes × 0.50 = 0.0005
    expect(e.lines.find((l) => l.priceKey === 'sns.publish.perMillion')!.monthlyUsd).toBe(0.0005);
    expect(e.warnings.filter((w) => w.includes('subscription'))).toEqual([]);
  });

  test('a negative notification count is rejected', () => {
    expect(() => new CostEstimator({ ...LIST_PRICES, notificationsPerMonth: -1 })).toThrow(
      /CostEstimator: invalid 'notificationsPerMonth': -1 is not a finite non-negative number. Pass a literal number >= 0, or omit it for the default 1000/,
    );
  });
});

describe('Lambda functions', () => {
  const fn = (extra: any = {}) => ({
    Type: 'AWS::Lambda::Function',
    Properties: { Handler: 'index.handler', Runtime: 'nodejs22.x', Code: { ZipFile: 'x' }, ...extra },
  });

  test('functions that only back custom resources run on deploy: free, with the reason', () => {
    const template = stackTemplate((stack) => {
      const code = lambda.Code.fromInline('exports.handler = async () => ({})');
      const onEvent = new lambda.Function(stack, 'OnEvent', {
        runtime: lambda.Runtime.NODEJS_22_X,
        handler: 'index.handler',
        code,
      });
      const provider = new cr.Provider(stack, 'Provider', { onEventHandler: onEvent });
      new CustomResource(stack, 'Seed', { serviceToken: provider.serviceToken });
      new s3.Bucket(stack, 'Uploads', { autoDeleteObjects: true, removalPolicy: RemovalPolicy.DESTROY });
      // a function used at run time; its log retention is set by another deploy-only function
      const api = new lambda.Function(stack, 'Api', {
        runtime: lambda.Runtime.NODEJS_22_X,
        handler: 'index.handler',
        code,
      });
      new logs.LogRetention(stack, 'ApiLogRetention', {
        logGroupName: `/aws/lambda/${api.functionName}`,
        retention: logs.RetentionDays.ONE_WEEK,
      });
    });
    const e = new CostEstimator(LIST_PRICES).estimateTemplate(template, 'Stack');
    const functions = e.free.filter((f) => f.type === 'AWS::Lambda::Function');
    expect(functions.map((f) => [f.logicalId.replace(/[0-9A-F]{8}$/, ''), f.reason])).toEqual([
      [
        // the user handler of the provider framework is called only by the framework's function
        'OnEvent',
        expect.stringMatching(
          /^runs only when the stack deploys, called by the custom resource provider function\(s\) ProviderframeworkonEvent[0-9A-F]{8}: well under a cent a month, not estimated$/,
        ),
      ],
      [
        'ProviderframeworkonEvent',
        expect.stringMatching(
          /^runs only when the stack deploys, as the ServiceToken of custom resource\(s\) Seed/,
        ),
      ],
      [
        'CustomS3AutoDeleteObjectsCustomResourceProviderHandler',
        expect.stringMatching(/ServiceToken of custom resource\(s\) UploadsAutoDeleteObjectsCustomResource/),
      ],
      [
        expect.stringMatching(/^LogRetention/),
        expect.stringMatching(/ServiceToken of custom resource\(s\) ApiLogRetention/),
      ],
    ]);
    // the Api function is the only one the invocations are split over: all 1,000,000 are its own
    // (1 million requests × 0.20 = 0.20; 1,000,000 × 0.1 s × 0.125 GB = 12,500 GB-s × 0.0000166667 = 0.2083)
    const fnLines = e.lines.filter((l) => l.type === 'AWS::Lambda::Function');
    expect(
      fnLines.map((l) => [l.logicalId.replace(/[0-9A-F]{8}$/, ''), l.priceKey, l.quantity, l.monthlyUsd]),
    ).toEqual([
      ['Api', 'lambda.requests.perMillion', 1, 0.2],
      ['Api', 'lambda.x86.gbSecond', 12_500, 0.2083],
    ]);
    expect(e.notPriced.filter((r) => r.type === 'AWS::Lambda::Function')).toEqual([]);
  });

  test('a custom resource backer that something else also invokes is priced like any function', () => {
    const e = estimate({
      Backer: fn(),
      Thing: { Type: 'Custom::Thing', Properties: { ServiceToken: { 'Fn::GetAtt': ['Backer', 'Arn'] } } },
      Queue: { Type: 'AWS::SQS::Queue', Properties: {} },
      Mapping: {
        Type: 'AWS::Lambda::EventSourceMapping',
        Properties: { FunctionName: { Ref: 'Backer' }, EventSourceArn: { 'Fn::GetAtt': ['Queue', 'Arn'] } },
      },
      // a function named in a custom resource's other properties (e.g. a bucket notification target)
      // is invoked at run time, not by the custom resource
      Notified: fn(),
      Notifications: {
        Type: 'Custom::S3BucketNotifications',
        Properties: {
          ServiceToken: 'arn:aws:lambda:us-east-1:1:function:x',
          Target: { 'Fn::GetAtt': ['Notified', 'Arn'] },
        },
      },
    });
    expect(e.free.filter((f) => f.type === 'AWS::Lambda::Function')).toEqual([]);
    expect(
      new Set(e.lines.filter((l) => l.type === 'AWS::Lambda::Function').map((l) => l.logicalId)),
    ).toEqual(new Set(['Backer', 'Notified']));
  });

  test('requests and GB-seconds from the assumed invocations and duration, at the list prices', () => {
    const e = estimate(
      {
        Api: fn({ MemorySize: 512, Architectures: ['arm64'] }),
        Worker: fn(),
        Permission: {
          Type: 'AWS::Lambda::Permission',
          Properties: { FunctionName: { Ref: 'Api' }, Principal: 'apigateway.amazonaws.com' },
        },
      },
      {
        functionInvocationsPerMonth: 2_000_000,
        functionDurationMs: 200,
      },
    );
    // 2,000,000 invocations over 2 functions = 1,000,000 each = 1 million requests × 0.20 = 0.20
    // Api (arm64, 512 MB): 1,000,000 × 0.2 s × 0.5 GB = 100,000 GB-s × 0.0000133334 = 1.33334
    // Worker (x86, MemorySize not set: 128 MB): 1,000,000 × 0.2 s × 0.125 GB = 25,000 GB-s × 0.0000166667 = 0.4166675
    expect(e.lines.map((l) => [l.logicalId, l.priceKey, l.quantity, l.monthlyUsd])).toEqual([
      ['Api', 'lambda.requests.perMillion', 1, 0.2],
      ['Api', 'lambda.arm.gbSecond', 100_000, 1.3333],
      ['Worker', 'lambda.requests.perMillion', 1, 0.2],
      ['Worker', 'lambda.x86.gbSecond', 25_000, 0.4167],
    ]);
    expect(e.lines[3].assumption).toMatch(
      /^1000000 invocations × functionDurationMs 200 ms × 0.125 GB \(MemorySize 128 MB\); MemorySize not set: 128 MB; provisioned concurrency/,
    );
    expect(e.lines[0].assumption).toMatch(
      /functionInvocationsPerMonth 2000000 split evenly over 2 function\(s\)/,
    );
    // 0.2 + 1.3333 + 0.2 + 0.4167 = 2.15
    expect(e.totalMonthlyUsd).toBeCloseTo(2.15, 4);
    expect(e.notPriced).toEqual([]);
    expect(e.assumptions).toMatchObject({ functionInvocationsPerMonth: 2_000_000, functionDurationMs: 200 });
  });

  test('the defaults: 1,000,000 invocations of 100 ms', () => {
    const e = estimate(
      { Api: fn({ MemorySize: 1024 }) },
      { priceOverrides: { 'lambda.x86.gbSecond': { usd: 0.0000166667, unit: 'USD/GB-second' } } },
    );
    // 1,000,000 × 0.1 s × 1 GB = 100,000 GB-s × 0.0000166667 = 1.66667 (the override's own price);
    // requests at the list price: 1 million × 0.20
    expect(e.lines.map((l) => [l.priceKey, l.quantity, l.monthlyUsd])).toEqual([
      ['lambda.requests.perMillion', 1, 0.2],
      ['lambda.x86.gbSecond', 100_000, 1.6667],
    ]);
    expect(e.notPriced).toEqual([]);
    expect(e.assumptions).toMatchObject({ functionInvocationsPerMonth: 1_000_000, functionDurationMs: 100 });
  });

  test.each([
    [
      { functionInvocationsPerMonth: NaN },
      /invalid 'functionInvocationsPerMonth': NaN is not a finite non-negative number/,
    ],
    [
      { functionDurationMs: -100 },
      /invalid 'functionDurationMs': -100 is not a finite non-negative number.*default 100/,
    ],
  ])('rejects %j', (props, message) => {
    expect(() => new CostEstimator({ ...LIST_PRICES, ...props })).toThrow(message);
  });
});

describe('custom CloudWatch metrics', () => {
  const alarm = (metric: any) => ({
    Type: 'AWS::CloudWatch::Alarm',
    Properties: { Period: 300, Statistic: 'Average', Threshold: 1, EvaluationPeriods: 1, ...metric },
  });
  const resources = {
    QueueDepthHigh: alarm({
      Namespace: 'Shop',
      MetricName: 'QueueDepth',
      Dimensions: [
        { Name: 'Queue', Value: 'jobs' },
        { Name: 'Env', Value: 'prod' },
      ],
    }),
    // the same metric (dimensions in another order): not counted again
    QueueDepthCritical: alarm({
      Namespace: 'Shop',
      MetricName: 'QueueDepth',
      Dimensions: [
        { Name: 'Env', Value: 'prod' },
        { Name: 'Queue', Value: 'jobs' },
      ],
    }),
    // another dimension value: another metric
    EmailQueueDepth: alarm({
      Namespace: 'Shop',
      MetricName: 'QueueDepth',
      Dimensions: [
        { Name: 'Queue', Value: 'emails' },
        { Name: 'Env', Value: 'prod' },
      ],
    }),
    // an AWS metric has no charge of its own
    Cpu: alarm({ Namespace: 'AWS/EC2', MetricName: 'CPUUtilization' }),
    // metric math over two custom metrics
    FailureRate: {
      Type: 'AWS::CloudWatch::Alarm',
      Properties: {
        Metrics: [
          {
            Id: 'a',
            MetricStat: {
              Metric: { Namespace: 'Shop', MetricName: 'OrdersPlaced' },
              Period: 300,
              Stat: 'Sum',
            },
          },
          {
            Id: 'b',
            MetricStat: {
              Metric: { Namespace: 'Shop', MetricName: 'OrdersFailed' },
              Period: 300,
              Stat: 'Sum',
            },
          },
          { Id: 'e', Expression: 'b / a' },
        ],
      },
    },
    // a namespace that is not a literal may be an AWS one: not counted
    Parameterized: alarm({ Namespace: { Ref: 'Namespace' }, MetricName: 'X' }),
  };
  test('one line per distinct custom metric, on the first alarm that watches it, at cloudwatch.metric.month', () => {
    const e = estimate(resources);
    const metrics = e.lines.filter((l) => l.priceKey === 'cloudwatch.metric.month');
    expect(metrics.map((l) => [l.logicalId, l.description, l.quantity, l.monthlyUsd])).toEqual([
      ['QueueDepthHigh', 'custom metric Shop QueueDepth (Queue=jobs, Env=prod)', 1, 0.3],
      ['EmailQueueDepth', 'custom metric Shop QueueDepth (Queue=emails, Env=prod)', 1, 0.3],
      ['FailureRate', 'custom metric Shop OrdersPlaced', 1, 0.3],
      ['FailureRate', 'custom metric Shop OrdersFailed', 1, 0.3],
    ]);
    expect(metrics[0].assumption).toMatch(/\(also watched by QueueDepthCritical\)/);
    // alarms 0.70 + 4 distinct custom metrics × 0.30 = 1.90
    expect(e.totalMonthlyUsd).toBeCloseTo(0.7 + 4 * 0.3, 4);
    expect(e.notPriced).toEqual([]);
  });

  test('a high-resolution alarm (no list price) on a custom metric: the metric is priced, the alarm is not', () => {
    const e = estimate({
      Fast: alarm({ Period: 10, Namespace: 'Shop', MetricName: 'Latency' }),
    });
    expect(e.notPriced.map((r) => r.reason)).toEqual([
      expect.stringMatching(/'cloudwatch.alarm.highResolution.month'/),
    ]);
    expect(e.lines.map((l) => [l.description, l.monthlyUsd])).toEqual([['custom metric Shop Latency', 0.3]]);
  });
});

describe('DynamoDB tables', () => {
  const capacityPrices: CostEstimatorProps = {};

  function provisionedTable(): any {
    return stackTemplate((stack) => {
      const table = new dynamodb.Table(stack, 'Orders', {
        partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING },
        billingMode: dynamodb.BillingMode.PROVISIONED,
        readCapacity: 5,
        writeCapacity: 5,
      });
      table.addGlobalSecondaryIndex({
        indexName: 'byCustomer',
        partitionKey: { name: 'customer', type: dynamodb.AttributeType.STRING },
        readCapacity: 2,
        writeCapacity: 1,
      });
      table.autoScaleReadCapacity({ minCapacity: 5, maxCapacity: 50 }).scaleOnUtilization({
        targetUtilizationPercent: 70,
      });
    });
  }

  test('provisioned capacity of the table and its indexes, with read auto scaling, at the list prices', () => {
    const e = new CostEstimator({ ...LIST_PRICES, ...capacityPrices }).estimateTemplate(
      provisionedTable(),
      'Stack',
    );
    const read = e.lines.find((l) => l.priceKey === 'dynamodb.provisioned.rcuHour')!;
    const write = e.lines.find((l) => l.priceKey === 'dynamodb.provisioned.wcuHour')!;
    // read: (5 on the table + 2 on the index) × 730 = 5110 RCU-hours × 0.00013 = 0.6643
    expect(read).toMatchObject({ quantity: 5110, monthlyUsd: 0.6643, monthlyMinUsd: 0.6643 });
    // at the scaling maximum: (50 + 2) × 730 = 37,960 RCU-hours × 0.00013 = 4.9348
    expect(read.monthlyMaxUsd).toBeCloseTo(4.9348, 4);
    expect(read.assumption).toMatch(
      /^5 RCU on the table \+ 2 on 1 global secondary index\(es\), 730 h\/month; table auto scaling 5-50 RCU/,
    );
    // write: (5 + 1) × 730 = 4380 WCU-hours × 0.00065 = 2.847 (no write scaling)
    expect(write).toMatchObject({ quantity: 4380, monthlyUsd: 2.847, monthlyMaxUsd: 2.847 });
    expect(e.totalMonthlyUsd).toBeCloseTo(0.6643 + 2.847, 4);
    expect(e.totalAtMaximumUsd).toBeCloseTo(4.9348 + 2.847, 4);
  });

  test('an override replaces the capacity list price', () => {
    const e = new CostEstimator({
      ...LIST_PRICES,
      priceOverrides: { 'dynamodb.provisioned.wcuHour': { usd: 0.001, unit: 'USD/WCU-hour' } },
    }).estimateTemplate(provisionedTable(), 'Stack');
    // 4380 WCU-hours × 0.001 = 4.38
    expect(e.lines.find((l) => l.priceKey === 'dynamodb.provisioned.wcuHour')!.monthlyUsd).toBe(4.38);
    expect(e.notPriced).toEqual([]);
  });

  test('capacity given by a parameter is not priced (on-demand tables: test/cost/pricers/dynamodb.test.ts)', () => {
    const e = estimate(
      {
        Param: {
          Type: 'AWS::DynamoDB::Table',
          Properties: { ProvisionedThroughput: { ReadCapacityUnits: { Ref: 'Rcu' }, WriteCapacityUnits: 1 } },
        },
      },
      capacityPrices,
    );
    expect(e.lines).toEqual([]);
    expect(e.notPriced).toEqual([
      {
        logicalId: 'Param',
        type: 'AWS::DynamoDB::Table',
        reason: 'ProvisionedThroughput ReadCapacityUnits / WriteCapacityUnits are not literals',
      },
    ]);
  });
});

test('an unknown override key is rejected with the keys the estimator looks up', () => {
  expect(
    () =>
      new CostEstimator({ ...LIST_PRICES, priceOverrides: { 'lambda.requests': { usd: 0.2, unit: 'USD' } } }),
  ).toThrow(
    /invalid 'priceOverrides.lambda.requests': 'lambda.requests' is not a price key the estimator looks up, so it would change nothing. Use one of: .*lambda.requests.perMillion, lambda.x86.gbSecond, .*; or a key of the form ec2.<instance type>.hourly, /,
  );
});
