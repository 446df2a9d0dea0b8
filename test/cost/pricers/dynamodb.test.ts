import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { CostEstimate, CostEstimator, CostEstimatorProps } from '../../../src/cost';
import { sum } from '../hand-sum';
import { LIST_PRICES } from '../list-prices';

/*
 * List prices (data/prices/aws-us-east-1.json): dynamodb.onDemand.readPerMillion 0.125,
 * dynamodb.onDemand.writePerMillion 0.625, dynamodb.standard.gbMonth 0.25, dynamodb.pitr.gbMonth
 * 0.20, apiGateway.http.perMillion 1.00.
 */

function fromStack(build: (stack: Stack) => void, props: CostEstimatorProps = {}): CostEstimate {
  const stack = new Stack(new App(), 'Tables');
  build(stack);
  return new CostEstimator({ ...LIST_PRICES, ...props }).estimateTemplate(
    Template.fromStack(stack).toJSON(),
    'Tables',
  );
}

function estimate(resources: { [id: string]: any }, props: CostEstimatorProps = {}): CostEstimate {
  return new CostEstimator({ ...LIST_PRICES, ...props }).estimateTemplate({ Resources: resources }, 'Tables');
}

const rows = (e: CostEstimate) => e.lines.map((l) => [l.description, l.quantity, l.monthlyUsd]);

const onDemandTable = (extra: any = {}) => ({
  Type: 'AWS::DynamoDB::Table',
  Properties: { BillingMode: 'PAY_PER_REQUEST', ...extra },
});

describe('DynamoDB on-demand tables', () => {
  test('a table with a global secondary index and PITR, without an API: per request of requestsPerMonth', () => {
    const e = fromStack(
      (stack) => {
        const table = new dynamodb.Table(stack, 'Catalog', {
          partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
          sortKey: { name: 'sk', type: dynamodb.AttributeType.STRING },
          billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
          pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
        });
        table.addGlobalSecondaryIndex({
          indexName: 'byCategory',
          partitionKey: { name: 'category', type: dynamodb.AttributeType.STRING },
        });
      },
      { requestsPerMonth: 5_000_000, tableStorageGb: 4 },
    );
    // reads: 2 × 5,000,000 = 10 million RRU × 0.125 = 1.25
    // writes: 0.2 × 5,000,000 = 1,000,000 × (1 + 1 index) = 2 million WRU × 0.625 = 1.25
    // storage: 4 GB × 0.25 = 1.00; PITR: 4 GB × 0.20 = 0.80
    expect(rows(e)).toEqual([
      ['on-demand read request units', 10, 1.25],
      ['on-demand write request units', 2, 1.25],
      ['table storage', 4, 1],
      ['point-in-time recovery', 4, 0.8],
    ]);
    expect(e.totalMonthlyUsd).toBe(sum([1.25, 1.25, 1, 0.8]));
    expect(e.lines[0].assumption).toBe(
      'tableReadRequestUnitsPerMonth not set: 2 per request × requestsPerMonth 5000000 (no API in the template)',
    );
    expect(e.lines[1].assumption).toMatch(
      /; × \(1 \+ 1 global secondary index\(es\)\), each write taken to update every index = 2000000$/,
    );
    expect(e.notPriced).toEqual([]);
  });

  test('with an API, the defaults are per API request: a quarter of requestsPerMonth behind CloudFront', () => {
    const e = estimate(
      {
        Api: { Type: 'AWS::ApiGatewayV2::Api', Properties: { ProtocolType: 'HTTP' } },
        Cdn: { Type: 'AWS::CloudFront::Distribution', Properties: { DistributionConfig: {} } },
        Table: onDemandTable(),
      },
      { requestsPerMonth: 8_000_000 },
    );
    // 8,000,000 × 0.25 = 2,000,000 API requests: reads 4 million RRU (0.50), writes 400,000 WRU (0.25)
    const table = e.lines.filter((l) => l.logicalId === 'Table');
    expect(table.map((l) => [l.description, l.quantity, l.monthlyUsd])).toEqual([
      ['on-demand read request units', 4, 0.5],
      ['on-demand write request units', 0.4, 0.25],
      ['table storage', 1, 0.25],
    ]);
    expect(table[0].assumption).toMatch(
      /^tableReadRequestUnitsPerMonth not set: 2 per API request × 2000000 \(apiRequestsPerMonth not set: requestsPerMonth 8000000 × 0.25/,
    );
  });

  test('given request units and storage are split evenly over the on-demand tables; provisioned tables take no share', () => {
    const e = estimate(
      {
        Orders: onDemandTable(),
        Carts: onDemandTable({ PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: false } }),
        Legacy: {
          Type: 'AWS::DynamoDB::Table',
          Properties: { ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 } },
        },
      },
      {
        tableReadRequestUnitsPerMonth: 6_000_000,
        tableWriteRequestUnitsPerMonth: 800_000,
        tableStorageGb: 10,
      },
    );
    // each on-demand table: 3 million RRU (0.375), 400,000 WRU (0.25), 5 GB (1.25); no PITR
    for (const id of ['Orders', 'Carts']) {
      expect(e.lines.filter((l) => l.logicalId === id).map((l) => [l.quantity, l.monthlyUsd])).toEqual([
        [3, 0.375],
        [0.4, 0.25],
        [5, 1.25],
      ]);
    }
    expect(e.lines.find((l) => l.logicalId === 'Orders')!.assumption).toBe(
      'tableReadRequestUnitsPerMonth 6000000; split evenly over 2 on-demand tables = 3000000 per table',
    );
    // the provisioned table keeps its capacity lines only: 730 RCU-hours and 730 WCU-hours
    expect(e.lines.filter((l) => l.logicalId === 'Legacy').map((l) => l.priceKey)).toEqual([
      'dynamodb.provisioned.rcuHour',
      'dynamodb.provisioned.wcuHour',
    ]);
  });

  test('a one-replica global table (TableV2) is priced as a table, PITR from its replica', () => {
    const e = fromStack((stack) => {
      new dynamodb.TableV2(stack, 'Catalog', {
        partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
        pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      });
    });
    // 1,000,000 requests: 2 million RRU 0.25, 200,000 WRU 0.125, 1 GB 0.25, PITR 0.20
    expect(rows(e)).toEqual([
      ['on-demand read request units', 2, 0.25],
      ['on-demand write request units', 0.2, 0.125],
      ['table storage', 1, 0.25],
      ['point-in-time recovery', 1, 0.2],
    ]);
  });

  test.each<[string, any, RegExp]>([
    [
      'the Standard-IA table class',
      onDemandTable({ TableClass: 'STANDARD_INFREQUENT_ACCESS' }),
      /no list price in the price table for on-demand requests and storage of the STANDARD_INFREQUENT_ACCESS table class/,
    ],
    [
      'a table class from a parameter',
      onDemandTable({ TableClass: { Ref: 'Class' } }),
      /TableClass is not a literal/,
    ],
    [
      'a billing mode from a parameter',
      { Type: 'AWS::DynamoDB::Table', Properties: { BillingMode: { Ref: 'M' } } },
      /BillingMode is not a literal/,
    ],
    [
      'a global table with two replicas',
      {
        Type: 'AWS::DynamoDB::GlobalTable',
        Properties: {
          BillingMode: 'PAY_PER_REQUEST',
          Replicas: [{ Region: 'us-east-1' }, { Region: 'eu-west-1' }],
        },
      },
      /2 replicas: replicated writes and the other regions' storage are not priced/,
    ],
    [
      'a provisioned global table',
      { Type: 'AWS::DynamoDB::GlobalTable', Properties: { Replicas: [{ Region: 'us-east-1' }] } },
      /a provisioned global table/,
    ],
  ])('%s is not priced, and says why', (_what, resource, reason) => {
    const e = estimate({ Table: resource });
    expect(e.lines).toEqual([]);
    expect(e.notPriced).toEqual([
      { logicalId: 'Table', type: resource.Type, reason: expect.stringMatching(reason) },
    ]);
  });

  test('a stream and a PITR flag from a parameter are named in the storage line', () => {
    const e = estimate({
      Table: onDemandTable({
        StreamSpecification: { StreamViewType: 'NEW_IMAGE' },
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: { Ref: 'Pitr' } },
      }),
    });
    expect(e.lines.map((l) => l.description)).toEqual([
      'on-demand read request units',
      'on-demand write request units',
      'table storage',
    ]);
    expect(e.lines[2].assumption).toMatch(
      /stream reads by Lambda triggers have no charge; .*PointInTimeRecoveryEnabled not a literal: PITR not priced/,
    );
  });
});
