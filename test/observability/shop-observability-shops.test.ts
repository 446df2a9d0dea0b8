import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import {
  FargateShop,
  FargateShopPreset,
  ShopAlarmKind,
  ShopImage,
  ShopObservability,
  SingleHostShop,
} from '../../src';
import { ALARM_CATALOG } from '../../src/observability/alarm-catalog';

/*
 * ShopObservability on real shops: the resources discovery finds, the catalog's alarms of each,
 * the composites and the topic.
 */

const IMAGES = {
  storefront: { image: ShopImage.fromRegistry('ghcr.io/acme/storefront:1.4.2') },
  backend: { image: ShopImage.fromRegistry('ghcr.io/acme/medusa:1.4.2') },
};

function stack(): Stack {
  const app = new App({ context: { 'aws:cdk:disable-creation-stack-traces': true } });
  return new Stack(app, 'Shop', { env: { region: 'eu-west-1', account: '111122223333' } });
}

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

const logicalId = (s: Stack, alarm: cloudwatch.Alarm) =>
  s.getLogicalId(alarm.node.defaultChild as cloudwatch.CfnAlarm);

describe('ShopObservability on a FargateShop', () => {
  const s = stack();
  const shop = new FargateShop(s, 'Shop', IMAGES);
  const o = new ShopObservability(s, 'Observability', { shop, dashboard: { enabled: false } });

  test("the catalog's alarms of every resource the shop has, on the shop's topic", () => {
    expect(kinds(o)).toMatchObject({
      'alb-5xx-rate': 1,
      'target-5xx-rate': 2, // storefront and backend
      'target-unhealthy-hosts': 2,
      'ecs-cpu': 2,
      'ecs-running-tasks': 2,
      'rds-cpu': 1,
      'rds-connections': 1,
      'rds-free-storage': 1,
    });
    expect(kinds(o)['rds-replica-lag']).toBeUndefined();
    expect(o.topic).toBe(shop.alarmTopic);
    // db.t4g.micro PostgreSQL: DBInstanceClassMemory = 1 GiB x 0.97 - 220 MiB (instance-facts.ts),
    // LEAST(810,842,849 / 9531392, 5000) = 85, 80 % = 68
    expect(
      s.resolve(
        (o.alarmsOf(ShopAlarmKind.RDS_CONNECTIONS)[0].node.defaultChild as cloudwatch.CfnAlarm).threshold,
      ),
    ).toBe(68);
  });

  test('shop is down = the load balancer 5XX rate or the uptime canary; the app composite covers every app alarm', () => {
    expect(operands(s, o.shopDownAlarm!)).toEqual(
      [...o.alarmsOf(ShopAlarmKind.ALB_5XX_RATE), ...o.uptimeAlarms].map((a) => logicalId(s, a)),
    );
    expect(o.uptimeAlarms).toHaveLength(1);
    const app = operands(s, o.appAlarm!);
    for (const a of o.alarmsOf(ShopAlarmKind.ECS_MEMORY)) expect(app).toContain(logicalId(s, a));
    expect(operands(s, o.dataAlarm!)).toContain(logicalId(s, o.alarmsOf(ShopAlarmKind.RDS_CPU)[0]));
    expect(o.edgeAlarm).toBeUndefined();
  });
});

describe('ShopObservability on a FargateShop HIGHLY_AVAILABLE', () => {
  test('read replicas get replica lag; the cache its member nodes', () => {
    const s = stack();
    const shop = new FargateShop(s, 'Shop', {
      ...IMAGES,
      preset: FargateShopPreset.HIGHLY_AVAILABLE,
      databaseReadReplicas: 2,
    });
    const o = new ShopObservability(s, 'Observability', { shop, dashboard: { enabled: false } });
    expect(kinds(o)['rds-replica-lag']).toBe(2);
    expect(kinds(o)['rds-cpu']).toBe(3);
    // a primary and a replica: two member clusters, one alarm each
    const cacheKinds = ['cache-cpu', 'cache-engine-cpu'].map((k) => kinds(o)[k] ?? 0);
    expect(cacheKinds.reduce((a, b) => a + b, 0)).toBe(2);
    expect(kinds(o)['cache-memory']).toBe(2);
  });
});

describe('ShopObservability on a SingleHostShop', () => {
  const s = stack();
  const shop = new SingleHostShop(s, 'Shop', { ...IMAGES, alarmEmail: 'ops@example.com' });
  const o = new ShopObservability(s, 'Observability', { shop, dashboard: { enabled: false } });

  test('the host: status check and CPU at 5-minute basic monitoring', () => {
    expect(kinds(o)).toMatchObject({ 'ec2-status-check': 1, 'ec2-cpu': 1 });
    const cpu = o.alarmsOf(ShopAlarmKind.EC2_CPU)[0].node.defaultChild as cloudwatch.CfnAlarm;
    expect(cpu.period).toBe(300);
  });

  test('nothing in front of the host: shop is down when it fails its status check or the uptime canary fails', () => {
    expect(operands(s, o.shopDownAlarm!)).toEqual(
      [...o.alarmsOf(ShopAlarmKind.EC2_STATUS_CHECK), ...o.uptimeAlarms].map((a) => logicalId(s, a)),
    );
    expect(o.uptimeAlarms).toHaveLength(1);
  });

  test("the shop's topic, no second e-mail subscription", () => {
    expect(o.topic).toBe(shop.alarmTopic);
    Template.fromStack(s).resourceCountIs('AWS::SNS::Subscription', 1);
  });
});
