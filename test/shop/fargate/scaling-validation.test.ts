import { Duration, Token } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import { serviceStack } from './scaling-fixture';
import { ServiceScaling } from '../../../src';
import { applyServiceScaling } from '../../../src/shop/fargate/scaling';

const sched = (name: string, min?: number, max?: number) => ({
  name,
  schedule: appscaling.Schedule.rate(Duration.hours(1)),
  minCapacity: min,
  maxCapacity: max,
});

describe('applyServiceScaling bad input', () => {
  test.each<[string, number, number, ServiceScaling, boolean, string, RegExp]>([
    ['min above max', 5, 2, {}, true, 'backendService.minCapacity', /is 5, above maxCapacity 2/],
    ['negative min', -1, 2, {}, true, 'backendService.minCapacity', /not a whole number of at least 0/],
    ['fractional min', 1.5, 2, {}, true, 'backendService.minCapacity', /is 1.5/],
    ['max 0', 0, 0, {}, true, 'backendService.maxCapacity', /not a whole number of at least 1/],
    ['max a token', 1, Token.asNumber({ Ref: 'Max' }), {}, true, 'backendService.maxCapacity', /is a token/],
    ['cpu 0 %', 1, 2, { cpuPercent: 0 }, true, 'backendService.scaling.cpuPercent', /is 0, outside 1 to 100/],
    ['cpu 101 %', 1, 2, { cpuPercent: 101 }, true, 'backendService.scaling.cpuPercent', /outside 1 to 100/],
    [
      'memory 0.5 %',
      1,
      2,
      { memoryPercent: 0.5 },
      true,
      'backendService.scaling.memoryPercent',
      /outside 1 to 100/,
    ],
    [
      'memory NaN',
      1,
      2,
      { memoryPercent: NaN },
      true,
      'backendService.scaling.memoryPercent',
      /outside 1 to 100/,
    ],
    [
      'requests 0',
      1,
      2,
      { requestsPerTargetPerMinute: 0 },
      true,
      'backendService.scaling.requestsPerTargetPerMinute',
      /at least 1/,
    ],
    [
      'requests 1.5',
      1,
      2,
      { requestsPerTargetPerMinute: 1.5 },
      true,
      'backendService.scaling.requestsPerTargetPerMinute',
      /not a whole number/,
    ],
    [
      'requests on an internal service',
      1,
      2,
      { requestsPerTargetPerMinute: 100 },
      false,
      'backendService.scaling.requestsPerTargetPerMinute',
      /no target group \(public: false\)/,
    ],
    [
      'cooldown in ms',
      1,
      2,
      { scaleInCooldown: Duration.millis(1500) },
      true,
      'backendService.scaling.scaleInCooldown',
      /not a whole number of seconds/,
    ],
    [
      'cooldown a token',
      1,
      2,
      { scaleOutCooldown: Duration.seconds(Token.asNumber({ Ref: 'C' })) },
      true,
      'backendService.scaling.scaleOutCooldown',
      /is a token/,
    ],
    [
      'schedule name with a space',
      1,
      2,
      { schedules: [sched('shop hours', 2)] },
      true,
      'backendService.scaling.schedules[0].name',
      /not 1 to 64 letters/,
    ],
    [
      'schedule name empty',
      1,
      2,
      { schedules: [sched('', 2)] },
      true,
      'backendService.scaling.schedules[0].name',
      /not 1 to 64 letters/,
    ],
    [
      'two schedules one name',
      1,
      2,
      { schedules: [sched('a', 2), sched('a', 1)] },
      true,
      'backendService.scaling.schedules[1].name',
      /'a' names two schedules/,
    ],
    [
      'schedule without bounds',
      1,
      2,
      { schedules: [sched('a')] },
      true,
      'backendService.scaling.schedules[0]',
      /changes neither/,
    ],
    [
      'schedule min above its max',
      1,
      2,
      { schedules: [sched('a', 4, 3)] },
      true,
      'backendService.scaling.schedules[0].minCapacity',
      /above the schedule's maxCapacity 3/,
    ],
    [
      'schedule max 0',
      1,
      2,
      { schedules: [sched('a', undefined, 0)] },
      true,
      'backendService.scaling.schedules[0].maxCapacity',
      /at least 1/,
    ],
  ])('%s', (_name, minCapacity, maxCapacity, scaling, withTargetGroup, prop, problem) => {
    const { shop, service, targetGroup } = serviceStack(withTargetGroup);
    const run = () =>
      applyServiceScaling(shop, service, {
        minCapacity,
        maxCapacity,
        scaling,
        targetGroup,
        prop: 'backendService',
      });
    const escaped = prop.replace(/[.[\]]/g, (c) => `\\${c}`);
    expect(run).toThrow(new RegExp(`^Stack/Shop: invalid '${escaped}': `));
    expect(run).toThrow(problem);
  });

  test.each<[string, number, number, ServiceScaling]>([
    ['min 0 (scale to zero)', 0, 1, {}],
    ['percentages at 1 and 100', 1, 2, { cpuPercent: 1, memoryPercent: 100 }],
    ['a fractional percentage', 1, 2, { cpuPercent: 62.5 }],
    ['cooldown 0 s', 1, 2, { scaleInCooldown: Duration.seconds(0), scaleOutCooldown: Duration.minutes(2) }],
    ['a 64-character schedule name', 1, 2, { schedules: [sched('a'.repeat(64), 1)] }],
    ['schedule with min == max', 1, 2, { schedules: [sched('peak', 3, 3)] }],
    ['one request a minute', 1, 2, { requestsPerTargetPerMinute: 1 }],
  ])('accepts %s', (_name, minCapacity, maxCapacity, scaling) => {
    const { stack, shop, service, targetGroup } = serviceStack();
    applyServiceScaling(shop, service, {
      minCapacity,
      maxCapacity,
      scaling,
      targetGroup,
      prop: 'backendService',
    });
    Template.fromStack(stack).resourceCountIs('AWS::ApplicationAutoScaling::ScalableTarget', 1);
  });

  test('the scaling prop may be given instead of the settings prop: the fields are named the same', () => {
    const { shop, service, targetGroup } = serviceStack();
    const request = { minCapacity: 3, maxCapacity: 2, scaling: {}, targetGroup };
    expect(() => applyServiceScaling(shop, service, { ...request, prop: 'backendService.scaling' })).toThrow(
      /^Stack\/Shop: invalid 'backendService\.minCapacity': /,
    );
    const { shop: shop2, service: service2, targetGroup: tg2 } = serviceStack();
    expect(() =>
      applyServiceScaling(shop2, service2, {
        minCapacity: 1,
        maxCapacity: 2,
        scaling: { cpuPercent: 0 },
        targetGroup: tg2,
        prop: 'services[1].scaling',
      }),
    ).toThrow(/^Stack\/Shop: invalid 'services\[1\]\.scaling\.cpuPercent': /);
  });
});
