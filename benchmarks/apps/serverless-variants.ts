import * as path from 'path';
import { Stack, StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { exampleRoutes } from '../../examples/serverless-shop';
import { ServerlessShop, ServerlessShopProps, ShopApiType } from '../../src';

/** The ServerlessShop example (examples/serverless-shop.ts) with some props changed. */
class ServerlessVariantStack extends Stack {
  constructor(scope: Construct, id: string, change: Partial<ServerlessShopProps>, props: StackProps = {}) {
    super(scope, id, props);
    new ServerlessShop(this, 'Shop', {
      storefront: { directory: path.join(__dirname, '..', '..', 'examples', 'serverless', 'storefront') },
      routes: exampleRoutes(),
      tables: [{ name: 'catalog' }, { name: 'orders' }],
      alarmEmail: 'ops@example.com',
      ...change,
    });
  }
}

/** The example with a REST API instead of an HTTP API. */
export class ServerlessRestShopStack extends ServerlessVariantStack {
  constructor(scope: Construct, id: string, props: StackProps = {}) {
    super(scope, id, { apiType: ShopApiType.REST }, props);
  }
}

/** The example with its orders in PostgreSQL at ServerlessShop's database defaults, the order route connected. */
export class ServerlessPostgresShopStack extends ServerlessVariantStack {
  constructor(scope: Construct, id: string, props: StackProps = {}) {
    super(
      scope,
      id,
      {
        database: {},
        routes: exampleRoutes().map((r) => (r.route === 'POST /api/orders' ? { ...r, database: true } : r)),
      },
      props,
    );
  }
}
