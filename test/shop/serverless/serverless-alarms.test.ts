import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { INLINE, ROUTES, synthShop } from './serverless-shop-fixtures';
import { ServerlessShop, ShopApiType, TableAccess } from '../../../src';
import { findCatalogAlarm } from '../../../src/observability/catalog-alarm-registry';
import { SERVERLESS_ALARM_KINDS } from '../../../src/shop/serverless/serverless-alarms';

/*
 * ServerlessShop's own alarms: the catalog's entries for the API, the functions the API defined
 * and the tables, on the shop's topic, marked so a ShopObservability reuses them.
 */

type Alarm = { id: string; props: any };

/** The template's alarms, with the kind id each one's construct id ends with. */
function alarms(stack: Stack): Alarm[] {
  const json = Template.fromStack(stack).toJSON();
  return Object.entries<any>(json.Resources)
    .filter(([, r]) => r.Type === 'AWS::CloudWatch::Alarm')
    .map(([id, r]) => ({ id, props: r.Properties }));
}

/** Kind id → alarms of the shop, from `shop.alarms` and the registry. */
function kindsOf(shop: ServerlessShop): { [kind: string]: number } {
  const out: { [kind: string]: number } = {};
  for (const alarm of shop.alarms) {
    const kind = SERVERLESS_ALARM_KINDS.find((k) => alarm.node.id.endsWith(`-${k}`));
    if (kind) out[kind] = (out[kind] ?? 0) + 1;
  }
  return out;
}

/** The logical ids a metric (or each metric of a math expression) of an alarm refers to, by dimension. */
function dimensionRefs(props: any): { [name: string]: string[] } {
  const dims: any[] =
    props.Dimensions ?? props.Metrics.flatMap((m: any) => m.MetricStat?.Metric.Dimensions ?? []);
  const out: { [name: string]: string[] } = {};
  for (const d of dims) {
    const ref = d.Value.Ref ?? JSON.stringify(d.Value);
    out[d.Name] = [...new Set([...(out[d.Name] ?? []), ref])];
  }
  return out;
}

/** The number of metrics an alarm watches (what CloudWatch charges by). */
const metricCount = (props: any) =>
  props.Metrics ? props.Metrics.filter((m: any) => m.MetricStat).length : 1;

describe('ServerlessShop alarms at the defaults (HTTP API, two routes, one table)', () => {
  const { shop, stack } = synthShop({ alarmEmail: 'ops@example.com' });
  const all = alarms(stack);
  const fns = (shop.api.functions as lambda.Function[]).map((f) =>
    stack.getLogicalId(f.node.defaultChild as lambda.CfnFunction),
  );

  test("the API's 5XX rate, each function's error rate and throttles, the table's throttles", () => {
    expect(kindsOf(shop)).toEqual({
      'http-api-5xx': 1,
      'lambda-error-rate': 2,
      'lambda-throttles': 2,
      'dynamodb-throttles': 1,
    });
    expect(all).toHaveLength(shop.alarms.length);
  });

  test('each alarm watches one of the shop: the HTTP API, a function of a route, the catalog table', () => {
    const byKind = (kind: string) => all.filter((a) => a.id.includes(kind.replace(/-/g, '')));
    const api = stack.getLogicalId(shop.api.httpApi!.node.defaultChild as any);
    const table = stack.getLogicalId(shop.table('catalog').table.node.defaultChild as any);
    expect(byKind('http-api-5xx').map((a) => dimensionRefs(a.props))).toEqual([
      { ApiId: [api], Stage: ['"$default"'] },
    ]);
    expect(
      byKind('lambda-error-rate')
        .map((a) => dimensionRefs(a.props).FunctionName[0])
        .sort(),
    ).toEqual([...fns].sort());
    expect(
      byKind('lambda-throttles')
        .map((a) => dimensionRefs(a.props).FunctionName[0])
        .sort(),
    ).toEqual([...fns].sort());
    expect(byKind('dynamodb-throttles').map((a) => dimensionRefs(a.props).TableName)).toEqual([[table]]);
  });

  test("every alarm notifies the shop's topic on ALARM and on OK", () => {
    const topic = { Ref: stack.getLogicalId(shop.alarmTopic.node.defaultChild as any) };
    for (const a of all) {
      expect(a.props.AlarmActions).toEqual([topic]);
      expect(a.props.OKActions).toEqual([topic]);
    }
  });

  test('no alarm on the storefront deployment handler, the distribution or the database', () => {
    const watched = new Set(all.flatMap((a) => Object.values(dimensionRefs(a.props)).flat()));
    const template = Template.fromStack(stack).toJSON();
    const others = Object.entries<any>(template.Resources)
      .filter(([id, r]) => r.Type === 'AWS::Lambda::Function' && !fns.includes(id))
      .map(([id]) => id);
    expect(others.length).toBeGreaterThan(0); // the BucketDeployment handler
    for (const id of others) expect(watched.has(id)).toBe(false);
    expect(all.some((a) => JSON.stringify(a.props).includes('AWS/CloudFront'))).toBe(false);
  });

  test('the alarms are marked in the catalog registry, so ShopObservability reuses them', () => {
    const fn = shop.api.functions[0] as lambda.Function;
    const errors = findCatalogAlarm('lambda-error-rate', fn);
    expect(errors).toBeDefined();
    expect(shop.alarms).toContain(errors);
    expect(findCatalogAlarm('dynamodb-throttles', shop.table('catalog').table)).toBeDefined();
    expect(findCatalogAlarm('lambda-duration', fn)).toBeUndefined();
  });

  test('1 metric for the API, 3 per function, 2 per table: 9 alarm metrics here, within the 10 free', () => {
    const metrics = all.reduce((n, a) => n + metricCount(a.props), 0);
    expect(metrics).toBe(1 + 3 * shop.api.functions.length + 2 * shop.tables.length);
    expect(metrics).toBe(9);
  });
});

describe('ServerlessShop alarms with a REST API, two tables and an existing function', () => {
  const { shop, stack } = synthShop((s) => ({
    apiType: ShopApiType.REST,
    tables: [{ name: 'catalog' }, { name: 'orders' }],
    routes: [
      ...ROUTES,
      {
        route: 'GET /api/health',
        function: new lambda.Function(s, 'Health', {
          runtime: lambda.Runtime.NODEJS_22_X,
          handler: 'index.handler',
          code: INLINE,
        }),
      },
      {
        route: 'GET /api/orders',
        code: INLINE,
        tables: [{ table: 'orders', access: TableAccess.READ }],
      },
    ],
  }));

  test("the REST API's 5XX rate, each defined function's alarms (not the existing function's), both tables", () => {
    expect(kindsOf(shop)).toEqual({
      'rest-api-5xx': 1,
      'lambda-error-rate': 3,
      'lambda-throttles': 3,
      'dynamodb-throttles': 2,
    });
    const health = stack.node.findChild('Health') as lambda.Function;
    expect(findCatalogAlarm('lambda-error-rate', health)).toBeUndefined();
    const rest = alarms(stack).find((a) => a.id.includes('rest'))!;
    expect(rest.props.MetricName).toBe('5XXError');
    expect(dimensionRefs(rest.props).ApiName).toBeDefined();
  });
});

describe('ServerlessShop alarm ids', () => {
  test('below the shop: Alarms/<resource path below the shop>-<kind>', () => {
    const { shop } = synthShop();
    const ids = shop.alarms.map((a) => a.node.path);
    expect(ids).toContain('Shop/Shop/Alarms/Api-HttpApi-default-http-api-5xx');
    for (const id of ids) {
      expect(id).toMatch(
        /^Shop\/Shop\/Alarms\/(Api|Catalog|Tables?)[\w-]*-(http-api-5xx|lambda-error-rate|lambda-throttles|dynamodb-throttles)$/,
      );
    }
    expect(shop.alarms.every((a) => a instanceof cloudwatch.Alarm)).toBe(true);
  });
});
