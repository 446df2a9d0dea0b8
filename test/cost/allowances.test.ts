import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { sum } from './hand-sum';
import { LIST_PRICES } from './list-prices';
import {
  CostEstimate,
  CostEstimator,
  CostEstimatorProps,
  CostReport,
  ShopImage,
  SingleHostShop,
} from '../../src';
import { PRICES } from '../../src/cost/price-table.generated';
import { ALLOWANCE_RULES } from '../../src/cost/private/allowances';
import { isLookedUp } from '../../src/cost/private/pricers/registry';

/*
 * AWS's always-free monthly allowances, deducted as negative lines of their own. Every figure is
 * computed by hand from data/prices/aws-us-east-1.json (730 hours a month).
 */

function estimate(resources: { [id: string]: any }, props: CostEstimatorProps = {}): CostEstimate {
  return new CostEstimator(props).estimateTemplate({ Resources: resources }, 'Test');
}

/** The lines of one price key (the priced line and its deduction), as [description, quantity, monthly]. */
function linesOf(e: CostEstimate, priceKey: string): [string, number, number][] {
  return e.lines
    .filter((l) => l.priceKey === priceKey || l.priceKey.startsWith(`${priceKey} (allowance `))
    .map((l) => [l.description, l.quantity, l.monthlyUsd]);
}

const net = (e: CostEstimate, priceKey: string) => sum(linesOf(e, priceKey).map(([, , usd]) => usd));

const n = (count: number, make: (i: number) => any) =>
  Object.fromEntries(Array.from({ length: count }, (_, i) => [`R${i}`, make(i)]));

const alarmOn = (namespace: string, name: string) => ({
  Type: 'AWS::CloudWatch::Alarm',
  Properties: { Namespace: namespace, MetricName: name, Period: 300, Statistic: 'Average' },
});

describe('always-free allowances: the arithmetic of each', () => {
  test.each<[string, { [id: string]: any }, CostEstimatorProps, string, string, number, number]>([
    // [name, resources, props, price key, deduction description, deducted quantity, net monthly]
    [
      'internet data transfer out: 100 GB of 150 GB from an internet-facing ALB',
      {
        Alb: {
          Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer',
          Properties: { Type: 'application', Scheme: 'internet-facing' },
        },
      },
      { dataTransferOutGb: 150 },
      'dataTransfer.internetOut.first10TB.perGb',
      'always-free allowance: internet data transfer out',
      -100,
      50 * 0.09, // 4.50
    ],
    [
      'CloudFront data transfer out: 1,024 GB of 2,000 GB',
      { Cdn: { Type: 'AWS::CloudFront::Distribution', Properties: {} } },
      { dataTransferOutGb: 2000 },
      'cloudfront.na.first10TB.perGb',
      'always-free allowance: CloudFront data transfer out',
      -1024,
      (2000 - 1024) * 0.085, // 82.96
    ],
    [
      'CloudFront requests: 10 million of 20 million',
      { Cdn: { Type: 'AWS::CloudFront::Distribution', Properties: {} } },
      { requestsPerMonth: 20_000_000 },
      'cloudfront.na.httpsPer10k',
      'always-free allowance: CloudFront requests',
      -1000, // 10,000,000 requests = 1,000 × 10k requests
      1000 * 0.01, // 10.00
    ],
    [
      'custom metrics: 10 of 12',
      n(12, (i) => alarmOn('Shop', `metric${i}`)),
      {},
      'cloudwatch.metric.month',
      'always-free allowance: CloudWatch custom metrics',
      -10,
      2 * 0.3, // 0.60
    ],
    [
      'standard alarm metrics: 10 of 12',
      n(12, () => alarmOn('AWS/EC2', 'CPUUtilization')),
      {},
      'cloudwatch.alarm.standard.month',
      'always-free allowance: CloudWatch standard-resolution alarm metrics',
      -10,
      2 * 0.1, // 0.20
    ],
    [
      'log ingestion: 5 GB of 8 GB',
      { Logs: { Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: 30 } } },
      { logIngestGb: 8 },
      'cloudwatch.logs.ingestPerGb',
      'always-free allowance: CloudWatch log data ingested',
      -5,
      3 * 0.5, // 1.50
    ],
    [
      'log storage: 5 GB-month of 8 GB-month (8 GB kept 30 days)',
      { Logs: { Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: 30 } } },
      { logIngestGb: 8 },
      'cloudwatch.logs.storageGbMonth',
      'always-free allowance: CloudWatch log storage',
      -5,
      3 * 0.03, // 0.09
    ],
    [
      'dashboards: 3 of 4',
      n(4, () => ({ Type: 'AWS::CloudWatch::Dashboard', Properties: {} })),
      {},
      'cloudwatch.dashboard.month',
      'always-free allowance: CloudWatch dashboards',
      -3,
      3, // one dashboard at 3.00
    ],
    [
      'canary runs: 100 of 8,760 (every 5 minutes)',
      {
        Canary: {
          Type: 'AWS::Synthetics::Canary',
          Properties: { Schedule: { Expression: 'rate(5 minutes)' } },
        },
      },
      {},
      'cloudwatch.synthetics.perCanaryRun',
      'always-free allowance: Synthetics canary runs',
      -100,
      (8760 - 100) * 0.0012, // 10.392
    ],
    [
      'SNS publishes: 1 million of 3 million',
      { Topic: { Type: 'AWS::SNS::Topic', Properties: {} } },
      { notificationsPerMonth: 3_000_000 },
      'sns.publish.perMillion',
      'always-free allowance: SNS publish requests',
      -1,
      2 * 0.5, // 1.00
    ],
    [
      'SNS email notifications: 1,000 of 201,000',
      {
        Topic: {
          Type: 'AWS::SNS::Topic',
          Properties: { Subscription: [{ Protocol: 'email', Endpoint: 'a@example.com' }] },
        },
      },
      { notificationsPerMonth: 201_000 },
      'sns.email.per100k',
      'always-free allowance: SNS email notifications',
      -0.01, // 1,000 notifications = 0.01 × 100k
      2 * 2, // 200,000 at 2.00 per 100k = 4.00
    ],
    [
      'SNS HTTP/S notifications: 100,000 of 1,100,000',
      {
        Topic: {
          Type: 'AWS::SNS::Topic',
          Properties: { Subscription: [{ Protocol: 'https', Endpoint: 'https://example.com/hook' }] },
        },
      },
      { notificationsPerMonth: 1_100_000 },
      'sns.http.perMillion',
      'always-free allowance: SNS HTTP/S notifications',
      -0.1,
      1 * 0.6, // 0.60
    ],
    [
      'SQS requests: 1 million of 3 million',
      { Queue: { Type: 'AWS::SQS::Queue', Properties: {} } },
      { queueRequestsPerMonth: 3_000_000 },
      'sqs.standard.perMillion',
      'always-free allowance: SQS requests',
      -1,
      2 * 0.4, // 0.80
    ],
    [
      'Lambda requests: 1 million of 5 million',
      { Fn: { Type: 'AWS::Lambda::Function', Properties: { MemorySize: 1024, Architectures: ['arm64'] } } },
      { functionInvocationsPerMonth: 5_000_000 },
      'lambda.requests.perMillion',
      'always-free allowance: Lambda requests',
      -1,
      4 * 0.2, // 0.80
    ],
    [
      'Lambda compute: 400,000 GB-s of 500,000 (5 million × 100 ms × 1 GB)',
      { Fn: { Type: 'AWS::Lambda::Function', Properties: { MemorySize: 1024, Architectures: ['arm64'] } } },
      { functionInvocationsPerMonth: 5_000_000 },
      'lambda.arm.gbSecond',
      'always-free allowance: Lambda compute',
      -400_000,
      100_000 * 1.33334e-5, // 1.33334
    ],
    [
      'DynamoDB write capacity: 25 of 30 WCU',
      {
        Table: {
          Type: 'AWS::DynamoDB::Table',
          Properties: { ProvisionedThroughput: { ReadCapacityUnits: 30, WriteCapacityUnits: 30 } },
        },
      },
      {},
      'dynamodb.provisioned.wcuHour',
      'always-free allowance: DynamoDB provisioned write capacity',
      -25 * 730,
      5 * 730 * 0.00065, // 2.3725
    ],
    [
      'DynamoDB read capacity: 25 of 30 RCU',
      {
        Table: {
          Type: 'AWS::DynamoDB::Table',
          Properties: { ProvisionedThroughput: { ReadCapacityUnits: 30, WriteCapacityUnits: 30 } },
        },
      },
      {},
      'dynamodb.provisioned.rcuHour',
      'always-free allowance: DynamoDB provisioned read capacity',
      -25 * 730,
      5 * 730 * 0.00013, // 0.4745
    ],
    [
      'DynamoDB storage: 25 of 40 GB of an on-demand table',
      { Table: { Type: 'AWS::DynamoDB::Table', Properties: { BillingMode: 'PAY_PER_REQUEST' } } },
      { tableStorageGb: 40 },
      'dynamodb.standard.gbMonth',
      'always-free allowance: DynamoDB data storage',
      -25,
      15 * 0.25, // 3.75
    ],
    [
      'Cognito: 10,000 of 12,000 MAU of an Essentials pool (UserPoolTier not set)',
      { Pool: { Type: 'AWS::Cognito::UserPool', Properties: {} } },
      { monthlyActiveUsers: 12_000 },
      'cognito.essentials.perMau',
      'always-free allowance: Cognito monthly active users (Lite and Essentials)',
      -10_000,
      2000 * 0.015, // 30
    ],
    [
      'Cognito: 10,000 of 30,000 MAU of a Lite pool',
      { Pool: { Type: 'AWS::Cognito::UserPool', Properties: { UserPoolTier: 'LITE' } } },
      { monthlyActiveUsers: 30_000 },
      'cognito.lite.perMau',
      'always-free allowance: Cognito monthly active users (Lite and Essentials)',
      -10_000,
      20_000 * 0.0055, // 110
    ],
  ])('%s', (_name, resources, props, priceKey, description, deducted, expectedNet) => {
    const e = estimate(resources, props);
    const deductions = e.lines.filter((l) => l.priceKey.startsWith(`${priceKey} (allowance `));
    // one deduction line per resource that uses the allowance (12 alarms: the first 10)
    expect([...new Set(deductions.map((l) => l.description))]).toEqual([description]);
    expect(sum(deductions.map((l) => l.quantity))).toBe(deducted);
    expect(deductions.every((l) => l.monthlyUsd < 0)).toBe(true);
    expect(net(e, priceKey)).toBeCloseTo(expectedNet, 4);
    // without the allowances, the same usage at list prices has no deduction line
    const list = estimate(resources, { ...props, ...LIST_PRICES });
    const allDeductions = e.lines.filter((l) => l.priceKey.includes('(allowance '));
    expect(list.lines.filter((l) => l.priceKey.includes('(allowance '))).toEqual([]);
    expect(list.totalMonthlyUsd).toBeCloseTo(
      e.totalMonthlyUsd - sum(allDeductions.map((l) => l.monthlyUsd)),
      4,
    );
  });

  test('a deduction never exceeds its line: usage under the allowance nets to zero, not below', () => {
    const e = estimate(
      { Logs: { Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: 30 } } },
      { logIngestGb: 2 },
    );
    expect(linesOf(e, 'cloudwatch.logs.ingestPerGb')).toEqual([
      ['log ingestion', 2, 1],
      ['always-free allowance: CloudWatch log data ingested', -2, -1],
    ]);
    expect(net(e, 'cloudwatch.logs.ingestPerGb')).toBe(0);
    expect(e.totalMonthlyUsd).toBe(0);
    // each deduction follows the line it covers, on the same resource
    const [priced, deduction] = e.lines;
    expect([deduction.logicalId, deduction.path, deduction.unit]).toEqual([
      priced.logicalId,
      priced.path,
      priced.unit,
    ]);
    expect(deduction.assumption).toMatch(
      /^2 of the 5 GB a month left of the account's 5 GB \(cloudwatch\.freeTier\.logsIngestGb\)/,
    );
  });

  test('x86 and arm64 functions share the one Lambda compute allowance, in template order', () => {
    const e = estimate(
      {
        Arm: { Type: 'AWS::Lambda::Function', Properties: { MemorySize: 1024, Architectures: ['arm64'] } },
        X86: { Type: 'AWS::Lambda::Function', Properties: { MemorySize: 1024 } },
      },
      { functionInvocationsPerMonth: 6_000_000 },
    );
    // 3 million invocations each × 0.1 s × 1 GB = 300,000 GB-s each: the first takes 300,000, the second the 100,000 left
    expect(linesOf(e, 'lambda.arm.gbSecond').map(([, q]) => q)).toEqual([300_000, -300_000]);
    expect(linesOf(e, 'lambda.x86.gbSecond').map(([, q]) => q)).toEqual([300_000, -100_000]);
    expect(net(e, 'lambda.x86.gbSecond')).toBeCloseTo(200_000 * 1.66667e-5, 4);
  });

  test('Lite and Essentials pools share the one 10,000-MAU allowance; a Plus pool has none', () => {
    const e = estimate(
      {
        Essentials: { Type: 'AWS::Cognito::UserPool', Properties: { UserPoolTier: 'ESSENTIALS' } },
        Lite: { Type: 'AWS::Cognito::UserPool', Properties: { UserPoolTier: 'LITE' } },
        Plus: { Type: 'AWS::Cognito::UserPool', Properties: { UserPoolTier: 'PLUS' } },
      },
      { monthlyActiveUsers: 24_000 },
    );
    // 8,000 MAU per pool: the Essentials pool takes 8,000 of the 10,000, the Lite pool the 2,000 left
    expect(e.lines.map((l) => [l.logicalId, l.quantity, l.monthlyUsd])).toEqual([
      ['Essentials', 8000, 120],
      ['Essentials', -8000, -120],
      ['Lite', 8000, 44],
      ['Lite', -2000, -11],
      ['Plus', 8000, 160],
    ]);
    expect(e.totalMonthlyUsd).toBe(33 + 160);
  });

  test('resources of one stack draw one pool down: two log groups share the 5 GB', () => {
    const e = estimate(
      {
        A: { Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: 1 } },
        B: { Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: 1 } },
      },
      { logIngestGb: 8 },
    );
    // 4 GB each: A's 4 GB are free, B gets the 1 GB left
    expect(linesOf(e, 'cloudwatch.logs.ingestPerGb').map(([, q]) => q)).toEqual([4, -4, 4, -1]);
    expect(net(e, 'cloudwatch.logs.ingestPerGb')).toBe(3 * 0.5);
  });

  test('each allowance is a sourced entry of the price table, and covers only keys the pricers look up', () => {
    for (const rule of ALLOWANCE_RULES) {
      const entry = PRICES[rule.key];
      expect([rule.key, entry?.usd > 0, !!entry?.source, !!entry?.asOf]).toEqual([
        rule.key,
        true,
        true,
        true,
      ]);
      expect(Object.keys(rule.covers).filter((k) => !isLookedUp(k))).toEqual([]);
    }
    expect(ALLOWANCE_RULES.map((r) => [r.key, PRICES[r.key].usd])).toEqual([
      ['dataTransfer.freeTier.internetOutGb', 100],
      ['cloudfront.freeTier.dataOutGb', 1024],
      ['cloudfront.freeTier.requests', 10_000_000],
      ['cloudfront.freeTier.functionInvocations', 2_000_000],
      ['cloudwatch.freeTier.metrics', 10],
      ['cloudwatch.freeTier.alarmMetrics', 10],
      ['cloudwatch.freeTier.logsIngestGb', 5],
      ['cloudwatch.freeTier.logsStorageGbMonth', 5],
      ['cloudwatch.freeTier.dashboards', 3],
      ['cloudwatch.freeTier.canaryRuns', 100],
      ['sns.freeTier.publishes', 1_000_000],
      ['sns.freeTier.emailDeliveries', 1000],
      ['sns.freeTier.httpDeliveries', 100_000],
      ['sqs.freeTier.requests', 1_000_000],
      ['xray.freeTier.tracesRecorded', 100_000],
      ['lambda.freeTier.requests', 1_000_000],
      ['lambda.freeTier.gbSeconds', 400_000],
      ['stepfunctions.freeTier.transitions', 4000],
      ['dynamodb.freeTier.provisionedWcu', 25],
      ['dynamodb.freeTier.provisionedRcu', 25],
      ['dynamodb.freeTier.storageGb', 25],
      ['cognito.freeTier.mau', 10_000],
    ]);
  });
});

describe('always-free allowances across an assembly', () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-shop-allowances-'));
  afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

  /** Two stacks of 8 standard alarms each. */
  function twoStacks(name: string): App {
    const app = new App({ outdir: path.join(outdir, name) });
    for (const stackName of ['First', 'Second']) {
      const stack = new Stack(app, stackName);
      for (let i = 0; i < 8; i++) {
        new cloudwatch.Alarm(stack, `Alarm${i}`, {
          metric: new cloudwatch.Metric({ namespace: 'AWS/EC2', metricName: 'CPUUtilization' }),
          threshold: 90,
          evaluationPeriods: 1,
        });
      }
    }
    return app;
  }

  test('CostReport applies them once, stacks in order, and says so in a note', () => {
    const [first, second] = new CostReport({ quiet: true }).estimate(twoStacks('shared').synth());
    // 10 alarm metrics: the first stack's 8, then the 2 left for the second; its other 6 are billed
    expect(first.totalMonthlyUsd).toBe(0);
    expect(second.totalMonthlyUsd).toBe(sum([6 * 0.1]));
    for (const e of [first, second]) {
      expect(e.notes).toEqual([
        expect.stringMatching(
          /applied once across the assembly, not once per stack: its 2 stacks that deduct them share one set, in order \(First, Second\)/,
        ),
      ]);
    }
  });

  test('a stack estimated alone gets the whole allowance', () => {
    const app = twoStacks('alone');
    const second = app.node.findChild('Second') as Stack;
    const alone = new CostEstimator().estimateStack(second);
    expect(alone.totalMonthlyUsd).toBe(0);
    expect(alone.notes).toEqual([expect.stringMatching(/^always-free monthly allowances deducted/)]);
  });

  test("a stack with alwaysFreeAllowances false neither deducts nor uses up the others' share", () => {
    const [first, second] = new CostReport({
      quiet: true,
      stackAssumptions: { First: { alwaysFreeAllowances: false } },
    }).estimate(twoStacks('optout').synth());
    expect(first.totalMonthlyUsd).toBe(sum([8 * 0.1]));
    expect(first.notes).toEqual([]);
    expect(second.totalMonthlyUsd).toBe(0);
    expect(second.notes).toEqual([expect.not.stringMatching(/applied once across/)]);
  });
});

describe('the alwaysFreeAllowances switch', () => {
  function shop(props: CostEstimatorProps): CostEstimate {
    const app = new App({ context: { 'aws:cdk:enable-path-metadata': true } });
    const stack = new Stack(app, 'Figure');
    new SingleHostShop(stack, 'Shop', {
      storefront: { image: ShopImage.fromRegistry('ghcr.io/acme/storefront:1.0.0') },
      backend: { image: ShopImage.fromRegistry('ghcr.io/acme/medusa:1.0.0') },
    });
    return new CostEstimator(props).estimateStack(stack);
  }

  test('false restores the list-price figures: the SingleHostShop defaults without and with them', () => {
    const list = shop(LIST_PRICES);
    const free = shop({});
    expect(list.assumptions.alwaysFreeAllowances).toBe(false);
    expect(free.assumptions.alwaysFreeAllowances).toBe(true);
    expect(list.notes).toEqual([]);
    expect(list.lines.filter((l) => l.description.startsWith('always-free allowance'))).toEqual([]);
    // the same priced lines, and the deductions on their own lines
    const priced = free.lines.filter((l) => !l.description.startsWith('always-free allowance'));
    expect(priced).toEqual(list.lines);
    const deducted = free.lines.filter((l) => l.description.startsWith('always-free allowance'));
    expect(free.totalMonthlyUsd).toBeCloseTo(
      list.totalMonthlyUsd + sum(deducted.map((l) => l.monthlyUsd)),
      4,
    );
    // 10 GB out 0.90, 3 custom metrics 0.90, the alarms' metrics, 1 GB of logs ingested 0.50, 5 of the
    // 6.58 GB-month of logs stored 0.15, 1,000 publishes 0.0005
    const alarms = list.lines.filter((l) => l.priceKey === 'cloudwatch.alarm.standard.month').length;
    expect(sum(deducted.map((l) => l.monthlyUsd))).toBe(-sum([0.9, 0.9, alarms * 0.1, 0.5, 0.15, 0.0005]));
    expect([list.totalMonthlyUsd, free.totalMonthlyUsd]).toEqual([
      list.totalMonthlyUsd,
      sum([list.totalMonthlyUsd, -0.9, -0.9, -alarms * 0.1, -0.5, -0.15, -0.0005]),
    ]);
    expect(free.totalMonthlyUsd).toBeLessThanOrEqual(20);
  });

  test.each<[string, unknown, RegExp]>([
    [
      'a string',
      'yes',
      /CostEstimator: invalid 'alwaysFreeAllowances': "yes" is not a boolean\. Pass true or false/,
    ],
    ['a number', 1, /CostEstimator: invalid 'alwaysFreeAllowances': 1 is not a boolean/],
    [
      'a token',
      Token.asAny({ Ref: 'Free' }) as unknown,
      /invalid 'alwaysFreeAllowances': is a token .* Give a literal: true or false/,
    ],
  ])('rejects %s', (_name, value, message) => {
    expect(() => new CostEstimator({ alwaysFreeAllowances: value as boolean })).toThrow(message);
  });
});
