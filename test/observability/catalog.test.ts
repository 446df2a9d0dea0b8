import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { catalogFixtures } from './catalog-fixtures';
import { ShopAlarmKind } from '../../src';
import { ALARM_CATALOG } from '../../src/observability/alarm-catalog';
import { thresholdText } from '../../src/observability/alarm-definition';
import { findCatalogAlarm, markCatalogAlarm } from '../../src/observability/catalog-alarm-registry';
import { createCatalogAlarms } from '../../src/observability/catalog-alarms';
import { MAX_EVALUATION_SECONDS } from '../../src/observability/observability-validation';
import { alarmStateOn } from '../helpers/alarm-evaluation';
import { checkAlarms } from '../helpers/alarm-publication-check';

function stackIn(region = 'us-east-1'): Stack {
  const app = new App({ context: { 'aws:cdk:disable-creation-stack-traces': true } });
  return new Stack(app, 'Shop', { env: { region, account: '111122223333' } });
}

/** The alarms of a stack by construct id suffix (`<label>-<kind>`). */
function alarmsByKind(template: any): { [kind: string]: any[] } {
  const out: { [kind: string]: any[] } = {};
  for (const [, r] of Object.entries<any>(template.Resources)) {
    if (r.Type !== 'AWS::CloudWatch::Alarm' || !r.Properties.AlarmDescription) continue;
    const kind = ALARM_CATALOG.find((d) => r.Properties.AlarmDescription.includes(`: ${d.title} `))!.id;
    (out[kind] ??= []).push(r.Properties);
  }
  return out;
}

describe('the catalog data', () => {
  test('ShopAlarmKind has one static per entry, with its id, and no other', () => {
    const statics = Object.entries(ShopAlarmKind)
      .filter(([, v]) => v instanceof ShopAlarmKind)
      .map(([name, v]) => [name, (v as ShopAlarmKind).id]);
    expect(statics.map(([, id]) => id).sort()).toEqual(ALARM_CATALOG.map((d) => d.id).sort());
    for (const [name, id] of statics) expect(name).toBe(id.toUpperCase().replace(/-/g, '_'));
    expect(new Set(ALARM_CATALOG.map((d) => d.id)).size).toBe(ALARM_CATALOG.length);
  });

  test.each(ALARM_CATALOG.map((d) => [d.id, d] as const))(
    '%s: a sound entry with its AWS source',
    (_id, d) => {
      expect(d.datapointsToAlarm).toBeGreaterThanOrEqual(1);
      expect(d.datapointsToAlarm).toBeLessThanOrEqual(d.evaluationPeriods);
      // CloudWatch evaluates at most 1 day with periods under an hour, 7 days with longer ones
      expect(d.evaluationPeriods * d.periodSeconds).toBeLessThanOrEqual(
        d.periodSeconds < 3600 ? MAX_EVALUATION_SECONDS : 7 * MAX_EVALUATION_SECONDS,
      );
      expect(d.source).toMatch(/^https:\/\/docs\.aws\.amazon\.com\//);
      expect(Boolean(d.metric) !== Boolean(d.expression)).toBe(true);
      if (d.unit === 'percent' && typeof d.threshold === 'number') expect(d.threshold).toBeLessThan(100);
      expect(d.why.length).toBeGreaterThan(20);
    },
  );

  test('the entries the issue names are there', () => {
    const ids = ALARM_CATALOG.map((d) => d.id);
    for (const id of [
      'alb-5xx-rate',
      'target-5xx-rate',
      'target-response-time-p99',
      'target-unhealthy-hosts',
      'ecs-cpu',
      'ecs-memory',
      'ecs-running-tasks',
      'ec2-status-check',
      'ec2-cpu',
      'rds-cpu',
      'rds-connections',
      'rds-free-storage',
      'rds-replica-lag',
      'cache-cpu',
      'cache-engine-cpu',
      'cache-memory',
      'cache-evictions',
      'sqs-message-age',
      'sqs-dead-letters',
      'lambda-error-rate',
      'lambda-throttles',
      'lambda-duration',
      'lambda-concurrency',
      'rest-api-5xx',
      'http-api-5xx',
      'dynamodb-throttles',
      'dynamodb-system-errors',
      'cloudfront-5xx-rate',
      'nat-port-allocation',
      'nat-packets-dropped',
    ]) {
      expect(ids).toContain(id);
    }
  });
});

describe('createCatalogAlarms on one resource of every kind', () => {
  const stack = stackIn();
  const made = createCatalogAlarms(stack, catalogFixtures(stack));
  const template = Template.fromStack(stack).toJSON();
  const byKind = alarmsByKind(template);

  test('every alarm can fire: 0 mismatches against what AWS publishes', () => {
    const report = checkAlarms([{ name: 'Shop', template, region: 'us-east-1' }]);
    expect(report.mismatches).toEqual([]);
    expect(report.alarms).toBe(made.length);
    expect(made.length).toBeGreaterThanOrEqual(40);
  });

  test('each kind applies where it should: per target group, per cache member, replicas, dead-letter queues', () => {
    expect(byKind['target-5xx-rate']).toHaveLength(2);
    expect(byKind['target-unhealthy-hosts']).toHaveLength(2);
    // the worker's minimum is 0: no running-tasks alarm for it
    expect(byKind['ecs-running-tasks']).toHaveLength(2);
    expect(byKind['ecs-cpu']).toHaveLength(3);
    expect(byKind['rds-replica-lag']).toHaveLength(1);
    expect(byKind['rds-cpu']).toHaveLength(2);
    expect(byKind['cache-cpu']).toHaveLength(2); // cache.t4g.small: 2 vCPUs
    expect(byKind['cache-engine-cpu']).toBeUndefined();
    expect(byKind['sqs-dead-letters']).toHaveLength(1);
    expect(byKind['sqs-message-age']).toHaveLength(1);
    expect(byKind['cloudfront-5xx-rate']).toHaveLength(1);
  });

  test('derived thresholds: max_connections, allocated storage, vCPUs, minimum tasks, timeout', () => {
    // PostgreSQL on 4 GiB: DBInstanceClassMemory = 4 GiB x 0.97 - 220 MiB (instance-facts.ts);
    // LEAST(3,935,431,557 / 9531392, 5000) = 412; 80 % = 329
    expect(byKind['rds-connections'][0].Threshold).toBe(329);
    expect(byKind['rds-free-storage'][0].Threshold).toBe(20 * 1024 ** 3 * 0.1);
    expect(byKind['cache-cpu'][0].Threshold).toBe(45);
    expect(byKind['ecs-running-tasks'][0].Threshold).toBe(2);
    expect(byKind['lambda-duration'][0].Threshold).toBe(27_000);
  });

  test('AWS recommendations: ECS CPU > 90 % 5 of 5, API Gateway 5XXError average > 0.05 3 of 3', () => {
    expect(byKind['ecs-cpu'][0]).toMatchObject({
      Threshold: 90,
      EvaluationPeriods: 5,
      DatapointsToAlarm: 5,
      ComparisonOperator: 'GreaterThanThreshold',
      Statistic: 'Average',
      Period: 60,
    });
    expect(byKind['rest-api-5xx'][0]).toMatchObject({
      Threshold: 0.05,
      EvaluationPeriods: 3,
      DatapointsToAlarm: 3,
      Statistic: 'Average',
    });
  });

  test('a node type of more than 2 vCPUs gets EngineCPUUtilization at 90 % instead', () => {
    const big = stackIn();
    createCatalogAlarms(big, catalogFixtures(big, { cacheNodeType: 'cache.r7g.xlarge' }));
    const kinds = alarmsByKind(Template.fromStack(big).toJSON());
    expect(kinds['cache-cpu']).toBeUndefined();
    expect(kinds['cache-engine-cpu'].map((p) => p.Threshold)).toEqual([90, 90]);
  });
});

describe('metric math on sample values', () => {
  const stack = stackIn();
  createCatalogAlarms(stack, catalogFixtures(stack));
  const byKind = alarmsByKind(Template.fromStack(stack).toJSON());
  const _ = undefined;

  test('ALB 5XX rate: its own 5XX added to the requests; under 20 requests a minute is 0', () => {
    const alb = byKind['alb-5xx-rate'][0];
    // 3 minutes of 100 requests with 10 of the load balancer's own 5XX: 10 / 110 = 9 %
    expect(alarmStateOn(alb, { requests: [100, 100, 100], errors: [10, 10, 10] })).toBe('ALARM');
    // no target at all: RequestCount has no point, every request is a 503
    expect(alarmStateOn(alb, { requests: [_, _, _], errors: [50, 50, 50] })).toBe('ALARM');
    expect(alarmStateOn(alb, { requests: [100, 100, 100], errors: [5, 5, 5] })).toBe('OK');
    expect(alarmStateOn(alb, { requests: [10, 10, 10], errors: [5, 5, 5] })).toBe('OK');
    expect(alarmStateOn(alb, { requests: [100, 100, 100], errors: [_, _, _] })).toBe('OK');
  });

  test('target 5XX rate and NAT drops as a percent of packets', () => {
    expect(alarmStateOn(byKind['target-5xx-rate'][0], { requests: [40, 40, 40], errors: [3, 3, 3] })).toBe(
      'ALARM',
    );
    expect(alarmStateOn(byKind['target-5xx-rate'][0], { requests: [40, 40, 40], errors: [3, _, 3] })).toBe(
      'OK',
    );
    const nat = byKind['nat-packets-dropped'][0];
    const packets = {
      fromSource: [50_000, 50_000, 50_000, 50_000, 50_000],
      fromDestination: [50_000, 50_000, 50_000, 50_000, 50_000],
    };
    expect(alarmStateOn(nat, { ...packets, dropped: [20, 20, 20, 20, 20] })).toBe('ALARM');
    expect(alarmStateOn(nat, { ...packets, dropped: [5, 5, 5, 5, 5] })).toBe('OK');
  });
});

describe('overrides, regions, unknown facts and the registry', () => {
  test('an override changes threshold and periods; enabled: false removes the kind', () => {
    const stack = stackIn();
    createCatalogAlarms(stack, catalogFixtures(stack), [
      { kind: ShopAlarmKind.ECS_CPU, threshold: 75, evaluationPeriods: 10 },
      { kind: ShopAlarmKind.EC2_CPU, enabled: false },
    ]);
    const kinds = alarmsByKind(Template.fromStack(stack).toJSON());
    expect(kinds['ecs-cpu'].map((p) => [p.Threshold, p.EvaluationPeriods, p.DatapointsToAlarm])).toEqual([
      [75, 10, 10],
      [75, 10, 10],
      [75, 10, 10],
    ]);
    expect(kinds['ec2-cpu']).toBeUndefined();
    expect(kinds['ec2-status-check']).toHaveLength(1);
  });

  test('CloudFront outside us-east-1: no alarm that cannot fire, a warning instead', () => {
    const stack = stackIn('eu-west-1');
    createCatalogAlarms(stack, catalogFixtures(stack));
    expect(alarmsByKind(Template.fromStack(stack).toJSON())['cloudfront-5xx-rate']).toBeUndefined();
    Annotations.fromStack(stack).hasWarning(
      '/Shop',
      Match.stringLikeRegexp('Distribution: no alarms: its metrics are published in us-east-1 only'),
    );
  });

  test('CloudFront in an environment-agnostic stack (region unknown): left out with the warning too', () => {
    const app = new App();
    const stack = new Stack(app, 'Shop');
    createCatalogAlarms(stack, catalogFixtures(stack));
    expect(alarmsByKind(Template.fromStack(stack).toJSON())['cloudfront-5xx-rate']).toBeUndefined();
    Annotations.fromStack(stack).hasWarning('/Shop', Match.stringLikeRegexp('Distribution: no alarms'));
  });

  test('an unknown instance class: no connections alarm, a warning naming the override', () => {
    const stack = stackIn();
    createCatalogAlarms(stack, catalogFixtures(stack, { instanceClass: 'db.z9.huge' }));
    expect(alarmsByKind(Template.fromStack(stack).toJSON())['rds-connections']).toHaveLength(1);
    Annotations.fromStack(stack).hasWarning(
      '/Shop',
      Match.stringLikeRegexp("Database: no 'rds-connections' alarm.*ShopAlarmKind.RDS_CONNECTIONS"),
    );
  });

  test('an alarm a shop marked is used, not defined again', () => {
    const stack = stackIn();
    const resources = catalogFixtures(stack);
    const queue = resources.find((r) => r.label === 'WorkQueueDlq')!;
    const own = new cloudwatch.Alarm(stack, 'OwnDlqAlarm', {
      metric: new cloudwatch.Metric({
        namespace: 'AWS/SQS',
        metricName: 'ApproximateNumberOfMessagesVisible',
        dimensionsMap: queue.dimensions,
        statistic: 'Maximum',
      }),
      threshold: 0,
      evaluationPeriods: 1,
    });
    markCatalogAlarm(own, 'sqs-dead-letters', queue.resource);
    expect(findCatalogAlarm('sqs-dead-letters', queue)).toBe(own);
    const made = createCatalogAlarms(stack, resources);
    const dlq = made.filter((m) => m.definition.id === 'sqs-dead-letters');
    expect(dlq.map((m) => [m.alarm, m.reused])).toEqual([[own, true]]);
    expect(alarmsByKind(Template.fromStack(stack).toJSON())['sqs-dead-letters']).toBeUndefined();
  });

  test('thresholdText renders units and derivation rules', () => {
    const byId = (id: string) => ALARM_CATALOG.find((d) => d.id === id)!;
    expect(thresholdText(byId('ecs-cpu'))).toBe('90 %');
    expect(thresholdText(byId('rds-connections'))).toMatch(/80 % of the engine's default max_connections/);
  });
});
