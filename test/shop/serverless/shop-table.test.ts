import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { ShopObservability } from '../../../src/observability';
import { ShopTable, ShopTableProps } from '../../../src/shop/serverless';
import { createShopTables, shopTableConstructId } from '../../../src/shop/serverless/table-options';

const US_EAST_1 = { env: { account: '123456789012', region: 'us-east-1' } };

function synth(props: ShopTableProps | ((stack: Stack) => ShopTableProps) = {}) {
  const stack = new Stack(new App(), 'Stack', US_EAST_1);
  const table = new ShopTable(stack, 'Catalog', typeof props === 'function' ? props(stack) : props);
  return { stack, table, template: Template.fromStack(stack) };
}

/** The one table's resource: its properties and policies. */
function tableResource(template: Template): any {
  const tables = Object.values(template.findResources('AWS::DynamoDB::Table'));
  expect(tables).toHaveLength(1);
  return tables[0];
}

describe('ShopTable defaults', () => {
  const { template, table, stack } = synth();
  const resource = tableResource(template);

  test('on demand, keys pk/sk STRING, nothing provisioned', () => {
    expect(resource.Properties.BillingMode).toBe('PAY_PER_REQUEST');
    expect(resource.Properties.KeySchema).toEqual([
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ]);
    expect(resource.Properties.AttributeDefinitions).toEqual([
      { AttributeName: 'pk', AttributeType: 'S' },
      { AttributeName: 'sk', AttributeType: 'S' },
    ]);
    expect(resource.Properties.ProvisionedThroughput).toBeUndefined();
  });

  test('point-in-time recovery on, 35 days', () => {
    expect(resource.Properties.PointInTimeRecoverySpecification).toEqual({
      PointInTimeRecoveryEnabled: true,
      RecoveryPeriodInDays: 35,
    });
  });

  test('deletion protection on, retained on delete and on replacement', () => {
    expect(resource.Properties.DeletionProtectionEnabled).toBe(true);
    expect(resource.DeletionPolicy).toBe('Retain');
    expect(resource.UpdateReplacePolicy).toBe('Retain');
  });

  test('encrypted with the AWS managed key aws/dynamodb: SSE on, KMS, no key of ours', () => {
    expect(resource.Properties.SSESpecification).toEqual({ SSEEnabled: true });
    template.resourceCountIs('AWS::KMS::Key', 0);
    expect(table.table.encryptionKey).toBeUndefined();
  });

  test('no TTL, no GSI, no stream, contributor insights off, generated name', () => {
    expect(resource.Properties.TimeToLiveSpecification).toBeUndefined();
    expect(resource.Properties.GlobalSecondaryIndexes).toBeUndefined();
    expect(resource.Properties.StreamSpecification).toBeUndefined();
    expect(resource.Properties.ContributorInsightsSpecification).toEqual({ Enabled: false });
    expect(resource.Properties.TableName).toBeUndefined();
  });

  test('the table is the construct default child, typed for ShopApi', () => {
    expect(table.node.defaultChild).toBe(table.table);
    expect(stack.resolve(table.table.tableName)).toEqual({ Ref: expect.stringMatching(/^Catalog/) });
  });
});

describe('ShopTable props', () => {
  test('a partition key alone: no sort key', () => {
    const { template } = synth({ partitionKey: { name: 'id', type: dynamodb.AttributeType.NUMBER } });
    const props = tableResource(template).Properties;
    expect(props.KeySchema).toEqual([{ AttributeName: 'id', KeyType: 'HASH' }]);
    expect(props.AttributeDefinitions).toEqual([{ AttributeName: 'id', AttributeType: 'N' }]);
  });

  test('both keys of your own', () => {
    const { template } = synth({
      partitionKey: { name: 'shop', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'created', type: dynamodb.AttributeType.BINARY },
    });
    expect(tableResource(template).Properties.KeySchema).toEqual([
      { AttributeName: 'shop', KeyType: 'HASH' },
      { AttributeName: 'created', KeyType: 'RANGE' },
    ]);
  });

  test('global secondary indexes, on demand, with their projections', () => {
    const { template } = synth({
      globalSecondaryIndexes: [
        {
          indexName: 'by-category',
          partitionKey: { name: 'category', type: dynamodb.AttributeType.STRING },
          sortKey: { name: 'price', type: dynamodb.AttributeType.NUMBER },
        },
        {
          indexName: 'by-sku',
          partitionKey: { name: 'sku', type: dynamodb.AttributeType.STRING },
          projectionType: dynamodb.ProjectionType.INCLUDE,
          nonKeyAttributes: ['name', 'stock'],
        },
      ],
    });
    const props = tableResource(template).Properties;
    expect(props.GlobalSecondaryIndexes).toEqual([
      {
        IndexName: 'by-category',
        KeySchema: [
          { AttributeName: 'category', KeyType: 'HASH' },
          { AttributeName: 'price', KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      },
      {
        IndexName: 'by-sku',
        KeySchema: [{ AttributeName: 'sku', KeyType: 'HASH' }],
        Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['name', 'stock'] },
      },
    ]);
    expect(props.AttributeDefinitions).toEqual(
      expect.arrayContaining([
        { AttributeName: 'category', AttributeType: 'S' },
        { AttributeName: 'price', AttributeType: 'N' },
        { AttributeName: 'sku', AttributeType: 'S' },
      ]),
    );
    expect(props.AttributeDefinitions).toHaveLength(5);
  });

  test('a GSI on the table key attribute with the same type defines the attribute once', () => {
    const { template } = synth({
      globalSecondaryIndexes: [
        { indexName: 'by-sk', partitionKey: { name: 'sk', type: dynamodb.AttributeType.STRING } },
      ],
    });
    expect(tableResource(template).Properties.AttributeDefinitions).toEqual([
      { AttributeName: 'pk', AttributeType: 'S' },
      { AttributeName: 'sk', AttributeType: 'S' },
    ]);
  });

  test('a TTL attribute', () => {
    const { template } = synth({ timeToLiveAttribute: 'expiresAt' });
    expect(tableResource(template).Properties.TimeToLiveSpecification).toEqual({
      AttributeName: 'expiresAt',
      Enabled: true,
    });
  });

  test('a shorter recovery period', () => {
    const { template } = synth({ pointInTimeRecoveryPeriodDays: 7 });
    expect(tableResource(template).Properties.PointInTimeRecoverySpecification).toEqual({
      PointInTimeRecoveryEnabled: true,
      RecoveryPeriodInDays: 7,
    });
  });

  test('point-in-time recovery off when asked', () => {
    const { template } = synth({ pointInTimeRecovery: false });
    expect(tableResource(template).Properties.PointInTimeRecoverySpecification).toEqual({
      PointInTimeRecoveryEnabled: false,
    });
  });

  test('a customer managed key', () => {
    const { template, table, stack } = synth((s) => ({
      encryptionKey: new kms.Key(s, 'Key', { enableKeyRotation: true }),
    }));
    const key = stack.node.findChild('Key') as kms.Key;
    expect(tableResource(template).Properties.SSESpecification).toEqual({
      SSEEnabled: true,
      SSEType: 'KMS',
      KMSMasterKeyId: stack.resolve(key.keyArn),
    });
    expect(table.table.encryptionKey).toBe(key);
  });

  test('DESTROY: deleted with the stack, deletion protection off so the delete can succeed', () => {
    const resource = tableResource(synth({ removalPolicy: RemovalPolicy.DESTROY }).template);
    expect(resource.DeletionPolicy).toBe('Delete');
    expect(resource.Properties.DeletionProtectionEnabled).toBe(false);
  });

  test('RETAIN with deletion protection turned off', () => {
    const resource = tableResource(synth({ deletionProtection: false }).template);
    expect(resource.DeletionPolicy).toBe('Retain');
    expect(resource.Properties.DeletionProtectionEnabled).toBe(false);
  });
});

describe("createShopTables: a shop's tables from ShopTableOptions", () => {
  test('one ShopTable per name, construct ids from the names, props passed on', () => {
    const stack = new Stack(new App(), 'Stack', US_EAST_1);
    const tables = createShopTables(stack, [
      { name: 'catalog' },
      { name: 'order-items', partitionKey: { name: 'orderId', type: dynamodb.AttributeType.STRING } },
    ]);
    expect(Object.keys(tables)).toEqual(['catalog', 'order-items']);
    expect(tables.catalog.node.id).toBe('CatalogTable');
    expect(tables['order-items'].node.id).toBe('OrderItemsTable');
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::DynamoDB::Table', 2);
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [{ AttributeName: 'orderId', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
    });
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      TableName: Match.absent(),
    });
  });

  test('construct ids', () => {
    expect(shopTableConstructId('catalog')).toBe('CatalogTable');
    expect(shopTableConstructId('a1-b2-c')).toBe('A1B2CTable');
  });
});

describe('ShopTable with ShopObservability', () => {
  test("the observability finds the table and alarms on its throttles and system errors (the catalog's DynamoDB entries)", () => {
    const stack = new Stack(new App(), 'Stack', US_EAST_1);
    const catalog = new ShopTable(stack, 'Catalog');
    new ShopObservability(stack, 'Observability', {
      alarmTopic: new sns.Topic(stack, 'Alarms', { enforceSSL: true }),
    });
    const tableRef = JSON.stringify(stack.resolve(catalog.table.tableName));
    const alarms = Object.values(Template.fromStack(stack).findResources('AWS::CloudWatch::Alarm'))
      .map((alarm) => JSON.stringify(alarm.Properties))
      .filter((body) => body.includes(tableRef));
    expect(
      alarms.some((body) => body.includes('ReadThrottleEvents') && body.includes('WriteThrottleEvents')),
    ).toBe(true);
    expect(alarms.some((body) => body.includes('SystemErrors'))).toBe(true);
  });
});
