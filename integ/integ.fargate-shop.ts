import { ExpectedResult, IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, RemovalPolicies, Stack } from 'aws-cdk-lib';
import { FargateShop, ShopImage } from '../src';

/*
 * Deploys a DEVELOPMENT FargateShop with a public multi-architecture echo server standing in
 * for the storefront and the backend (no data tier: the echo server cannot use it), then checks
 * the shop through the load balancer (the storefront's path and the backend's /health) and that
 * ECS runs what it was asked to, with the circuit breaker that rolls back. Deleting the stack
 * leaves the retained log groups, secrets and access-log bucket (delete them by hand).
 */
const app = new App({ context: { 'aws:cdk:disable-creation-stack-traces': true } });
// a region for the load balancer's access-log bucket policy; no account, so nothing is looked up
const env = { region: 'us-east-1' };
const stack = new Stack(app, 'CdkShopIntegFargate', { env });
// An echo server (multi-architecture, Node.js, listens on $PORT, answers every path) stands in for both.
const stub = ShopImage.fromRegistry('ealen/echo-server:0.9.2');
const shop = new FargateShop(stack, 'Shop', {
  storefront: { image: stub },
  backend: { image: stub },
  databaseEnabled: false,
  cacheEnabled: false,
});
RemovalPolicies.of(stack).destroy();

// the assertions live in a stack of the same region, so they may reference the shop's resources
const integ = new IntegTest(app, 'FargateShopTest', {
  testCases: [stack],
  assertionStack: new Stack(app, 'CdkShopIntegFargateAssertions', { env }),
});

integ.assertions
  .httpApiCall(shop.url)
  .expect(ExpectedResult.objectLike({ status: 200 }))
  .waitForAssertions();
integ.assertions
  .httpApiCall(`${shop.url}/health`)
  .expect(ExpectedResult.objectLike({ status: 200 }))
  .waitForAssertions();

for (const service of [shop.storefront!, shop.backend!]) {
  integ.assertions
    .awsApiCall('ECS', 'describeServices', {
      cluster: shop.cluster.clusterArn,
      services: [service.serviceArn],
    })
    .expect(
      ExpectedResult.objectLike({
        services: [
          {
            desiredCount: 1,
            runningCount: 1,
            deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: true } },
          },
        ],
      }),
    )
    .waitForAssertions();
}
