import * as path from 'path';
import { Stack, StackProps } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { ServerlessShop, ShopApiRoute, TableAccess } from '../src';

/** The example's handlers, one directory per function. */
const HANDLERS = path.join(__dirname, 'serverless', 'handlers');

/**
 * The example shop's routes: the catalog read by anyone, orders written by signed-in customers.
 * Each function may call exactly the DynamoDB actions its handler makes (checked against the
 * handlers' calls in test/shop/serverless).
 */
export function exampleRoutes(): ShopApiRoute[] {
  const catalogRead = lambda.Code.fromAsset(path.join(HANDLERS, 'catalog-read'));
  return [
    {
      route: 'GET /api/products',
      code: catalogRead,
      tables: [{ table: 'catalog', access: TableAccess.of('dynamodb:Query') }],
    },
    {
      route: 'GET /api/products/{id}',
      code: catalogRead,
      tables: [{ table: 'catalog', access: TableAccess.of('dynamodb:GetItem') }],
    },
    {
      route: 'POST /api/orders',
      code: lambda.Code.fromAsset(path.join(HANDLERS, 'order-write')),
      protected: true,
      tables: [
        { table: 'catalog', access: TableAccess.of('dynamodb:BatchGetItem') },
        { table: 'orders', access: TableAccess.of('dynamodb:PutItem') },
      ],
    },
  ];
}

/**
 * A ServerlessShop at its defaults: the static storefront in examples/serverless/storefront (a
 * stand-in for `next build` with `output: 'export'`), the catalog and orders in DynamoDB, the
 * customers in Cognito, no PostgreSQL. Environment-agnostic: the edge's web ACL lives in
 * us-east-1, so the stack deploys there only (a CloudFormation rule says so).
 */
export class ServerlessShopStack extends Stack {
  /** The shop. */
  public readonly shop: ServerlessShop;

  constructor(scope: Construct, id: string, props: StackProps = {}) {
    super(scope, id, props);
    this.shop = new ServerlessShop(this, 'Shop', {
      storefront: { directory: path.join(__dirname, 'serverless', 'storefront') },
      routes: exampleRoutes(),
      tables: [{ name: 'catalog' }, { name: 'orders' }],
      alarmEmail: 'ops@example.com',
    });
  }
}
