import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { ShopObservability } from '../../src';

/** ShopObservability's `uptime` prop: off without a URL, on with `uptime.url`, off when disabled. */
describe('ShopObservability uptime', () => {
  const stack = () => new Stack(new App(), 'Stack');

  test('no shop and no uptime.url: no canary', () => {
    const s = stack();
    const o = new ShopObservability(s, 'Observability', { dashboard: { enabled: false } });
    expect(o.canaries).toEqual([]);
    expect(o.uptimeAlarms).toEqual([]);
    Template.fromStack(s).resourceCountIs('AWS::Synthetics::Canary', 0);
  });

  test('uptime.url on any scope: one canary whose alarm notifies the topic and makes the shop-down composite', () => {
    const s = stack();
    const o = new ShopObservability(s, 'Observability', {
      uptime: { url: 'https://shop.example.com' },
      dashboard: { enabled: false },
    });
    expect(o.canaries).toHaveLength(1);
    const t = Template.fromStack(s);
    const topicId = s.getLogicalId(o.topic.node.defaultChild as any);
    const alarmId = s.getLogicalId(o.uptimeAlarms[0].node.defaultChild as any);
    t.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'SuccessPercent',
      AlarmActions: [{ Ref: topicId }],
    });
    const rule = JSON.stringify(s.resolve((o.shopDownAlarm!.node.defaultChild as any).alarmRule));
    expect(rule).toContain(alarmId);
  });

  test('enabled: false with a URL: no canary', () => {
    const s = stack();
    const o = new ShopObservability(s, 'Observability', {
      uptime: { url: 'https://shop.example.com', enabled: false },
      dashboard: { enabled: false },
    });
    expect(o.canaries).toEqual([]);
    expect(o.shopDownAlarm).toBeUndefined();
  });

  test('bad uptime options fail under the construct path', () => {
    const s = stack();
    expect(() => new ShopObservability(s, 'Observability', { uptime: { enabled: true } })).toThrow(
      /^Stack\/Observability: invalid 'uptime\.enabled'/,
    );
  });
});
