import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import {
  FargateShop,
  FargateShopPreset,
  FargateShopProps,
  ShopAlarmKind,
  ShopDeploymentStrategy,
  ShopImage,
  ShopObservability,
} from '../../src';
import { alarmSeries, alarmState, alarmStateOn } from '../helpers/alarm-evaluation';
import { evaluateSeries, Series } from '../helpers/metric-math';

/*
 * Metric math on sample values: the evaluator itself (series semantics of "Using metric math",
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/using-metric-math.html), then
 * the expressions the library synthesizes: FargateShop's deployment alarms (a 5XX rate that is
 * 0 under 20 requests a minute, blue and green summed, unhealthy hosts over every group) and the
 * worker's backlog per task.
 */

const _ = undefined;

describe('the metric math evaluator on series', () => {
  const range = { length: 4, periodSeconds: { a: 60, b: 60 } };
  test.each<[string, Record<string, Series>, unknown]>([
    ['a + b: a point missing in either is missing', { a: [1, 2, _, 4], b: [10, _, 30, 40] }, [11, _, _, 44]],
    ['a / b: no point for a division by zero', { a: [1, 2, 3, 4], b: [1, 0, 3, 0] }, [1, _, 1, _]],
    ['a >= 2: comparisons are 1 or 0', { a: [1, 2, 3, _] }, [0, 1, 1, _]],
    ['a > 1 AND b < 3', { a: [1, 2, 3, 4], b: [1, 2, 3, 4] }, [0, 1, 0, 0]],
    ['a > 3 || b == 1', { a: [1, 2, 3, 4], b: [1, 2, 3, 4] }, [1, 0, 0, 1]],
    ['NOT a', { a: [0, 2, _, 0] }, [1, 0, _, 1]],
    ['IF(a > 2, a, 0)', { a: [1, 3, _, 5] }, [0, 3, _, 5]],
    ['IF(a > 2, a): no point where false without a falseValue', { a: [1, 3, _, 5] }, [_, 3, _, 5]],
    ['IF(a > 2, b, a)', { a: [1, 3, 1, 5], b: [7, 8, _, _] }, [1, 8, 1, _]],
    ['FILL(a, 0)', { a: [_, 2, _, 4] }, [0, 2, 0, 4]],
    ['FILL(a, REPEAT)', { a: [_, 2, _, 4] }, [_, 2, 2, 4]],
    ['FILL(a, LINEAR)', { a: [2, _, _, 8] }, [2, 4, 6, 8]],
    [
      'MAX([a, b]): point by point over the series present',
      { a: [1, 5, _, _], b: [2, 3, 4, _] },
      [2, 5, 4, _],
    ],
    ['SUM([a, b])', { a: [1, 5, _, _], b: [2, 3, 4, _] }, [3, 8, 4, _]],
    ['AVG([a, b])', { a: [1, 5, _, _], b: [3, 3, 4, _] }, [2, 4, 4, _]],
    ['MIN([a, b])', { a: [1, 5, _, _], b: [3, 3, 4, _] }, [1, 3, 4, _]],
    ['SUM(a): one series gives the scalar over the range', { a: [1, 2, _, 4] }, 7],
    ['MAX(a)', { a: [1, 9, _, 4] }, 9],
    ['AVG(a)', { a: [1, 2, _, 3] }, 2],
    ['a / MAX(a): a scalar stands at every point', { a: [1, 2, _, 4] }, [0.25, 0.5, _, 1]],
    ['RATE(a): change per second', { a: [60, 120, 240, _] }, [_, 1, 2, _]],
    ['DIFF(a)', { a: [60, 120, 240, _] }, [_, 60, 120, _]],
    ['a / PERIOD(a)', { a: [60, 120, 240, _] }, [1, 2, 4, _]],
    ['ABS(-a) + CEIL(b / 4) - FLOOR(b / 4)', { a: [1, 2, 3, 4], b: [4, 5, 6, 8] }, [1, 3, 4, 4]],
    ['-a ^ 2: power before unary minus', { a: [1, 2, 3, 4] }, [-1, -4, -9, -16]],
  ])('%s', (description, values, expected) => {
    const expression = description.split(':')[0];
    expect(evaluateSeries(expression, values, range)).toEqual(expected);
  });

  test.each<[string, RegExp]>([
    ['ANOMALY_DETECTION_BAND(a, 2)', /function ANOMALY_DETECTION_BAND is not implemented/],
    ['IF(a)', /IF takes 2-3 arguments/],
    ['FILL(a, b)', /FILL with a series value is not implemented/],
    ['MAX([a, b)', /expected '\]' at token 5/],
    ['MAX([a, b]', /missing '\)'/],
    ['c + 1', /'c' is not a query/],
    ['RATE(a + 1)', /PERIOD and RATE need a query id/],
  ])('%s is refused', (expression, message) => {
    expect(() => evaluateSeries(expression, { a: [1], b: [2] }, { length: 1 })).toThrow(message);
  });
});

describe('alarm evaluation', () => {
  const alarm = (extra: object) => ({
    MetricName: 'm',
    ComparisonOperator: 'GreaterThanThreshold',
    Threshold: 5,
    EvaluationPeriods: 3,
    ...extra,
  });
  test.each<[string, object, Series, string]>([
    ['3 of 3 breaching', {}, [6, 7, 8], 'ALARM'],
    ['2 of 3 breaching', {}, [6, 1, 8], 'OK'],
    ['2 of 3 with DatapointsToAlarm 2', { DatapointsToAlarm: 2 }, [6, 1, 8], 'ALARM'],
    ['the threshold itself does not breach >', {}, [5, 5, 5], 'OK'],
    [
      'the threshold breaches >=',
      { ComparisonOperator: 'GreaterThanOrEqualToThreshold' },
      [5, 5, 5],
      'ALARM',
    ],
    ['no data, notBreaching', { TreatMissingData: 'notBreaching' }, [_, _, _], 'OK'],
    ['no data, breaching', { TreatMissingData: 'breaching' }, [_, _, _], 'ALARM'],
    ['no data, ignore', { TreatMissingData: 'ignore' }, [_, _, _], 'UNCHANGED'],
    ['no data, missing', {}, [_, _, _], 'INSUFFICIENT_DATA'],
    ['only the last points count', {}, [9, 9, 9, 1], 'OK'],
  ])('%s', (_name, extra, series, state) => {
    expect(alarmStateOn(alarm(extra), { m: series })).toBe(state);
  });
});

/** The synthesized alarms and scaling policies of a FargateShop, by construct id (`Shop<part><hash>`). */
function shopAlarms(props: Partial<FargateShopProps> = {}): (part: string) => any {
  const app = new App({ context: { 'aws:cdk:disable-creation-stack-traces': true } });
  const stack = new Stack(app, 'Stack', { env: { region: 'us-east-1' } });
  new FargateShop(stack, 'Shop', {
    storefront: { image: ShopImage.fromRegistry('ghcr.io/acme/storefront:1.4.2') },
    backend: { image: ShopImage.fromRegistry('ghcr.io/acme/medusa:1.4.2') },
    ...props,
  });
  const resources = app.synth().getStackByName(stack.stackName).template.Resources;
  return (part) => {
    const found = Object.entries<any>(resources).filter(
      ([id, r]) => new RegExp(`^Shop${part}[0-9A-F]{8}$`).test(id) && /Alarm|ScalingPolicy/.test(r.Type),
    );
    if (found.length !== 1) {
      throw new Error(`expected one alarm or policy with '${part}', found ${found.length}`);
    }
    return found[0][1].Properties;
  };
}

describe("FargateShop's deployment alarms on sample values", () => {
  const alarms = shopAlarms();
  const rate = alarms('backendTarget5xxRate');

  test.each<[string, Series, Series, Series, string]>([
    // requests, errors, the rate CloudWatch computes, the state
    ['10 % of 100 requests for 3 minutes', [100, 100, 100], [10, 10, 10], [10, 10, 10], 'ALARM'],
    ['exactly 20 requests count: 2 errors are 10 %', [20, 20, 20], [2, 2, 2], [10, 10, 10], 'ALARM'],
    ['under 20 requests the rate is 0, however many fail', [19, 10, 19], [19, 10, 19], [0, 0, 0], 'OK'],
    ['no 5XX data point (no errors) is a 0 % rate', [100, 100, 100], [_, _, _], [0, 0, 0], 'OK'],
    ['one quiet minute in three does not roll back', [100, 5, 100], [50, 5, 50], [50, 0, 50], 'OK'],
    ['5 % is not more than 5 %', [100, 100, 100], [5, 5, 5], [5, 5, 5], 'OK'],
    ['no requests at all: no data, not breaching', [_, _, _], [_, _, _], [_, _, _], 'OK'],
  ])('%s', (_name, requests, errors, expected, state) => {
    const series = alarmSeries(rate, { requests, errors });
    expect(series.map((v) => (v === undefined ? v : Math.round(v * 1000) / 1000))).toEqual(expected);
    expect(alarmState(rate, series)).toBe(state);
  });

  test('the unhealthy hosts alarm fires on one unhealthy target for 3 minutes', () => {
    const unhealthy = alarms('backendUnhealthyHosts');
    expect(alarmStateOn(unhealthy, { UnHealthyHostCount: [1, 1, 1] })).toBe('ALARM');
    expect(alarmStateOn(unhealthy, { UnHealthyHostCount: [1, 0, 1] })).toBe('OK');
    expect(alarmStateOn(unhealthy, { UnHealthyHostCount: [_, _, _] })).toBe('OK');
  });
});

describe('blue/green deployment alarms sum blue and green', () => {
  const alarms = shopAlarms({ deploymentStrategy: ShopDeploymentStrategy.blueGreen() });
  const rate = alarms('backendTarget5xxRate');
  const samples = (blueRequests: Series, blueErrors: Series, greenRequests: Series, greenErrors: Series) => ({
    blueRequests,
    blueErrors,
    greenRequests,
    greenErrors,
  });

  test.each<[string, ReturnType<typeof samples>, Series, string]>([
    [
      'green failing while blue is healthy: 20 of 200',
      samples([100, 100, 100], [0, 0, 0], [100, 100, 100], [20, 20, 20]),
      [10, 10, 10],
      'ALARM',
    ],
    [
      'all traffic on green (blue has no data)',
      samples([_, _, _], [_, _, _], [50, 50, 50], [5, 5, 5]),
      [10, 10, 10],
      'ALARM',
    ],
    [
      'all traffic on blue, no errors anywhere',
      samples([50, 50, 50], [_, _, _], [_, _, _], [_, _, _]),
      [0, 0, 0],
      'OK',
    ],
    [
      '10 + 10 requests reach the minimum together',
      samples([10, 10, 10], [1, 1, 1], [10, 10, 10], [1, 1, 1]),
      [10, 10, 10],
      'ALARM',
    ],
    ['no traffic on either', samples([_, _, _], [_, _, _], [_, _, _], [_, _, _]), [0, 0, 0], 'OK'],
  ])('%s', (_name, values, expected, state) => {
    const series = alarmSeries(rate, values);
    expect(series).toEqual(expected);
    expect(alarmState(rate, series)).toBe(state);
  });

  test('unhealthy hosts: the most unhealthy of every blue and green group', () => {
    const unhealthy = alarms('backendUnhealthyHosts');
    const ids = unhealthy.Metrics.filter((m: any) => m.MetricStat).map((m: any) => m.Id);
    expect(ids.length).toBeGreaterThanOrEqual(2);
    const only = (i: number, value: Series) =>
      Object.fromEntries(ids.map((id: string, j: number) => [id, j === i ? value : [_, _, _]]));
    expect(alarmSeries(unhealthy, only(ids.length - 1, [2, 1, 1]))).toEqual([2, 1, 1]);
    expect(alarmStateOn(unhealthy, only(ids.length - 1, [2, 1, 1]))).toBe('ALARM');
    expect(alarmStateOn(unhealthy, only(0, [0, 0, 0]))).toBe('OK');
    expect(alarmSeries(unhealthy, only(0, [_, _, _]))).toEqual([0, 0, 0]);
  });
});

describe("the worker's backlog per task", () => {
  const policy = shopAlarms({ worker: {}, preset: FargateShopPreset.HIGHLY_AVAILABLE })(
    'WorkerQueueServiceBacklogPerTask',
  );
  const queries = policy.TargetTrackingScalingPolicyConfiguration.CustomizedMetricSpecification.Metrics;
  const spec = { Metrics: queries, EvaluationPeriods: 1 };

  test.each<[string, Series, Series, Series]>([
    ['1000 visible over 4 tasks', [1000], [4], [250]],
    ['an empty queue', [0], [2], [0]],
    ['no running task: no value (target tracking waits)', [500], [_], [_]],
    ['over a range, point by point', [100, 300, 900], [1, 3, 3], [100, 100, 300]],
  ])('%s', (_name, visible, tasks, expected) => {
    expect(alarmSeries(spec, { visible, tasks })).toEqual(expected);
  });
});

describe("ShopObservability's rates on sample values", () => {
  /** The synthesized properties of the first alarm of `kind` a ShopObservability made in `stack`. */
  const alarmProperties = (stack: Stack, observability: ShopObservability, kind: ShopAlarmKind) => {
    const alarms = observability.alarmsOf(kind);
    if (alarms.length === 0) throw new Error(`no alarm of ${kind.id}`);
    const id = stack.resolve((alarms[0].node.defaultChild as cloudwatch.CfnAlarm).logicalId);
    return Template.fromStack(stack).toJSON().Resources[id].Properties;
  };
  const app = new App({ context: { 'aws:cdk:disable-creation-stack-traces': true } });
  const shopStack = new Stack(app, 'Shop', { env: { region: 'us-east-1', account: '111122223333' } });
  const shop = new FargateShop(shopStack, 'Shop', {
    storefront: { image: ShopImage.fromRegistry('ghcr.io/acme/storefront:1.4.2') },
    backend: { image: ShopImage.fromRegistry('ghcr.io/acme/medusa:1.4.2') },
  });
  const shopObservability = new ShopObservability(shopStack, 'Observability', { shop });
  const fnStack = new Stack(app, 'Functions', { env: { region: 'us-east-1', account: '111122223333' } });
  new lambda.Function(fnStack, 'Handler', {
    runtime: lambda.Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async () => 1;'),
  });
  new dynamodb.TableV2(fnStack, 'Orders', {
    partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING },
  });
  const fnObservability = new ShopObservability(fnStack, 'Observability', { alarmEmail: 'ops@example.com' });

  describe('the load balancer 5XX rate counts its own 5XX answers to requests it could not route', () => {
    const alarm = alarmProperties(shopStack, shopObservability, ShopAlarmKind.ALB_5XX_RATE);
    test.each<[string, Series, Series, Series, string]>([
      // requests, the load balancer's 5XX, the rate, the state
      ['10 errors beside 100 routed requests', [100, 100, 100], [10, 10, 10], [9.091, 9.091, 9.091], 'ALARM'],
      [
        'no target at all: every request a 503, RequestCount has no data',
        [_, _, _],
        [30, 30, 30],
        [100, 100, 100],
        'ALARM',
      ],
      ['under 20 requests and errors together: not counted', [10, 10, 10], [5, 5, 5], [0, 0, 0], 'OK'],
      ['no traffic: 0 %', [_, _, _], [_, _, _], [0, 0, 0], 'OK'],
      ['one bad minute in three', [100, 100, 100], [0, 50, 0], [0, 33.333, 0], 'OK'],
    ])('%s', (_name, requests, errors, expected, state) => {
      const series = alarmSeries(alarm, { requests, errors });
      expect(series.map((v) => (v === undefined ? v : Math.round(v * 1000) / 1000))).toEqual(expected);
      expect(alarmState(alarm, series)).toBe(state);
    });
  });

  test('the Lambda error rate: errors over invocations, no data without invocations', () => {
    const alarm = alarmProperties(fnStack, fnObservability, ShopAlarmKind.LAMBDA_ERROR_RATE);
    expect(alarmSeries(alarm, { errors: [1, 5, _], invocations: [100, 10, 10] })).toEqual([1, 50, 0]);
    expect(alarmStateOn(alarm, { errors: [50, 50, 50], invocations: [100, 100, 100] })).toBe('ALARM');
    expect(alarmStateOn(alarm, { errors: [_, _, _], invocations: [100, 100, 100] })).toBe('OK');
    expect(alarmSeries(alarm, { errors: [_, _, _], invocations: [_, _, _] })).toEqual([_, _, _]);
  });

  test('DynamoDB throttles: read and write throttles summed, either may be missing', () => {
    const alarm = alarmProperties(fnStack, fnObservability, ShopAlarmKind.DYNAMODB_THROTTLES);
    expect(alarmSeries(alarm, { reads: [_, 2, 1, _, _], writes: [3, _, 1, _, _] })).toEqual([3, 2, 2, 0, 0]);
    expect(alarmStateOn(alarm, { reads: [1, 1, 1, 1, 1], writes: [_, _, _, _, _] })).toBe(
      Number(alarm.Threshold) < 1 ? 'ALARM' : 'OK',
    );
    expect(alarmStateOn(alarm, { reads: [_, _, _, _, _], writes: [_, _, _, _, _] })).toBe('OK');
  });
});
