import { Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { ServerlessShop } from './serverless-shop';
import { CatalogAlarm, createCatalogAlarms } from '../../observability/catalog-alarms';
import { discoverResources } from '../../observability/discovery';
import { recordNoHealthPath } from '../../observability/shop-uptime-facts';

/*
 * ServerlessShop's own alarms, entries of the alarm catalog (so a ShopObservability over the
 * shop finds them and defines no second alarm of the same kind on the same resource).
 */

/**
 * The catalog kinds a ServerlessShop alarms on by itself, each on the shop's own resources:
 *
 * - the API's 5XX rate (HTTP or REST), the shop's "customers get errors" signal;
 * - each function's error rate and throttles: which route fails, and whether for lack of
 *   concurrency (a new account may have far fewer than 1,000 concurrent executions);
 * - each table's throttled reads and writes (on demand, a table throttles only past its
 *   partitions' or the account's throughput limits).
 *
 * Standard-resolution alarms cost $0.10 per metric a month, the first 10 alarm metrics of the
 * account free (https://aws.amazon.com/cloudwatch/pricing/): the API's 1 metric, 3 per function
 * (an error rate watches Errors and Invocations), 2 per table. A table's system errors (8
 * metrics, $0.80 a month) are left to ShopObservability: an error the SDK's retries do not
 * absorb fails the function, which its error rate and the API's 5XX rate report.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Best_Practice_Recommended_Alarms_AWS_Services.html
 */
export const SERVERLESS_ALARM_KINDS: readonly string[] = [
  'http-api-5xx',
  'rest-api-5xx',
  'lambda-error-rate',
  'lambda-throttles',
  'dynamodb-throttles',
];

/**
 * Defines the shop's alarms under `Alarms`, notifying `shop.alarmTopic` on ALARM and OK: the
 * API's stage, the functions the API defined (not a route's existing function, nor the
 * storefront's deploy-time handler) and the shop's tables. Call it at the end of the constructor.
 * Also tells ShopObservability's uptime check that the shop's URL has no `/health`.
 */
export function createServerlessAlarms(shop: ServerlessShop): CatalogAlarm[] {
  recordNoHealthPath(shop);
  const resources = [shop.api, ...shop.tables].flatMap((c) => discoverResources(c));
  const stack = Stack.of(shop);
  const shopLabel = `${shop.node.scopes
    .slice(stack.node.scopes.length)
    .map((s) => s.node.id)
    .join('/')}/`;
  return createCatalogAlarms(new Construct(shop, 'Alarms'), resources, [], {
    kinds: SERVERLESS_ALARM_KINDS,
    topic: shop.alarmTopic,
    // ids below the shop, e.g. Api-ProductsGet-Function-lambda-error-rate
    alarmId: (d, r, t) => {
      const label = r.label.startsWith(shopLabel) ? r.label.slice(shopLabel.length) : r.label;
      return `${label.replace(/\//g, '-')}${t.suffix}-${d.id}`;
    },
  });
}
