import { ExpectedResult, IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, Duration, RemovalPolicies, Stack } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { ShopAlarmKind, ShopImage, ShopObservability, SingleHostShop } from '../src';

/*
 * Deploys a SingleHostShop with a ShopObservability on it, then checks that the alarms see their
 * metrics: an alarm that ignores missing data and watches a namespace, metric or dimensions AWS
 * publishes nothing under stays in INSUFFICIENT_DATA forever, so OK proves the metric arrives
 * (instance CPU from EC2, memory and the data disk from the host's CloudWatch agent); the status
 * check alarm (missing data is fine there) and the composites are OK; the dashboard exists. The shop's echo-server
 * stand-in answers every path with 200, so nothing is in ALARM while it runs.
 * The uptime canary's latest run PASSED (getCanaryRuns).
 * Deleting the stack leaves what integ.single-host-shop.ts lists (the data volume, the secrets) and
 * the canary's artifacts bucket.
 */
const app = new App({ context: { 'aws:cdk:disable-creation-stack-traces': true } });
const stack = new Stack(app, 'CdkShopIntegObservability');
const stub = ShopImage.fromRegistry('ealen/echo-server:0.9.2');
const shop = new SingleHostShop(stack, 'Shop', {
  storefront: { image: stub, port: 3000, healthPath: '/', environment: { PORT: '3000' } },
  backend: { image: stub, port: 9000, healthPath: '/', environment: { PORT: '9000' } },
});
const observability = new ShopObservability(stack, 'Observability', { shop });
RemovalPolicies.of(stack).destroy();
// the canary's artifacts bucket holds a run's artifacts by the time the stack is deleted: kept
// (it empties itself by lifecycle after 31 days) so that the deletion does not fail on it
for (const canary of observability.canaries) {
  RemovalPolicies.of(canary.artifactsBucket).retain({ priority: 1000 });
}

const integ = new IntegTest(app, 'ObservabilityTest', { testCases: [stack] });
// basic EC2 monitoring publishes every 5 minutes and the agent every minute: allow 30 minutes
const patience = { totalTimeout: Duration.minutes(30), interval: Duration.minutes(1) };

/** Each of the metric alarms is OK: the metric it watches has data. */
function expectOk(alarms: cloudwatch.IAlarm[], namespace: string): void {
  if (alarms.length === 0) throw new Error(`no ${namespace} alarm to check`);
  integ.assertions
    .awsApiCall('CloudWatch', 'describeAlarms', {
      AlarmNames: alarms.map((a) => a.alarmName),
      AlarmTypes: ['MetricAlarm'],
    })
    .expect(
      ExpectedResult.objectLike({
        MetricAlarms: alarms.map(() => Match.objectLike({ Namespace: namespace, StateValue: 'OK' })),
      }),
    )
    .waitForAssertions(patience);
}

expectOk(observability.alarmsOf(ShopAlarmKind.EC2_CPU), 'AWS/EC2');
expectOk(observability.alarmsOf(ShopAlarmKind.EC2_STATUS_CHECK), 'AWS/EC2');
// the host's own memory and data-disk alarms (CloudWatch agent metrics), which the observability reuses
const agentMetric = (a: cloudwatch.Alarm) =>
  a.metric instanceof cloudwatch.Metric &&
  ['mem_used_percent', 'disk_used_percent'].includes(a.metric.metricName);
expectOk(shop.alarms.filter(agentMetric), 'CdkShop');

// every composite (app tier, shop is down) evaluates its rule and is OK
integ.assertions
  .awsApiCall('CloudWatch', 'describeAlarms', {
    AlarmNames: observability.compositeAlarms.map((a) => a.alarmName),
    AlarmTypes: ['CompositeAlarm'],
  })
  .expect(
    ExpectedResult.objectLike({
      CompositeAlarms: observability.compositeAlarms.map(() => Match.objectLike({ StateValue: 'OK' })),
    }),
  )
  .waitForAssertions(patience);

if (observability.dashboard) {
  integ.assertions
    .awsApiCall('CloudWatch', 'getDashboard', { DashboardName: observability.dashboard.dashboardName })
    .expect(ExpectedResult.objectLike({ DashboardName: observability.dashboard.dashboardName }));
}

// the uptime canary runs and passes (the echo server answers / and /health with 200)
if (observability.canaries.length !== 1) throw new Error('expected one uptime canary');
integ.assertions
  .awsApiCall('Synthetics', 'getCanaryRuns', { Name: observability.canaries[0].canaryName, MaxResults: 1 })
  .expect(
    ExpectedResult.objectLike({
      CanaryRuns: [Match.objectLike({ Status: Match.objectLike({ State: 'PASSED' }) })],
    }),
  )
  .waitForAssertions(patience);

integ.assertions
  .httpApiCall(shop.url)
  .expect(ExpectedResult.objectLike({ status: 200 }))
  .waitForAssertions();
