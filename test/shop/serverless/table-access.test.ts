import { TableAccess } from '../../../src';

/*
 * TableAccess is the one vocabulary for "what a route's function may do on a table": the
 * presets are the action lists the shared design names, and `of` accepts only DynamoDB's
 * data-plane actions on a table or index.
 */

describe('TableAccess presets', () => {
  test('READ is the item reads and DescribeTable, no write', () => {
    expect(TableAccess.READ.actions).toEqual([
      'dynamodb:GetItem',
      'dynamodb:BatchGetItem',
      'dynamodb:Query',
      'dynamodb:Scan',
      'dynamodb:ConditionCheckItem',
      'dynamodb:DescribeTable',
    ]);
  });

  test('WRITE is the item writes and DescribeTable, no read of items', () => {
    expect(TableAccess.WRITE.actions).toEqual([
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      'dynamodb:DeleteItem',
      'dynamodb:BatchWriteItem',
      'dynamodb:DescribeTable',
    ]);
    expect(TableAccess.WRITE.actions).not.toContain('dynamodb:GetItem');
  });

  test('READ_WRITE is the union of READ and WRITE, each action once', () => {
    const union = new Set([...TableAccess.READ.actions, ...TableAccess.WRITE.actions]);
    expect(new Set(TableAccess.READ_WRITE.actions)).toEqual(union);
    expect(TableAccess.READ_WRITE.actions).toHaveLength(union.size);
  });

  test('every preset action is one `of` accepts, and none is a wildcard', () => {
    for (const action of TableAccess.READ_WRITE.actions) {
      expect(TableAccess.ALLOWED_ACTIONS).toContain(action);
      expect(action).not.toContain('*');
    }
  });
});

describe('TableAccess.of', () => {
  test('keeps exactly the actions given, first order, without duplicates', () => {
    const access = TableAccess.of('dynamodb:Query', 'dynamodb:GetItem', 'dynamodb:Query');
    expect(access.actions).toEqual(['dynamodb:Query', 'dynamodb:GetItem']);
  });

  test.each([
    ['s3:GetObject', /'s3:GetObject' is not a DynamoDB action on a table or index/],
    ['dynamodb:*', /wildcards are refused/],
    ['dynamodb:Get*', /wildcards are refused/],
    ['dynamodb:getitem', /'dynamodb:getitem' is not a DynamoDB action/],
    ['GetItem', /'GetItem' is not a DynamoDB action/],
    ['dynamodb:DeleteTable', /'dynamodb:DeleteTable' is not a DynamoDB action on a table or index/],
    ['dynamodb:GetRecords', /Use some of: dynamodb:BatchGetItem/],
  ])('refuses %s', (action, message) => {
    expect(() => TableAccess.of('dynamodb:GetItem', action)).toThrow(message);
  });

  test('refuses an empty list, naming the presets as the fix', () => {
    expect(() => TableAccess.of()).toThrow(/no action given.*TableAccess\.READ/);
  });

  test('ALLOWED_ACTIONS is a copy: changing it does not widen what `of` accepts', () => {
    TableAccess.ALLOWED_ACTIONS.push('dynamodb:DeleteTable');
    try {
      expect(() => TableAccess.of('dynamodb:DeleteTable')).toThrow(/not a DynamoDB action/);
    } finally {
      TableAccess.ALLOWED_ACTIONS.pop();
    }
  });
});
