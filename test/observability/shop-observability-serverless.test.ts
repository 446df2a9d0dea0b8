import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import {
  ServerlessShop,
  ServerlessShopProps,
  ShopAlarmKind,
  ShopApiType,
  ShopObservability,
} from '../../src';
import { ALARM_CATALOG } from '../../src/observability/alarm-catalog';
import { monitoredResourcesOf } from '../../src/observability/resource-source';
import { shopProps } from '../shop/serverless/serverless-shop-fixtures';

/*
 * ShopObservability over a ServerlessShop in us-east-1 (where CloudFront's metrics are): what
 * discovery finds, the shop's own alarms reused rather than defined again, the uptime canary on
 * the shop's URL, and the composites of each tier.
 */

function observed(more: Partial<ServerlessShopProps> = {}) {
  const app = new App({ context: { 'aws:cdk:disable-creation-stack-traces': true } });
  const stack = new Stack(app, 'Shop', { env: { account: '111122223333', region: 'us-east-1' } });
  const shop = new ServerlessShop(stack, 'Shop', shopProps(more));
  const o = new ShopObservability(stack, 'Observability', { shop, dashboard: { enabled: false } });
  return { stack, shop, o, template: Template.fromStack(stack).toJSON() };
}

const logicalId = (s: Stack, c: { node: { defaultChild?: any } }) => s.getLogicalId(c.node.defaultChild);

/** Kind id → number of alarms. */
function kinds(o: ShopObservability): { [id: string]: number } {
  const out: { [id: string]: number } = {};
  for (const d of ALARM_CATALOG) {
    const n = o.alarmsOf(ShopAlarmKind.of(d.id)).length;
    if (n > 0) out[d.id] = n;
  }
  return out;
}

/** The logical ids a composite's rule names. */
function operands(s: Stack, composite: cloudwatch.CompositeAlarm): string[] {
  const rule = JSON.stringify(
    s.resolve((composite.node.defaultChild as cloudwatch.CfnCompositeAlarm).alarmRule),
  );
  return [...rule.matchAll(/"Fn::GetAtt":\["(\w+)","Arn"\]/g)].map((m) => m[1]);
}

/** The alarms of a template whose metrics (or any metric of their expression) are `metricName`, by the dimension `dim`. */
function alarmsOn(template: any, metricName: string, dim: string): string[] {
  return Object.values<any>(template.Resources)
    .filter((r) => r.Type === 'AWS::CloudWatch::Alarm')
    .flatMap((r) => {
      const metrics = r.Properties.Metrics
        ? r.Properties.Metrics.filter((m: any) => m.MetricStat).map((m: any) => m.MetricStat.Metric)
        : [r.Properties];
      return metrics
        .filter((m: any) => m.MetricName === metricName)
        .map((m: any) => m.Dimensions.find((d: any) => d.Name === dim)?.Value.Ref);
    });
}

describe('ShopObservability over a ServerlessShop (HTTP API, one table)', () => {
  const { stack, shop, o, template } = observed();
  const functionIds = shop.api.functions.map((f) => logicalId(stack, f as lambda.Function));

  test('discovers the distribution, the web ACL, the HTTP API stage, the route functions and the table', () => {
    const found = monitoredResourcesOf(shop);
    const count = (kind: string) => found.filter((r) => r.kind === kind).length;
    expect(count('cloudfront-distribution')).toBe(1);
    expect(count('waf-web-acl')).toBe(1);
    expect(found.filter((r) => r.kind === 'http-api').map((r) => r.dimensions.Stage)).toEqual(['$default']);
    expect(count('dynamodb-table')).toBe(1);
    const fns = found.filter((r) => r.kind === 'lambda-function').map((r) => stack.getLogicalId(r.resource));
    expect(fns.sort()).toEqual([...functionIds].sort());
    // the storefront's BucketDeployment handler is a function of the template, and not monitored
    const deployHandlers = Object.entries<any>(template.Resources)
      .filter(([id, r]) => r.Type === 'AWS::Lambda::Function' && !functionIds.includes(id))
      .map(([id]) => id);
    expect(deployHandlers.length).toBeGreaterThan(0);
    for (const id of deployHandlers) expect(fns).not.toContain(id);
  });

  test("the shop's alarms are used, not defined again: one of each kind per resource", () => {
    for (const kind of [
      ShopAlarmKind.HTTP_API_5XX,
      ShopAlarmKind.LAMBDA_ERROR_RATE,
      ShopAlarmKind.LAMBDA_THROTTLES,
      ShopAlarmKind.DYNAMODB_THROTTLES,
    ]) {
      const mine = o.alarmsOf(kind);
      expect(mine.length).toBeGreaterThan(0);
      for (const alarm of mine) expect(shop.alarms).toContain(alarm);
    }
    // in the template: one throttles alarm and one error-rate alarm per function, one 5xx alarm
    expect(alarmsOn(template, 'Throttles', 'FunctionName').sort()).toEqual([...functionIds].sort());
    expect(alarmsOn(template, 'Errors', 'FunctionName').sort()).toEqual([...functionIds].sort());
    expect(alarmsOn(template, '5xx', 'ApiId')).toHaveLength(1);
    expect(alarmsOn(template, 'ReadThrottleEvents', 'TableName')).toHaveLength(1);
  });

  test('adds the kinds the shop leaves to it: duration and concurrency, table system errors, the edge', () => {
    expect(kinds(o)).toMatchObject({
      'cloudfront-5xx-rate': 1,
      'http-api-5xx': 1,
      'lambda-error-rate': 2,
      'lambda-throttles': 2,
      'lambda-duration': 2,
      'lambda-concurrency': 2,
      'dynamodb-throttles': 1,
      'dynamodb-system-errors': 1,
    });
    expect(kinds(o)['rest-api-5xx']).toBeUndefined();
    const shops = new Set(shop.alarms);
    expect(o.alarms.filter((a) => !shops.has(a)).length).toBe(o.alarms.length - shop.alarms.length);
  });

  test("the uptime canary checks the shop's URL, not a /health the edge does not route", () => {
    expect(o.canaries).toHaveLength(1);
    const canary = Object.values<any>(template.Resources).find((r) => r.Type === 'AWS::Synthetics::Canary');
    const checks = canary.Properties.RunConfig.EnvironmentVariables.UPTIME_CHECKS;
    const distribution = logicalId(stack, shop.edge.distribution);
    expect(JSON.stringify(checks)).toContain(`"Fn::GetAtt":["${distribution}","DomainName"]`);
    const text = JSON.stringify(checks);
    expect(text).toContain('storefront');
    expect(text).not.toContain('/health');
  });

  test('composites per tier: the edge, the app (API and functions), the data (the table); shop down', () => {
    const ids = (as: cloudwatch.IAlarm[]) => as.map((a) => logicalId(stack, a as cloudwatch.Alarm));
    expect(operands(stack, o.edgeAlarm!)).toEqual(
      expect.arrayContaining(ids(o.alarmsOf(ShopAlarmKind.CLOUDFRONT_5XX_RATE))),
    );
    const app = operands(stack, o.appAlarm!);
    for (const k of [
      ShopAlarmKind.HTTP_API_5XX,
      ShopAlarmKind.LAMBDA_ERROR_RATE,
      ShopAlarmKind.LAMBDA_DURATION,
    ]) {
      expect(app).toEqual(expect.arrayContaining(ids(o.alarmsOf(k))));
    }
    expect(operands(stack, o.dataAlarm!).sort()).toEqual(
      ids([
        ...o.alarmsOf(ShopAlarmKind.DYNAMODB_THROTTLES),
        ...o.alarmsOf(ShopAlarmKind.DYNAMODB_SYSTEM_ERRORS),
      ]).sort(),
    );
    expect(operands(stack, o.shopDownAlarm!).sort()).toEqual(
      ids([
        ...o.alarmsOf(ShopAlarmKind.CLOUDFRONT_5XX_RATE),
        ...o.alarmsOf(ShopAlarmKind.HTTP_API_5XX),
        ...o.uptimeAlarms,
      ]).sort(),
    );
    expect(o.topic).toBe(shop.alarmTopic);
  });
});

describe('ShopObservability over a ServerlessShop with a REST API and the orders database', () => {
  const { stack, shop, o } = observed({ apiType: ShopApiType.REST, database: {} });

  test("the REST API's 5XX is the shop's; the database's alarms are ShopObservability's, in the data tier", () => {
    expect(o.alarmsOf(ShopAlarmKind.REST_API_5XX)).toEqual(
      shop.alarms.filter((a) => a.node.id.endsWith('-rest-api-5xx')),
    );
    expect(o.alarmsOf(ShopAlarmKind.HTTP_API_5XX)).toEqual([]);
    expect(kinds(o)).toMatchObject({ 'rds-cpu': 1, 'rds-connections': 1, 'rds-free-storage': 1 });
    const data = operands(stack, o.dataAlarm!);
    expect(data).toContain(logicalId(stack, o.alarmsOf(ShopAlarmKind.RDS_CPU)[0]));
    // no NAT gateway in the shop's VPC: nothing to alarm on
    expect(kinds(o)['nat-port-allocation']).toBeUndefined();
  });

  test('a healthPath given explicitly is checked', () => {
    const app = new App();
    const s = new Stack(app, 'Health', { env: { account: '111122223333', region: 'us-east-1' } });
    const sh = new ServerlessShop(s, 'Shop', shopProps());
    new ShopObservability(s, 'Observability', {
      shop: sh,
      uptime: { healthPath: '/api/health' },
      dashboard: { enabled: false },
    });
    const canary = Object.values<any>(Template.fromStack(s).toJSON().Resources).find(
      (r) => r.Type === 'AWS::Synthetics::Canary',
    );
    expect(JSON.stringify(canary.Properties.RunConfig.EnvironmentVariables.UPTIME_CHECKS)).toContain(
      '/api/health',
    );
  });
});
