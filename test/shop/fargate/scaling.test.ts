import { Duration, TimeZone } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { serviceStack } from './scaling-fixture';
import { ServiceScaling } from '../../../src';
import { applyServiceScaling } from '../../../src/shop/fargate/scaling';

function policies(template: Template): { [name: string]: any } {
  const found = template.findResources('AWS::ApplicationAutoScaling::ScalingPolicy');
  return Object.fromEntries(
    Object.values(found).map((r) => [
      r.Properties.TargetTrackingScalingPolicyConfiguration.PredefinedMetricSpecification
        .PredefinedMetricType,
      r.Properties,
    ]),
  );
}

describe('applyServiceScaling', () => {
  test('defaults: CPU 70 %, memory 80 %, 1000 requests a minute per target, cooldowns 300 s in / 60 s out', () => {
    const { stack, shop, service, loadBalancer, targetGroup } = serviceStack();
    applyServiceScaling(shop, service, {
      minCapacity: 2,
      maxCapacity: 20,
      scaling: {},
      targetGroup,
      prop: 'backendService',
    });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::ApplicationAutoScaling::ScalableTarget', 1);
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
      MinCapacity: 2,
      MaxCapacity: 20,
      ScalableDimension: 'ecs:service:DesiredCount',
      ServiceNamespace: 'ecs',
    });
    const byMetric = policies(template);
    expect(Object.keys(byMetric).sort()).toEqual([
      'ALBRequestCountPerTarget',
      'ECSServiceAverageCPUUtilization',
      'ECSServiceAverageMemoryUtilization',
    ]);
    const targets = Object.fromEntries(
      Object.entries(byMetric).map(([metric, p]) => [metric, p.TargetTrackingScalingPolicyConfiguration]),
    );
    expect(targets.ECSServiceAverageCPUUtilization.TargetValue).toBe(70);
    expect(targets.ECSServiceAverageMemoryUtilization.TargetValue).toBe(80);
    expect(targets.ALBRequestCountPerTarget.TargetValue).toBe(1000);
    for (const config of Object.values(targets)) {
      expect(config.ScaleInCooldown).toBe(300);
      expect(config.ScaleOutCooldown).toBe(60);
      expect(config.DisableScaleIn).toBe(false);
    }
    for (const p of Object.values(byMetric)) expect(p.PolicyType).toBe('TargetTrackingScaling');
    // ResourceLabel must be app/<lb name>/<lb id>/targetgroup/<tg name>/<tg id>: evaluate it with
    // the values CloudFormation would give the listener's Ref and the target group's full name
    const listenerId = stack.getLogicalId(
      loadBalancer!.node.findChild('Http').node.defaultChild as elbv2.CfnListener,
    );
    const tgId = stack.getLogicalId(targetGroup!.node.defaultChild as elbv2.CfnTargetGroup);
    const label = evaluate(targets.ALBRequestCountPerTarget.PredefinedMetricSpecification.ResourceLabel, {
      [listenerId]:
        'arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/shop-alb/50dc6c495c0c9188/f2f7dc8efc522ab2',
      [`${tgId}.TargetGroupFullName`]: 'targetgroup/shop-backend/73e2d6bc24d8a067',
    });
    expect(label).toBe('app/shop-alb/50dc6c495c0c9188/targetgroup/shop-backend/73e2d6bc24d8a067');
  });

  test('given targets, cooldowns and disableScaleIn are rendered as given', () => {
    const { stack, shop, service, targetGroup } = serviceStack();
    const scaling: ServiceScaling = {
      cpuPercent: 55,
      memoryPercent: 90,
      requestsPerTargetPerMinute: 250,
      scaleInCooldown: Duration.minutes(10),
      scaleOutCooldown: Duration.seconds(30),
      disableScaleIn: true,
    };
    applyServiceScaling(shop, service, {
      minCapacity: 1,
      maxCapacity: 4,
      scaling,
      targetGroup,
      prop: 'backendService',
    });
    const byMetric = policies(Template.fromStack(stack));
    const value = (m: string) => byMetric[m].TargetTrackingScalingPolicyConfiguration;
    expect(value('ECSServiceAverageCPUUtilization').TargetValue).toBe(55);
    expect(value('ECSServiceAverageMemoryUtilization').TargetValue).toBe(90);
    expect(value('ALBRequestCountPerTarget').TargetValue).toBe(250);
    expect(value('ECSServiceAverageCPUUtilization')).toMatchObject({
      ScaleInCooldown: 600,
      ScaleOutCooldown: 30,
      DisableScaleIn: true,
    });
  });

  test('an internal service (no target group) scales on CPU and memory only', () => {
    const { stack, shop, service } = serviceStack(false);
    applyServiceScaling(shop, service, { minCapacity: 1, maxCapacity: 3, scaling: {}, prop: 'services[0]' });
    expect(Object.keys(policies(Template.fromStack(stack))).sort()).toEqual([
      'ECSServiceAverageCPUUtilization',
      'ECSServiceAverageMemoryUtilization',
    ]);
  });

  test('min == max without schedules creates nothing (no scalable target)', () => {
    const { stack, shop, service, targetGroup } = serviceStack();
    applyServiceScaling(shop, service, {
      minCapacity: 2,
      maxCapacity: 2,
      scaling: {},
      targetGroup,
      prop: 'backendService',
    });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::ApplicationAutoScaling::ScalableTarget', 0);
    template.resourceCountIs('AWS::ApplicationAutoScaling::ScalingPolicy', 0);
  });

  test('schedules become scheduled actions, also when min == max', () => {
    const { stack, shop, service } = serviceStack(false);
    applyServiceScaling(shop, service, {
      minCapacity: 1,
      maxCapacity: 1,
      prop: 'storefrontService',
      scaling: {
        schedules: [
          {
            name: 'shop-hours',
            schedule: appscaling.Schedule.cron({ hour: '8', minute: '0' }),
            minCapacity: 2,
            maxCapacity: 6,
            timeZone: TimeZone.EUROPE_BERLIN,
          },
          { name: 'night', schedule: appscaling.Schedule.cron({ hour: '22', minute: '0' }), maxCapacity: 1 },
        ],
      },
    });
    const target = Object.values(
      Template.fromStack(stack).findResources('AWS::ApplicationAutoScaling::ScalableTarget'),
    )[0].Properties;
    expect(target.ScheduledActions).toEqual([
      {
        ScheduledActionName: 'Schedule-shop-hours',
        Schedule: 'cron(0 8 * * ? *)',
        ScalableTargetAction: { MinCapacity: 2, MaxCapacity: 6 },
        Timezone: 'Europe/Berlin',
      },
      {
        ScheduledActionName: 'Schedule-night',
        Schedule: 'cron(0 22 * * ? *)',
        ScalableTargetAction: { MaxCapacity: 1 },
      },
    ]);
  });

  test('a target group not attached to a load balancer: the error names the prop', () => {
    const { stack, shop, service } = serviceStack(false);
    const loose = new elbv2.ApplicationTargetGroup(stack, 'Loose', {
      vpc: service.cluster.vpc,
      port: 9000,
      protocol: elbv2.ApplicationProtocol.HTTP,
    });
    expect(() =>
      applyServiceScaling(shop, service, {
        minCapacity: 1,
        maxCapacity: 2,
        scaling: {},
        targetGroup: loose,
        prop: 'backendService',
      }),
    ).toThrow(
      /^Stack\/Shop: invalid 'backendService\.scaling\.requestsPerTargetPerMinute': .*Attach the target group/s,
    );
  });
});

/** Evaluates Fn::Join / Fn::Select / Fn::Split / Ref / Fn::GetAtt with the given values. */
function evaluate(expr: any, values: { [refOrAttribute: string]: string }): any {
  if (typeof expr === 'string' || typeof expr === 'number') return expr;
  if (Array.isArray(expr)) return expr.map((e) => evaluate(e, values));
  if (expr.Ref) return values[expr.Ref] ?? fail(`no value for Ref ${expr.Ref}`);
  if (expr['Fn::GetAtt']) {
    const key = expr['Fn::GetAtt'].join('.');
    return values[key] ?? fail(`no value for ${key}`);
  }
  if (expr['Fn::Join']) {
    const [sep, parts] = expr['Fn::Join'];
    return evaluate(parts, values).join(sep);
  }
  if (expr['Fn::Select']) {
    const [index, list] = expr['Fn::Select'];
    return evaluate(list, values)[index];
  }
  if (expr['Fn::Split']) {
    const [sep, text] = expr['Fn::Split'];
    return evaluate(text, values).split(sep);
  }
  return fail(`cannot evaluate ${JSON.stringify(expr)}`);
}

function fail(message: string): never {
  throw new Error(message);
}
