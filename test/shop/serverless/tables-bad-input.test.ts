import { App, CfnParameter, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as kms from 'aws-cdk-lib/aws-kms';
import { ShopTable, ShopTableOptions, ShopTableProps } from '../../../src/shop/serverless';
import { createShopTables } from '../../../src/shop/serverless/table-options';

const US_EAST_1 = { env: { account: '123456789012', region: 'us-east-1' } };
const S = dynamodb.AttributeType.STRING;
const N = dynamodb.AttributeType.NUMBER;

function build(props: (stack: Stack) => ShopTableProps) {
  const stack = new Stack(new App(), 'Stack', US_EAST_1);
  return () => new ShopTable(stack, 'Catalog', props(stack));
}

const gsi = (indexName: string, name = 'category', type = S): dynamodb.GlobalSecondaryIndexProps => ({
  indexName,
  partitionKey: { name, type },
});

describe('ShopTable rejects bad input with the construct path, the prop and the fix', () => {
  test.each<[string, (stack: Stack) => ShopTableProps, RegExp]>([
    [
      'a sort key without a partition key',
      () => ({ sortKey: { name: 'created', type: S } }),
      /^Stack\/Catalog: invalid 'sortKey': 'created' is given without a partitionKey.*Give partitionKey too/,
    ],
    [
      'an empty partition key name',
      () => ({ partitionKey: { name: '', type: S } }),
      /^Stack\/Catalog: invalid 'partitionKey\.name': is empty\. Give the attribute's name, 1 to 255 bytes/,
    ],
    [
      'a partition key name over 255 bytes (multi-byte characters count as bytes)',
      () => ({ partitionKey: { name: 'é'.repeat(128), type: S } }),
      /invalid 'partitionKey\.name': '.*' is 256 bytes, longer than the 255 DynamoDB allows.*Give a shorter name/,
    ],
    [
      'a partition key name from a parameter',
      (s) => ({ partitionKey: { name: new CfnParameter(s, 'Key').valueAsString, type: S } }),
      /invalid 'partitionKey\.name': is a token .*Give a literal: an attribute name/,
    ],
    [
      'a key of a non-scalar type (a JavaScript caller)',
      () => ({ partitionKey: { name: 'tags', type: 'SS' as any } }),
      /invalid 'partitionKey\.type': 'SS' is not a type a key attribute can have.*AttributeType\.STRING, AttributeType\.NUMBER or AttributeType\.BINARY/,
    ],
    [
      'the same attribute as partition and sort key',
      () => ({ partitionKey: { name: 'id', type: S }, sortKey: { name: 'id', type: S } }),
      /invalid 'sortKey': 'id' is also the partition key.*Give the sort key another attribute name/,
    ],
    [
      'a GSI key giving a table key attribute another type',
      () => ({ globalSecondaryIndexes: [gsi('by-pk', 'pk', N)] }),
      /invalid 'globalSecondaryIndexes\[0\]\.partitionKey\.type': 'pk' is N here and S in partitionKey.*same type in every key/,
    ],
    [
      'two GSIs giving one attribute two types',
      () => ({
        globalSecondaryIndexes: [
          gsi('by-price', 'price', N),
          { ...gsi('by-label'), sortKey: { name: 'price', type: S } },
        ],
      }),
      /invalid 'globalSecondaryIndexes\[1\]\.sortKey\.type': 'price' is S here and N in globalSecondaryIndexes\[0\]\.partitionKey/,
    ],
    [
      'a GSI name too short',
      () => ({ globalSecondaryIndexes: [gsi('ab')] }),
      /invalid 'globalSecondaryIndexes\[0\]\.indexName': 'ab' is not an index name DynamoDB accepts\. Give 3 to 255 characters/,
    ],
    [
      'a GSI name with a space',
      () => ({ globalSecondaryIndexes: [gsi('by category')] }),
      /invalid 'globalSecondaryIndexes\[0\]\.indexName': 'by category' is not an index name/,
    ],
    [
      'two GSIs with one name',
      () => ({ globalSecondaryIndexes: [gsi('by-category'), gsi('by-category', 'other')] }),
      /invalid 'globalSecondaryIndexes\[1\]\.indexName': 'by-category' names another index of this table too/,
    ],
    [
      'a GSI with a key of a non-scalar type (a JavaScript caller)',
      () => ({ globalSecondaryIndexes: [gsi('by-tags', 'tags', 'L' as any)] }),
      /invalid 'globalSecondaryIndexes\[0\]\.partitionKey\.type': 'L' is not a type a key attribute can have/,
    ],
    [
      'a multi-attribute GSI key with an empty attribute name',
      () => ({
        globalSecondaryIndexes: [
          {
            indexName: 'by-two',
            partitionKeys: [
              { name: 'a', type: S },
              { name: '', type: S },
            ],
          },
        ],
      }),
      /invalid 'globalSecondaryIndexes\[0\]\.partitionKeys\[1\]\.name': is empty/,
    ],
    [
      "a GSI without a partition key (CDK's error, under our prop)",
      () => ({ globalSecondaryIndexes: [{ indexName: 'by-nothing' } as any] }),
      /^Stack\/Catalog: invalid 'globalSecondaryIndexes\[0\]': .*partitionKey.*Give the index a partitionKey/,
    ],
    [
      'a GSI with provisioned capacity',
      () => ({ globalSecondaryIndexes: [{ ...gsi('by-category'), readCapacity: 5 }] }),
      /invalid 'globalSecondaryIndexes\[0\]\.readCapacity': is provisioned capacity, and a ShopTable and its indexes are on demand/,
    ],
    [
      '21 GSIs',
      () => ({ globalSecondaryIndexes: Array.from({ length: 21 }, (_, i) => gsi(`index-${i}`, `a${i}`)) }),
      /invalid 'globalSecondaryIndexes': 21 indexes are more than the 20 a table may have/,
    ],
    [
      'over 100 projected non-key attributes over all indexes',
      () => ({
        globalSecondaryIndexes: [0, 1].map((i) => ({
          ...gsi(`index-${i}`, `k${i}`),
          projectionType: dynamodb.ProjectionType.INCLUDE,
          nonKeyAttributes: Array.from({ length: 51 }, (_, a) => `attr${i}-${a}`),
        })),
      }),
      /invalid 'globalSecondaryIndexes': the indexes project 102 non-key attributes with INCLUDE, more than the 100/,
    ],
    [
      'a TTL on the STRING sort key',
      () => ({ timeToLiveAttribute: 'sk' }),
      /invalid 'timeToLiveAttribute': 'sk' is the STRING key attribute of sortKey.*no item would ever expire.*Give a Number attribute of its own/,
    ],
    [
      'an empty TTL attribute',
      () => ({ timeToLiveAttribute: '' }),
      /invalid 'timeToLiveAttribute': is empty/,
    ],
    [
      'a recovery period of 36 days',
      () => ({ pointInTimeRecoveryPeriodDays: 36 }),
      /invalid 'pointInTimeRecoveryPeriodDays': 36 is not a whole number from 1 to 35\. DynamoDB keeps 1 to 35 days/,
    ],
    [
      'a recovery period of 0 days',
      () => ({ pointInTimeRecoveryPeriodDays: 0 }),
      /invalid 'pointInTimeRecoveryPeriodDays': 0 is not a whole number from 1 to 35/,
    ],
    [
      'a recovery period with recovery off',
      () => ({ pointInTimeRecovery: false, pointInTimeRecoveryPeriodDays: 7 }),
      /invalid 'pointInTimeRecoveryPeriodDays': is given while pointInTimeRecovery is false/,
    ],
    [
      'a key from another region',
      (s) => ({
        encryptionKey: kms.Key.fromKeyArn(
          s,
          'Key',
          'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
        ),
      }),
      /invalid 'encryptionKey': the key is in eu-west-1 and this stack in us-east-1/,
    ],
    [
      'RemovalPolicy.SNAPSHOT',
      () => ({ removalPolicy: RemovalPolicy.SNAPSHOT }),
      /invalid 'removalPolicy': RemovalPolicy\.SNAPSHOT does not apply to a DynamoDB table.*Give RemovalPolicy\.RETAIN/,
    ],
    [
      'deletion protection with DESTROY',
      () => ({ removalPolicy: RemovalPolicy.DESTROY, deletionProtection: true }),
      /invalid 'deletionProtection': is true while removalPolicy is DESTROY, so CloudFormation would fail to delete/,
    ],
  ])('%s', (_name, props, message) => {
    expect(build(props)).toThrow(message);
  });
});

describe("a shop's table names", () => {
  function tables(options: ShopTableOptions[]) {
    const stack = new Stack(new App(), 'Stack', US_EAST_1);
    return () => createShopTables(stack, options);
  }

  test.each<[string, ShopTableOptions[], RegExp]>([
    [
      'upper case',
      [{ name: 'Catalog' }],
      /^Stack: invalid 'tables\[0\]\.name': 'Catalog' is not a table name: lower-case letters/,
    ],
    [
      'an underscore',
      [{ name: 'order_items' }],
      /invalid 'tables\[0\]\.name': 'order_items' is not a table name/,
    ],
    [
      'a leading digit',
      [{ name: '1catalog' }],
      /invalid 'tables\[0\]\.name': '1catalog' is not a table name/,
    ],
    [
      'a trailing hyphen',
      [{ name: 'catalog-' }],
      /invalid 'tables\[0\]\.name': 'catalog-' is not a table name/,
    ],
    [
      'a double hyphen',
      [{ name: 'order--items' }],
      /invalid 'tables\[0\]\.name': 'order--items' is not a table name/,
    ],
    [
      '65 characters',
      [{ name: 'a'.repeat(65) }],
      /invalid 'tables\[0\]\.name': 'a{65}' is not a table name.*at most 64/,
    ],
    [
      'no name (a JavaScript caller)',
      [{} as any],
      /invalid 'tables\[0\]\.name': is missing: lower-case letters/,
    ],
    [
      'a duplicate name',
      [{ name: 'catalog' }, { name: 'catalog' }],
      /invalid 'tables\[1\]\.name': 'catalog' names another table of the shop too/,
    ],
  ])('%s', (_name, options, message) => {
    expect(tables(options)).toThrow(message);
  });

  test('a bad table prop names the table construct', () => {
    expect(tables([{ name: 'order-items', pointInTimeRecoveryPeriodDays: 40 }])).toThrow(
      /^Stack\/OrderItemsTable: invalid 'pointInTimeRecoveryPeriodDays': 40/,
    );
  });
});
