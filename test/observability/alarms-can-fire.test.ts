import { Duration } from 'aws-cdk-lib';
import {
  building,
  exampleStacks,
  fargateShop,
  HIGHLY_AVAILABLE,
  IMAGES,
  observedExamples,
  serverless,
  serverlessShop,
} from './can-fire-fixtures';
import { CachePreset, ShopApiType, ShopCache, ShopDatabase, ShopObservability, ShopQueue } from '../../src';
import { AlarmCheckReport, checkAlarms } from '../helpers/alarm-publication-check';
import { StackTemplate } from '../helpers/alarm-resolution';

/*
 * Every alarm can fire: for each alarm of each example stack and shop configuration, its
 * namespace, metric, dimension set, statistic and period are ones the service publishes (the
 * table in test/helpers/metric-publications.ts, from AWS's documentation; the library's own
 * metrics derived from the CloudWatch agent configuration and the backup script), each dimension
 * value traced to the resource attribute the service names it by, in the region it publishes in.
 */

/** Each configuration, with the alarms it must have at least (so a configuration that lost its alarms fails). */
const CONFIGURATIONS: [string, () => StackTemplate[], number][] = [
  ['every example stack (examples/app.ts)', () => exampleStacks(), 14],
  [
    'FargateShop DEVELOPMENT (the default preset) with a worker queue',
    () => fargateShop(() => ({ ...IMAGES, worker: {} })),
    6,
  ],
  [
    'FargateShop HIGHLY_AVAILABLE with a domain, worker queue, 2 read replicas, blue/green',
    () => fargateShop(HIGHLY_AVAILABLE),
    8,
  ],
  // the worker queues' own alarms and the deployment alarms of the target groups are the
  // catalog's (ShopQueue and FargateShop mark them): not defined twice; each ShopObservability
  // on a shop adds its uptime canary's alarm
  ['every example shop with a ShopObservability', () => observedExamples(), 76],
  [
    'FargateShop HIGHLY_AVAILABLE (domain, worker queue, read replicas, blue/green) with a ShopObservability',
    () => fargateShop(HIGHLY_AVAILABLE, true),
    55,
  ],
  [
    'FargateShop DEVELOPMENT with a ShopObservability',
    () => fargateShop(() => ({ ...IMAGES, worker: {} }), true),
    32,
  ],
  ['a plain scope of Lambda, API Gateway and DynamoDB with a ShopObservability', () => serverless(), 14],
  // ServerlessShop alone: the API's 5XX, per function errors and throttles (2 routes), per table
  // throttles; with a ShopObservability also CloudFront, WAF, function duration and concurrency,
  // table system errors, the database's alarms, the uptime canary's and the composites
  ['ServerlessShop (HTTP API, 2 routes, 1 table)', () => serverlessShop({}), 6],
  [
    'ServerlessShop REST with the orders database',
    () => serverlessShop({ apiType: ShopApiType.REST, database: {} }),
    6,
  ],
  ['ServerlessShop (HTTP API) with a ShopObservability', () => serverlessShop({}, true), 17],
  [
    'ServerlessShop (HTTP API) with the orders database and a ShopObservability',
    () => serverlessShop({ database: {} }, true),
    20,
  ],
  [
    'ServerlessShop REST with two tables and a ShopObservability',
    () =>
      serverlessShop({ apiType: ShopApiType.REST, tables: [{ name: 'catalog' }, { name: 'orders' }] }, true),
    20,
  ],
  [
    'ServerlessShop REST with the orders database and a ShopObservability',
    () => serverlessShop({ apiType: ShopApiType.REST, database: {} }, true),
    21,
  ],
  [
    'ShopQueue',
    () =>
      building((stack, _network, topic) => {
        new ShopQueue(stack, 'Jobs', { expectedProcessingTime: Duration.seconds(20), alarmTopic: topic });
      }),
    2,
  ],
  [
    'ShopCache MULTI_AZ and cluster mode (2 shards of 2), ShopDatabase, with a ShopObservability',
    () =>
      building((stack, network, topic) => {
        new ShopCache(stack, 'Cache', { vpc: network.vpc, preset: CachePreset.MULTI_AZ });
        new ShopCache(stack, 'Sharded', { vpc: network.vpc, preset: CachePreset.clusterMode(2, 1) });
        new ShopDatabase(stack, 'Database', { vpc: network.vpc });
        new ShopObservability(stack, 'Observability', { alarmTopic: topic });
      }),
    10,
  ],
];

describe('every alarm can fire', () => {
  const reports: [string, AlarmCheckReport][] = [];
  afterAll(() => {
    // the per-configuration summary the issue asks for
    const lines = reports.map(
      ([name, r]) =>
        `${name}: ${r.alarms} alarms, ${r.composites} composites, ${r.scalingPolicies} scaling policies, ` +
        `${r.dashboardGraphs} dashboard graphs (${r.metrics} metrics): ${r.mismatches.length} mismatches`,
    );
    process.stdout.write(`alarms can fire:\n  ${lines.join('\n  ')}\n`);
  });

  test.each(CONFIGURATIONS)('%s: 0 mismatches', (name, stacks, atLeast) => {
    const report = checkAlarms(stacks());
    reports.push([name, report]);
    expect(report.mismatches).toEqual([]);
    expect(report.alarms + report.composites).toBeGreaterThanOrEqual(atLeast);
  });
});
