import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { ShopApi, ShopCustomers, TableAccess } from '../../../src/shop/serverless';
import { createShopTables } from '../../../src/shop/serverless/table-options';

const US_EAST_1 = { env: { account: '123456789012', region: 'us-east-1' } };
const code = lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 200 });');

/** ShopTable and ShopCustomers as ServerlessShop composes them with ShopApi. */
function shop(withKey: boolean) {
  const stack = new Stack(new App(), 'Stack', US_EAST_1);
  const key = withKey ? new kms.Key(stack, 'Key', { enableKeyRotation: true }) : undefined;
  const tables = createShopTables(stack, [
    {
      name: 'catalog',
      globalSecondaryIndexes: [
        { indexName: 'by-category', partitionKey: { name: 'category', type: dynamodb.AttributeType.STRING } },
      ],
    },
    { name: 'order-items', encryptionKey: key },
  ]);
  const customers = new ShopCustomers(stack, 'Customers', { shopDomainName: 'shop.example.com' });
  const api = new ShopApi(stack, 'Api', {
    routes: [
      { route: 'GET /api/products', code, tables: [{ table: 'catalog', access: TableAccess.READ }] },
      {
        route: 'POST /api/orders',
        code,
        protected: true,
        tables: [{ table: 'order-items', access: TableAccess.of('dynamodb:PutItem') }],
      },
    ],
    tables: Object.fromEntries(Object.entries(tables).map(([name, t]) => [name, t.table])),
    userPool: customers.userPool,
    userPoolClients: [customers.userPoolClient],
  });
  return { stack, tables, customers, api, template: Template.fromStack(stack) };
}

/** Every statement of the policies attached to a function's role. */
function statementsOf(template: Template, stack: Stack, fn: lambda.IFunction): any[] {
  const role = stack.resolve((fn as lambda.Function).role!.roleName);
  return Object.values(template.findResources('AWS::IAM::Policy'))
    .filter((p: any) => JSON.stringify(p.Properties.Roles) === JSON.stringify([role]))
    .flatMap((p: any) => p.Properties.PolicyDocument.Statement);
}

describe('ShopTable and ShopCustomers composed with ShopApi', () => {
  test("the JWT authorizer checks ShopCustomers' issuer and its storefront client as the audience", () => {
    const { template, stack, customers } = shop(false);
    const authorizers = Object.values(template.findResources('AWS::ApiGatewayV2::Authorizer'));
    expect(authorizers).toHaveLength(1);
    const config = authorizers[0].Properties;
    expect(config.AuthorizerType).toBe('JWT');
    expect(config.JwtConfiguration).toEqual({
      Issuer: stack.resolve(customers.issuerUrl),
      Audience: [stack.resolve(customers.userPoolClient.userPoolClientId)],
    });
  });

  test("a route's grant reaches exactly its ShopTable and the table's indexes (AWS managed key: no KMS grant)", () => {
    const { template, stack, tables, api } = shop(false);
    const statements = statementsOf(template, stack, api.functionFor('GET /api/products'));
    const tableArn = stack.resolve(tables.catalog.table.tableArn);
    const resources = statements.flatMap((s) => (Array.isArray(s.Resource) ? s.Resource : [s.Resource]));
    expect(resources).toContainEqual(tableArn);
    expect(JSON.stringify(resources)).not.toContain(
      stack.resolve(tables['order-items'].table.tableArn)['Fn::GetAtt'][0],
    );
    expect(statements.some((s) => JSON.stringify(s.Action).includes('kms:'))).toBe(false);
  });

  test('a ShopTable with a customer managed key: the writer gets the key actions through DynamoDB only', () => {
    const { template, stack, api } = shop(true);
    const key = stack.node.findChild('Key') as kms.Key;
    const statements = statementsOf(template, stack, api.functionFor('POST /api/orders'));
    const keyStatement = statements.find(
      (s) => JSON.stringify(s.Resource) === JSON.stringify(stack.resolve(key.keyArn)),
    );
    expect(keyStatement).toBeDefined();
    expect(keyStatement.Action).toEqual(expect.arrayContaining(['kms:Decrypt', 'kms:GenerateDataKey']));
    expect(JSON.stringify(keyStatement.Condition)).toContain('kms:ViaService');
  });
});
