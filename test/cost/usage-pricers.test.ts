import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { CostEstimate, CostEstimator, CostEstimatorProps } from '../../src/cost';

// Resources charged per use, priced from the usage assumptions. Every expectation is computed by
// hand from ../shared/pricing/aws-us-east-1.json; keys the price file has no price for are supplied
// by priceOverrides in the tests that price them.

function estimate(resources: { [id: string]: any }, props: CostEstimatorProps = {}): CostEstimate {
  return new CostEstimator(props).estimateTemplate({ Resources: resources }, 'Test');
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

  test('email deliveries per email subscription; publish requests have no list price and say how to set one', () => {
    const e = estimate(topics, { notificationsPerMonth: 50_000 });
    // 50,000 notifications over 2 topics = 25,000 each; Alerts has 2 email subscriptions
    // (the inline email-json one and AlertsMail): 25,000 × 2 / 100,000 = 0.5 × sns.email.per100k 2.00 = 1.00
    expect(e.lines.map((l) => [l.logicalId, l.priceKey, l.quantity, l.monthlyUsd])).toEqual([
      ['Alerts', 'sns.email.per100k', 0.5, 1],
    ]);
    expect(e.lines[0].assumption).toMatch(
      /notificationsPerMonth 50000 split evenly over 2 topic\(s\) = 25000 per topic, each delivered to 2 email subscription\(s\); free tier not applied/,
    );
    expect(e.notPriced).toEqual([
      {
        logicalId: 'Alerts',
        type: 'AWS::SNS::Topic',
        reason:
          "no list price in the price table for 'sns.publish.perMillion' (SNS publish requests); set priceOverrides.sns.publish.perMillion",
      },
      {
        logicalId: 'Orders',
        type: 'AWS::SNS::Topic',
        reason:
          "no list price in the price table for 'sns.publish.perMillion' (SNS publish requests); set priceOverrides.sns.publish.perMillion",
      },
    ]);
    expect(e.totalMonthlyUsd).toBe(1);
    expect(e.assumptions.notificationsPerMonth).toBe(50_000);
  });

  test('priceOverrides prices the publish requests', () => {
    const e = estimate(topics, {
      notificationsPerMonth: 50_000,
      priceOverrides: { 'sns.publish.perMillion': { usd: 0.5, unit: 'USD per 1M requests' } },
    });
    // 25,000 requests per topic = 0.025 million × 0.50 = 0.0125
    expect(
      e.lines.filter((l) => l.priceKey === 'sns.publish.perMillion').map((l) => [l.logicalId, l.monthlyUsd]),
    ).toEqual([
      ['Alerts', 0.0125],
      ['Orders', 0.0125],
    ]);
    expect(e.notPriced).toEqual([]);
    // 1.00 email + 2 × 0.0125 publish = 1.025
    expect(e.totalMonthlyUsd).toBeCloseTo(1.025, 4);
    expect(e.assumptions.overriddenPriceKeys).toEqual(['sns.publish.perMillion']);
  });

  test('the default 1,000 notifications to a CDK topic with one email subscription', () => {
    const template = stackTemplate((stack) => {
      const topic = new sns.Topic(stack, 'Alarms');
      topic.addSubscription(new subscriptions.EmailSubscription('ops@example.com'));
      topic.addSubscription(new subscriptions.SqsSubscription(new sqs.Queue(stack, 'Queue')));
      topic.addSubscription(new subscriptions.UrlSubscription('https://hooks.example.com/alarm'));
    });
    const e = new CostEstimator().estimateTemplate(template, 'Stack');
    // 1,000 × 1 email subscription / 100,000 = 0.01 × 2.00 = 0.02
    const email = e.lines.find((l) => l.priceKey === 'sns.email.per100k')!;
    expect(email).toMatchObject({ quantity: 0.01, monthlyUsd: 0.02 });
    expect(e.warnings).toContainEqual(
      expect.stringMatching(/^Alarms[0-9A-F]+: deliveries to 1 https subscription\(s\) are not priced$/),
    );
  });

  test('a negative notification count is rejected', () => {
    expect(() => new CostEstimator({ notificationsPerMonth: -1 })).toThrow(
      /CostEstimator: invalid 'notificationsPerMonth': -1 is not a finite non-negative number. Pass a literal number >= 0, or omit it for the default 1000/,
    );
  });
});
