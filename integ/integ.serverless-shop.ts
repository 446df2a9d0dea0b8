import * as path from 'path';
import { ExpectedResult, IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, RemovalPolicies, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { exampleRoutes } from '../examples/serverless-shop';
import { ServerlessShop } from '../src';

/*
 * Deploys a ServerlessShop with the example storefront build and handlers in us-east-1 (the
 * only region its CLOUDFRONT-scope web ACL can be created in), then checks the shop through the
 * distribution: the storefront's home page and a product page (rewritten to its .html file by
 * the CloudFront Function), the catalog API through /api/*, and that an order without a
 * customer's token is refused with 401 by the JWT authorizer.
 *
 * The tables and the user pool are made deletable here. Deleting the stack leaves the buckets
 * that still hold objects (the storefront's build, its earlier versions, the distribution's
 * logs): empty and delete them by hand.
 */
const app = new App({ context: { 'aws:cdk:disable-creation-stack-traces': true } });
const env = { region: 'us-east-1' };
const stack = new Stack(app, 'CdkShopIntegServerless', { env });
const deletable = { deletionProtection: false, removalPolicy: RemovalPolicy.DESTROY };
const shop = new ServerlessShop(stack, 'Shop', {
  storefront: { directory: path.join(__dirname, '..', 'examples', 'serverless', 'storefront') },
  routes: exampleRoutes(),
  tables: [
    { name: 'catalog', ...deletable },
    { name: 'orders', ...deletable },
  ],
  customers: deletable,
});
RemovalPolicies.of(stack).destroy();

// the assertions live in a stack of the same region, so they may reference the shop's resources
const integ = new IntegTest(app, 'ServerlessShopTest', {
  testCases: [stack],
  assertionStack: new Stack(app, 'CdkShopIntegServerlessAssertions', { env }),
});

for (const page of ['/', '/products/42']) {
  integ.assertions
    .httpApiCall(`${shop.url}${page}`)
    .expect(ExpectedResult.objectLike({ status: 200 }))
    .waitForAssertions();
}
integ.assertions
  .httpApiCall(`${shop.url}/api/products`)
  .expect(ExpectedResult.objectLike({ status: 200 }))
  .waitForAssertions();
integ.assertions
  .httpApiCall(`${shop.url}/api/orders`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ items: [{ productId: '42', quantity: 1 }] }),
  })
  .expect(ExpectedResult.objectLike({ status: 401 }))
  .waitForAssertions();
integ.assertions
  .awsApiCall('DynamoDB', 'describeContinuousBackups', { TableName: shop.table('catalog').table.tableName })
  .expect(
    ExpectedResult.objectLike({
      ContinuousBackupsDescription: {
        PointInTimeRecoveryDescription: { PointInTimeRecoveryStatus: 'ENABLED' },
      },
    }),
  );
