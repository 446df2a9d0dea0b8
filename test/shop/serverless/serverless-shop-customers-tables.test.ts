import { Stack } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { INLINE, synthShop } from './serverless-shop-fixtures';
import { TableAccess } from '../../../src';
import { acknowledgements } from '../../helpers/nag';

const US_EAST_1 = { account: '111111111111', region: 'us-east-1' };
const withZone = (stack: Stack) => ({
  domainName: 'shop.example.com',
  hostedZone: route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', {
    hostedZoneId: 'Z123',
    zoneName: 'example.com',
  }),
});

describe("ServerlessShop's tables (ShopTable)", () => {
  const tables = [
    {
      name: 'catalog',
      globalSecondaryIndexes: [
        { indexName: 'by-category', partitionKey: { name: 'category', type: dynamodb.AttributeType.STRING } },
      ],
    },
    { name: 'order-items', partitionKey: { name: 'orderId', type: dynamodb.AttributeType.STRING } },
  ];
  const routes = [
    { route: 'GET /api/products', code: INLINE, tables: [{ table: 'catalog', access: TableAccess.READ }] },
    {
      route: 'POST /api/orders',
      code: INLINE,
      protected: true,
      tables: [{ table: 'order-items', access: TableAccess.of('dynamodb:PutItem') }],
    },
  ];

  test('one ShopTable per entry, named by it, each with the ShopTable defaults and in the daily backups', () => {
    const { shop, template, stack } = synthShop({ tables, routes }, US_EAST_1);
    expect(shop.tables.map((t) => t.node.path)).toEqual([
      'Shop/Shop/CatalogTable',
      'Shop/Shop/OrderItemsTable',
    ]);
    expect(shop.table('order-items')).toBe(shop.tables[1]);
    const resources = Object.values(template.findResources('AWS::DynamoDB::Table'));
    expect(resources).toHaveLength(2);
    for (const table of resources) {
      expect(table.DeletionPolicy).toBe('Retain');
      expect(table.Properties).toEqual(
        expect.objectContaining({
          BillingMode: 'PAY_PER_REQUEST',
          DeletionProtectionEnabled: true,
          PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true, RecoveryPeriodInDays: 35 },
          SSESpecification: { SSEEnabled: true },
        }),
      );
    }
    const selection = Object.values(template.findResources('AWS::Backup::BackupSelection'))[0];
    const selected = JSON.stringify(selection.Properties.BackupSelection.Resources);
    for (const t of shop.tables) expect(selected).toContain(stack.resolve(t.table.tableArn)['Fn::GetAtt'][0]);
  });

  test("a bad table name is refused under the shop's path and its tables prop", () => {
    expect(() => synthShop({ tables: [{ name: 'Catalog' }] })).toThrow(
      /^Shop\/Shop: invalid 'tables\[0\]\.name': 'Catalog' is not a table name/,
    );
  });

  test("a bad table prop is refused under the table's construct", () => {
    expect(() => synthShop({ tables: [{ name: 'catalog', pointInTimeRecoveryPeriodDays: 0 }] })).toThrow(
      /^Shop\/Shop\/CatalogTable: invalid 'pointInTimeRecoveryPeriodDays'/,
    );
  });
});

describe("ServerlessShop's customers (ShopCustomers)", () => {
  test('without a domain: Essentials, SRP only (no OAuth), COG2 and COG8 acknowledged with reasons', () => {
    const { shop, template } = synthShop();
    expect(shop.customers.featurePlan).toBe(cognito.FeaturePlan.ESSENTIALS);
    const client = Object.values(template.findResources('AWS::Cognito::UserPoolClient'))[0].Properties;
    expect(client.AllowedOAuthFlowsUserPoolClient).toBe(false);
    expect(client.GenerateSecret).toBe(false);
    const acks = acknowledgements(shop.customers).filter((a) => a.path === 'Shop/Shop/Customers/Resource');
    expect([...new Set(acks.map((a) => a.rule))].sort()).toEqual(['AwsSolutions-COG2', 'AwsSolutions-COG8']);
  });

  test("the shop's domain gives the storefront client its callback and logout URLs", () => {
    const { shop, template } = synthShop(withZone, US_EAST_1);
    const client = Object.values(template.findResources('AWS::Cognito::UserPoolClient'))[0].Properties;
    expect(client.CallbackURLs).toEqual(['https://shop.example.com/auth/callback']);
    expect(client.LogoutURLs).toEqual(['https://shop.example.com/']);
    expect(client.AllowedOAuthFlows).toEqual(['code']);
    expect(shop.customers.callbackUrls).toEqual(['https://shop.example.com/auth/callback']);
  });

  test('customers props pass through: Plus with threat protection and a hosted domain with managed login', () => {
    const { template } = synthShop(
      (stack) => ({
        ...withZone(stack),
        customers: { featurePlan: cognito.FeaturePlan.PLUS, domainPrefix: 'example-shop' },
      }),
      US_EAST_1,
    );
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      UserPoolTier: 'PLUS',
      UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
    });
    template.hasResourceProperties('AWS::Cognito::UserPoolDomain', {
      Domain: 'example-shop',
      ManagedLoginVersion: 2,
    });
    template.resourceCountIs('AWS::Cognito::ManagedLoginBranding', 1);
  });

  test("threat protection on Essentials is refused under the customers' path", () => {
    expect(() =>
      synthShop({ customers: { threatProtection: cognito.StandardThreatProtectionMode.FULL_FUNCTION } }),
    ).toThrow(
      /^Shop\/Shop\/Customers: invalid 'threatProtection': FULL_FUNCTION needs the Plus feature plan/,
    );
  });

  test('a hosted domain without a shop domain or callback URLs is refused', () => {
    expect(() => synthShop({ customers: { domainPrefix: 'example-shop' } })).toThrow(
      /^Shop\/Shop\/Customers: invalid 'domainPrefix': gives hosted sign-in pages, and they need a callback URL/,
    );
  });
});
