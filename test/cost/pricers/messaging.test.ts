import { CostEstimator } from '../../../src/cost';
import { sum } from '../hand-sum';
import { LIST_PRICES } from '../list-prices';

// sqs.standard.perMillion 0.40, sns.publish.perMillion 0.50, sns.http.perMillion 0.60,
// sns.email.per100k 2.00 (data/prices/aws-us-east-1.json).
describe('messaging family', () => {
  test('a topic with an HTTPS and an email subscription, and a standard queue', () => {
    const e = new CostEstimator({
      ...LIST_PRICES,
      notificationsPerMonth: 200_000,
      queueRequestsPerMonth: 3_000_000,
    }).estimateTemplate(
      {
        Resources: {
          Topic: { Type: 'AWS::SNS::Topic', Properties: {} },
          Hook: {
            Type: 'AWS::SNS::Subscription',
            Properties: { TopicArn: { Ref: 'Topic' }, Protocol: 'https' },
          },
          Mail: {
            Type: 'AWS::SNS::Subscription',
            Properties: { TopicArn: { Ref: 'Topic' }, Protocol: 'email' },
          },
          Sms: {
            Type: 'AWS::SNS::Subscription',
            Properties: { TopicArn: { Ref: 'Topic' }, Protocol: 'sms' },
          },
          Queue: { Type: 'AWS::SQS::Queue', Properties: {} },
        },
      },
      'Messaging',
    );
    expect(e.lines.map((l) => [l.priceKey, l.quantity, l.monthlyUsd])).toEqual([
      ['sns.publish.perMillion', 0.2, 0.1], // 200,000 publishes = 0.2 million × 0.50
      ['sns.email.per100k', 2, 4], // 200,000 emails = 2 × 100k × 2.00
      ['sns.http.perMillion', 0.2, 0.12], // 200,000 HTTPS deliveries = 0.2 million × 0.60
      ['sqs.standard.perMillion', 3, 1.2], // 3 million requests × 0.40
    ]);
    expect(e.totalMonthlyUsd).toBe(sum([0.1, 4, 0.12, 1.2]));
    // SMS has no list price in the table: said, not counted as zero
    expect(e.warnings).toContainEqual('Topic: deliveries to 1 sms subscription(s) are not priced');
  });
});
