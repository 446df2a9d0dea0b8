import { App, Fn, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import {
  createDeploymentAlarms,
  DEFAULT_HEALTH_CHECK_GRACE,
  deploymentAlarmName,
  literalAlarmNames,
  SAFE_DEPLOYMENT,
} from '../../../src/shop/fargate/deployment';

function albStack(stackName = 'ShopStack') {
  const app = new App();
  const stack = new Stack(app, 'Stack', { stackName });
  const shop = new Construct(stack, 'Shop');
  const vpc = new ec2.Vpc(stack, 'Vpc', { natGateways: 0 });
  const loadBalancer = new elbv2.ApplicationLoadBalancer(stack, 'Alb', { vpc });
  const targetGroup = new elbv2.ApplicationTargetGroup(stack, 'BackendTargets', {
    vpc,
    port: 9000,
    protocol: elbv2.ApplicationProtocol.HTTP,
    targetType: elbv2.TargetType.IP,
  });
  loadBalancer.addListener('Http', { port: 80, defaultTargetGroups: [targetGroup] });
  const topic = new sns.Topic(stack, 'Topic');
  return { stack, shop, loadBalancer, targetGroup, topic };
}

function logicalId(stack: Stack, construct: Construct): string {
  return stack.getLogicalId(construct.node.defaultChild as elbv2.CfnLoadBalancer);
}

describe('SAFE_DEPLOYMENT and the grace period', () => {
  test('rolling with full capacity kept, circuit breaker with rollback', () => {
    expect(SAFE_DEPLOYMENT).toEqual({
      minHealthyPercent: 100,
      maxHealthyPercent: 200,
      circuitBreaker: { enable: true, rollback: true },
    });
  });

  test('the grace period covers a Medusa boot (longer than ecs-patterns 60 s)', () => {
    expect(DEFAULT_HEALTH_CHECK_GRACE.toSeconds()).toBe(180);
  });
});

describe('createDeploymentAlarms', () => {
  test('two alarms with literal names, both to the topic', () => {
    const { stack, shop, loadBalancer, targetGroup, topic } = albStack();
    const alarms = createDeploymentAlarms(shop, { serviceName: 'backend', loadBalancer, targetGroup, topic });
    const names = literalAlarmNames(alarms);
    expect(names).toEqual(['ShopStack-Shop-backend-target-5xx', 'ShopStack-Shop-backend-unhealthy-hosts']);
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::CloudWatch::Alarm', 2);
    for (const name of names) {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        AlarmName: name,
        AlarmActions: [{ Ref: stack.getLogicalId(topic.node.defaultChild as sns.CfnTopic) }],
        OKActions: [{ Ref: stack.getLogicalId(topic.node.defaultChild as sns.CfnTopic) }],
        TreatMissingData: 'notBreaching',
        EvaluationPeriods: 3,
        DatapointsToAlarm: 3,
        ComparisonOperator: Match.stringLikeRegexp('^GreaterThan'),
      });
    }
  });

  test('5XX rate: metric math over the target group 5XX count and request count, > 5 %', () => {
    const { stack, shop, loadBalancer, targetGroup, topic } = albStack();
    createDeploymentAlarms(shop, { serviceName: 'backend', loadBalancer, targetGroup, topic });
    const alarm = Object.values(
      Template.fromStack(stack).findResources('AWS::CloudWatch::Alarm', {
        Properties: { AlarmName: 'ShopStack-Shop-backend-target-5xx' },
      }),
    )[0].Properties;
    expect(alarm.Threshold).toBe(5);
    const expression = alarm.Metrics.find((m: { Expression?: string }) => m.Expression);
    expect(expression.Expression).toBe('IF(requests >= 20, 100 * FILL(errors, 0) / requests, 0)');
    expect(expression.ReturnData).not.toBe(false);
    const inputs = Object.fromEntries(
      alarm.Metrics.filter((m: { MetricStat?: unknown }) => m.MetricStat).map(
        (m: { Id: string; MetricStat: unknown; ReturnData: boolean }) => [m.Id, m],
      ),
    );
    expect(Object.keys(inputs).sort()).toEqual(['errors', 'requests']);
    expect(inputs.errors.MetricStat.Metric.MetricName).toBe('HTTPCode_Target_5XX_Count');
    expect(inputs.requests.MetricStat.Metric.MetricName).toBe('RequestCount');
    for (const input of Object.values(inputs) as any[]) {
      expect(input.ReturnData).toBe(false);
      expect(input.MetricStat.Stat).toBe('Sum');
      expect(input.MetricStat.Period).toBe(60);
      expect(input.MetricStat.Metric.Namespace).toBe('AWS/ApplicationELB');
      expectAlbDimensions(stack, loadBalancer, targetGroup, input.MetricStat.Metric.Dimensions);
    }
  });

  test('unhealthy hosts: UnHealthyHostCount maximum >= 1 (the catalog entry) with the ALB dimensions', () => {
    const { stack, shop, loadBalancer, targetGroup, topic } = albStack();
    createDeploymentAlarms(shop, { serviceName: 'backend', loadBalancer, targetGroup, topic });
    const alarm = Object.values(
      Template.fromStack(stack).findResources('AWS::CloudWatch::Alarm', {
        Properties: { AlarmName: 'ShopStack-Shop-backend-unhealthy-hosts' },
      }),
    )[0].Properties;
    expect(alarm).toMatchObject({
      Namespace: 'AWS/ApplicationELB',
      MetricName: 'UnHealthyHostCount',
      Statistic: 'Maximum',
      Period: 60,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
    expectAlbDimensions(stack, loadBalancer, targetGroup, alarm.Dimensions);
  });

  test('two shops in one stack get different names', () => {
    const { stack, shop, loadBalancer, targetGroup, topic } = albStack();
    const other = new Construct(stack, 'OtherShop');
    const a = createDeploymentAlarms(shop, { serviceName: 'backend', loadBalancer, targetGroup, topic });
    const otherGroup = new elbv2.ApplicationTargetGroup(stack, 'OtherTargets', {
      vpc: loadBalancer.vpc,
      port: 9000,
      protocol: elbv2.ApplicationProtocol.HTTP,
      targetType: elbv2.TargetType.IP,
    });
    const b = createDeploymentAlarms(other, {
      serviceName: 'backend',
      loadBalancer,
      targetGroup: otherGroup,
      topic,
    });
    expect(new Set(literalAlarmNames([...a, ...b])).size).toBe(4);
  });

  test('a name over 255 characters is shortened with a hash, keeping its start and suffix', () => {
    const { stack } = albStack('S'.repeat(128));
    const deep = new Construct(new Construct(stack, 'P'.repeat(80)), 'Q'.repeat(80));
    const name = deploymentAlarmName(deep, 'backend', 'target-5xx');
    expect(name.length).toBe(255);
    expect(name.startsWith('S'.repeat(128) + '-')).toBe(true);
    expect(name).toMatch(/-[0-9a-f]{8}-backend-target-5xx$/);
    const sibling = deploymentAlarmName(new Construct(stack, 'P'.repeat(80) + 'x'), 'backend', 'target-5xx');
    expect(sibling.length).toBeLessThanOrEqual(255);
    expect(deploymentAlarmName(deep, 'backend', 'unhealthy-hosts')).not.toBe(name);
  });

  test('a name of exactly 255 characters is kept whole', () => {
    const { stack } = albStack('S'.repeat(128));
    const scope = new Construct(stack, 'P'.repeat(107));
    const name = deploymentAlarmName(scope, 'backend', 'target-5xx');
    expect(name).toBe(`${'S'.repeat(128)}-${'P'.repeat(107)}-backend-target-5xx`);
    expect(name.length).toBe(255);
  });

  test('a service name that is a token is rejected', () => {
    const { shop } = albStack();
    expect(() => deploymentAlarmName(shop, Fn.ref('AWS::StackName'), 'target-5xx')).toThrow(
      /^Stack\/Shop: invalid 'serviceName': is a token\. Give a literal service name\.$/,
    );
  });

  test('literalAlarmNames refuses an alarm without a literal name', () => {
    const { stack, loadBalancer, targetGroup } = albStack();
    const alarm = new cloudwatch.Alarm(stack, 'Unnamed', {
      metric: targetGroup.metrics.unhealthyHostCount(),
      threshold: 0,
      evaluationPeriods: 1,
    });
    void loadBalancer;
    expect(() => literalAlarmNames([alarm])).toThrow(/^Stack\/Unnamed: the alarm has no literal name/);
  });
});

describe('deployment alarms on a service', () => {
  test('the service rolls back on the two alarms, named literally (no Ref in the deployment configuration)', () => {
    const { stack, shop, loadBalancer, targetGroup, topic } = albStack();
    const alarms = createDeploymentAlarms(shop, { serviceName: 'backend', loadBalancer, targetGroup, topic });
    const cluster = new ecs.Cluster(stack, 'Cluster', { vpc: loadBalancer.vpc! });
    const taskDefinition = new ecs.FargateTaskDefinition(stack, 'Task');
    taskDefinition.addContainer('app', { image: ecs.ContainerImage.fromRegistry('nginx') });
    new ecs.FargateService(stack, 'Service', {
      cluster,
      taskDefinition,
      ...SAFE_DEPLOYMENT,
      deploymentAlarms: {
        alarmNames: literalAlarmNames(alarms),
        behavior: ecs.AlarmBehavior.ROLLBACK_ON_ALARM,
      },
    });
    const service = Object.values(Template.fromStack(stack).findResources('AWS::ECS::Service'))[0].Properties;
    expect(service.DeploymentConfiguration).toEqual({
      MinimumHealthyPercent: 100,
      MaximumPercent: 200,
      DeploymentCircuitBreaker: { Enable: true, Rollback: true },
      Alarms: {
        AlarmNames: ['ShopStack-Shop-backend-target-5xx', 'ShopStack-Shop-backend-unhealthy-hosts'],
        Enable: true,
        Rollback: true,
      },
    });
  });
});

function expectAlbDimensions(
  stack: Stack,
  loadBalancer: elbv2.ApplicationLoadBalancer,
  targetGroup: elbv2.ApplicationTargetGroup,
  dimensions: unknown,
) {
  expect(dimensions).toEqual(
    expect.arrayContaining([
      {
        Name: 'LoadBalancer',
        Value: { 'Fn::GetAtt': [logicalId(stack, loadBalancer), 'LoadBalancerFullName'] },
      },
      {
        Name: 'TargetGroup',
        Value: { 'Fn::GetAtt': [logicalId(stack, targetGroup), 'TargetGroupFullName'] },
      },
    ]),
  );
  expect((dimensions as unknown[]).length).toBe(2);
}
