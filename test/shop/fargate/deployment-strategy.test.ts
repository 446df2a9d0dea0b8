import { App, Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { BASIC, logicalId, Match, serviceProps, shopStack } from './fargate-fixtures';
import { FargateShop, FargateShopProps, ShopCapacity, ShopDeploymentStrategy as S } from '../../../src';
import { DEPLOYMENT_TEST_PORT } from '../../../src/shop/fargate/blue-green';
import { guardFindings } from '../../helpers/guard';
import { nagFindings } from '../../helpers/nag';

/*
 * The synthesized shape of each strategy: DeploymentConfiguration, LoadBalancers with their
 * AdvancedConfiguration, the green target groups, the test listener and its ingress, the role
 * ECS shifts traffic with, the deployment alarms, the smoke-test hook and the #36649 warning.
 */

/** A shop whose props need the stack (an imported function or certificate). */
function synth(
  props: (stack: Stack) => FargateShopProps,
  app = new App(),
): { stack: Stack; template: Template } {
  const stack = new Stack(app, 'Stack', { env: { region: 'us-east-1' } });
  new FargateShop(stack, 'Shop', props(stack));
  return { stack, template: Template.fromStack(stack) };
}

const SMOKE_ARN = 'arn:aws:lambda:us-east-1:111111111111:function:smoke';
const smokeTest = (stack: Stack) =>
  lambda.Function.fromFunctionAttributes(stack, 'Smoke', { functionArn: SMOKE_ARN, sameEnvironment: true });

const resources = (t: any) => t.toJSON().Resources as Record<string, any>;
const ofType = (t: any, type: string) => Object.entries(resources(t)).filter(([, r]) => r.Type === type);

describe('rolling (the default)', () => {
  const { template } = shopStack({ ...BASIC, worker: {} });

  test('sets no strategy and no advanced configuration: the template is the rolling one', () => {
    for (const name of ['Storefront', 'Backend', 'Worker']) {
      const props = serviceProps(template, `${name}Service`);
      expect(props.DeploymentConfiguration.Strategy).toBeUndefined();
      expect(props.DeploymentConfiguration.DeploymentCircuitBreaker).toEqual({
        Enable: true,
        Rollback: true,
      });
      for (const lb of props.LoadBalancers ?? []) expect(lb.AdvancedConfiguration).toBeUndefined();
    }
    expect(ofType(template, 'AWS::ElasticLoadBalancingV2::TargetGroup')).toHaveLength(2);
  });
});

describe.each([
  ['BLUE_GREEN', S.blueGreen({ bakeTime: Duration.minutes(15) }), { BakeTimeInMinutes: 15 }],
  [
    'CANARY',
    S.canary({ percent: 10, interval: Duration.minutes(5) }),
    { BakeTimeInMinutes: 10, CanaryConfiguration: { CanaryPercent: 10, CanaryBakeTimeInMinutes: 5 } },
  ],
  [
    'LINEAR',
    S.linear({ stepPercent: 25 }),
    { BakeTimeInMinutes: 10, LinearConfiguration: { StepPercent: 25, StepBakeTimeInMinutes: 6 } },
  ],
])('%s', (strategy, given, expected) => {
  const { template } = shopStack({ ...BASIC, worker: {}, deploymentStrategy: given });

  test('the public services get the strategy, with circuit breaker and deployment alarms kept', () => {
    for (const name of ['Storefront', 'Backend']) {
      const config = serviceProps(template, `${name}Service`).DeploymentConfiguration;
      expect(config).toMatchObject({ Strategy: strategy, ...expected });
      expect(config.DeploymentCircuitBreaker).toEqual({ Enable: true, Rollback: true });
      expect(config.Alarms.Enable).toBe(true);
      expect(config.Alarms.Rollback).toBe(true);
    }
  });

  test('the worker, without a load balancer, stays rolling', () => {
    expect(serviceProps(template, 'WorkerService').DeploymentConfiguration.Strategy).toBeUndefined();
  });
});

describe('Medusa behind blue/green: one load balancer entry per listener rule', () => {
  const { template } = shopStack({
    ...BASIC,
    deploymentStrategy: S.blueGreen(),
    backendService: { minCapacity: 2, maxCapacity: 4 },
  });
  const all = resources(template);

  test("the backend's two rules each have a blue and a green group, the storefront's catch-all one", () => {
    const backend = serviceProps(template, 'BackendService').LoadBalancers;
    expect(backend).toHaveLength(2);
    const storefront = serviceProps(template, 'StorefrontService').LoadBalancers;
    expect(storefront).toHaveLength(1);
    for (const entry of [...backend, ...storefront]) {
      const rule = all[entry.AdvancedConfiguration.ProductionListenerRule.Ref];
      expect(rule.Type).toBe('AWS::ElasticLoadBalancingV2::ListenerRule');
      // the production rule forwards to exactly this entry's blue (100) and green (0) groups
      expect(rule.Properties.Actions).toEqual([
        {
          Type: 'forward',
          ForwardConfig: {
            TargetGroups: [
              { TargetGroupArn: entry.TargetGroupArn, Weight: 100 },
              { TargetGroupArn: { Ref: entry.AdvancedConfiguration.AlternateTargetGroupArn.Ref }, Weight: 0 },
            ],
          },
        },
      ]);
    }
    expect(all[storefront[0].AdvancedConfiguration.ProductionListenerRule.Ref].Properties.Priority).toBe(
      50000,
    );
    const rules = new Set(
      [...backend, ...storefront].map((e) => e.AdvancedConfiguration.ProductionListenerRule.Ref),
    );
    expect(rules.size).toBe(3);
  });

  test('a green group has the health check, port and protocol of its blue group', () => {
    for (const name of ['Storefront', 'Backend']) {
      for (const entry of serviceProps(template, `${name}Service`).LoadBalancers) {
        const blue = all[entry.TargetGroupArn.Ref].Properties;
        const green = all[entry.AdvancedConfiguration.AlternateTargetGroupArn.Ref].Properties;
        expect(green).toEqual(blue);
        expect(green.HealthCheckPath).toBe(name === 'Backend' ? '/health' : '/');
      }
    }
  });

  test('the rule-0 blue group keeps its logical id (a rolling shop moving to blue/green keeps its targets)', () => {
    const rolling = shopStack(BASIC).template;
    const id = logicalId(rolling, 'AWS::ElasticLoadBalancingV2::TargetGroup', 'BackendTargets');
    expect(serviceProps(template, 'BackendService').LoadBalancers[0].TargetGroupArn).toEqual({ Ref: id });
  });

  test('the traffic-shift role may modify only its rules and listener, register only in its groups', () => {
    const entries = serviceProps(template, 'BackendService').LoadBalancers;
    const roleId = entries[0].AdvancedConfiguration.RoleArn['Fn::GetAtt'][0];
    expect(all[roleId].Properties.AssumeRolePolicyDocument.Statement).toEqual([
      { Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'ecs.amazonaws.com' } },
    ]);
    expect(all[roleId].Properties.ManagedPolicyArns).toBeUndefined();
    const policy = Object.values(all).find(
      (r) => r.Type === 'AWS::IAM::Policy' && r.Properties.Roles.some((x: any) => x.Ref === roleId),
    );
    const statements = policy.Properties.PolicyDocument.Statement;
    const of = (action: string) => statements.find((s: any) => [s.Action].flat().includes(action));
    expect(of('elasticloadbalancing:ModifyRule').Resource).toEqual(
      entries.map((e: any) => e.AdvancedConfiguration.ProductionListenerRule),
    );
    expect(of('elasticloadbalancing:RegisterTargets').Resource).toEqual(
      entries.flatMap((e: any) => [e.TargetGroupArn, e.AdvancedConfiguration.AlternateTargetGroupArn]),
    );
    expect(of('elasticloadbalancing:ModifyListener').Resource).toEqual({
      Ref: logicalId(template, 'AWS::ElasticLoadBalancingV2::Listener', 'HttpListener'),
    });
    // only Describe calls, which have no resource-level permissions, are on '*'
    for (const s of statements.filter((x: any) => x.Resource === '*')) {
      for (const action of [s.Action].flat()) expect(action).toMatch(/^elasticloadbalancing:Describe/);
    }
  });

  test('the deployment alarms watch blue and green: one 5XX rate per rule, unhealthy hosts over every group', () => {
    const alarms = ofType(template, 'AWS::CloudWatch::Alarm').filter(([, a]) =>
      String(a.Properties.AlarmName).startsWith('Stack-Shop-backend-'),
    );
    expect(alarms.map(([, a]) => a.Properties.AlarmName).sort()).toEqual([
      'Stack-Shop-backend-target-5xx',
      'Stack-Shop-backend-target-5xx-2',
      'Stack-Shop-backend-unhealthy-hosts',
    ]);
    const groupsOf = (alarm: any) =>
      new Set(
        alarm.Properties.Metrics.filter((m: any) => m.MetricStat).map(
          (m: any) =>
            m.MetricStat.Metric.Dimensions.find((d: any) => d.Name === 'TargetGroup').Value['Fn::GetAtt'][0],
        ),
      );
    const entries = serviceProps(template, 'BackendService').LoadBalancers;
    const pair = (i: number) => [
      entries[i].TargetGroupArn.Ref,
      entries[i].AdvancedConfiguration.AlternateTargetGroupArn.Ref,
    ];
    const byName = Object.fromEntries(alarms.map(([, a]) => [a.Properties.AlarmName, a]));
    expect(groupsOf(byName['Stack-Shop-backend-target-5xx'])).toEqual(new Set(pair(0)));
    expect(groupsOf(byName['Stack-Shop-backend-target-5xx-2'])).toEqual(new Set(pair(1)));
    expect(groupsOf(byName['Stack-Shop-backend-unhealthy-hosts'])).toEqual(new Set([...pair(0), ...pair(1)]));
    expect(serviceProps(template, 'BackendService').DeploymentConfiguration.Alarms.AlarmNames).toEqual([
      'Stack-Shop-backend-target-5xx',
      'Stack-Shop-backend-target-5xx-2',
      'Stack-Shop-backend-unhealthy-hosts',
    ]);
  });

  test('no requests-per-target scaling (the traffic moves between groups); CPU and memory remain', () => {
    const policies = ofType(template, 'AWS::ApplicationAutoScaling::ScalingPolicy').map(
      ([, p]) =>
        p.Properties.TargetTrackingScalingPolicyConfiguration?.PredefinedMetricSpecification
          ?.PredefinedMetricType,
    );
    expect(policies).not.toContain('ALBRequestCountPerTarget');
    expect(policies.filter((p) => p === 'ECSServiceAverageCPUUtilization').length).toBeGreaterThanOrEqual(1);
  });

  test('the #36649 warning, once, naming the services', () => {
    const { stack } = shopStack({ ...BASIC, deploymentStrategy: S.blueGreen() });
    const warnings = Annotations.fromStack(stack).findWarning(
      '*',
      Match.stringLikeRegexp('cdk-shop:fargate-shop-blue-green-rule-reset'),
    );
    expect(warnings).toHaveLength(1);
    expect(warnings[0].entry.data).toMatch(
      /storefront, backend deploy with ECS-native traffic shifting.*#36649/,
    );
    const rolling = shopStack(BASIC).stack;
    expect(
      Annotations.fromStack(rolling).findWarning('*', Match.stringLikeRegexp('blue-green-rule-reset')),
    ).toHaveLength(0);
  });
});

describe('a per-service strategy', () => {
  const { template } = shopStack({
    ...BASIC,
    backendService: { deploymentStrategy: S.canary({ percent: 5 }) },
  });

  test('overrides the shop default for that service only; the storefront keeps its default action', () => {
    expect(serviceProps(template, 'BackendService').DeploymentConfiguration.Strategy).toBe('CANARY');
    expect(serviceProps(template, 'StorefrontService').DeploymentConfiguration.Strategy).toBeUndefined();
    const rules = ofType(template, 'AWS::ElasticLoadBalancingV2::ListenerRule').map(
      ([, r]) => r.Properties.Priority,
    );
    expect(rules).not.toContain(50000);
  });
});

describe('the test listener', () => {
  const { template } = shopStack({ ...BASIC, deploymentStrategy: S.blueGreen({ testListener: true }) });
  const all = resources(template);
  const listenerId = logicalId(template, 'AWS::ElasticLoadBalancingV2::Listener', 'DeploymentTestListener');

  test(`listens on ${DEPLOYMENT_TEST_PORT}, answers 404 by default, and mirrors every production rule`, () => {
    expect(all[listenerId].Properties).toMatchObject({ Port: DEPLOYMENT_TEST_PORT, Protocol: 'HTTP' });
    expect(all[listenerId].Properties.DefaultActions[0].FixedResponseConfig.StatusCode).toBe('404');
    for (const name of ['Storefront', 'Backend']) {
      for (const entry of serviceProps(template, `${name}Service`).LoadBalancers) {
        const prod = all[entry.AdvancedConfiguration.ProductionListenerRule.Ref].Properties;
        const test = all[entry.AdvancedConfiguration.TestListenerRule.Ref].Properties;
        expect(test.ListenerArn).toEqual({ Ref: listenerId });
        expect({ ...test, ListenerArn: undefined }).toEqual({ ...prod, ListenerArn: undefined });
      }
    }
  });

  test("the load balancer admits the test port from the VPC's CIDR only, never the internet", () => {
    const ingress = Object.values(all).flatMap((r: any) =>
      r.Type === 'AWS::EC2::SecurityGroup'
        ? (r.Properties.SecurityGroupIngress ?? [])
        : r.Type === 'AWS::EC2::SecurityGroupIngress'
          ? [r.Properties]
          : [],
    );
    const onTestPort = ingress.filter(
      (i: any) => i.FromPort <= DEPLOYMENT_TEST_PORT && i.ToPort >= DEPLOYMENT_TEST_PORT,
    );
    expect(onTestPort).toHaveLength(1);
    const vpcId = logicalId(template, 'AWS::EC2::VPC', 'Network');
    expect(onTestPort[0].CidrIp).toEqual({ 'Fn::GetAtt': [vpcId, 'CidrBlock'] });
    expect(onTestPort[0].CidrIpv6).toBeUndefined();
  });

  test('with a certificate it speaks HTTPS with the recommended TLS policy', () => {
    const withTls = synth((stack) => ({
      ...BASIC,
      domainName: 'shop.example.com',
      certificate: acm.Certificate.fromCertificateArn(
        stack,
        'Cert',
        'arn:aws:acm:us-east-1:111111111111:certificate/abc',
      ),
      deploymentStrategy: S.blueGreen({ testListener: true }),
    })).template;
    const id = logicalId(withTls, 'AWS::ElasticLoadBalancingV2::Listener', 'DeploymentTestListener');
    expect(resources(withTls)[id].Properties).toMatchObject({
      Protocol: 'HTTPS',
      SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
    });
  });
});

describe('the smoke test', () => {
  const { template } = synth((stack) => ({
    ...BASIC,
    deploymentStrategy: S.blueGreen({ testListener: true, smokeTest: smokeTest(stack) }),
  }));
  const all = resources(template);

  test.each(['Storefront', 'Backend'])(
    '%s: runs at POST_TEST_TRAFFIC_SHIFT with a role that may invoke only it',
    (name) => {
      const hooks = serviceProps(template, `${name}Service`).DeploymentConfiguration.LifecycleHooks;
      expect(hooks).toHaveLength(1);
      expect(hooks[0].HookTargetArn).toBe(SMOKE_ARN);
      expect(hooks[0].LifecycleStages).toEqual([ecs.DeploymentLifecycleStage.POST_TEST_TRAFFIC_SHIFT]);
      const roleId = hooks[0].RoleArn['Fn::GetAtt'][0];
      expect(all[roleId].Properties.AssumeRolePolicyDocument.Statement[0].Principal).toEqual({
        Service: 'ecs.amazonaws.com',
      });
      const [policyId, policy] = Object.entries(all).find(
        ([, r]) => r.Type === 'AWS::IAM::Policy' && r.Properties.Roles.some((x: any) => x.Ref === roleId),
      )!;
      const statements = policy.Properties.PolicyDocument.Statement;
      expect(statements.map((s: any) => s.Action)).toEqual(['lambda:InvokeFunction']);
      expect([statements[0].Resource].flat()).toEqual([SMOKE_ARN, `${SMOKE_ARN}:*`]);
      // the service waits for the role's policy
      expect(all[logicalId(template, 'AWS::ECS::Service', `${name}Service`)].DependsOn).toContain(policyId);
    },
  );
});

describe('cdk-nag', () => {
  test('a canary shop with test listener and smoke test adds no unacknowledged finding to a rolling one', () => {
    const app = new App();
    const { stack } = synth(
      (s) => ({
        ...BASIC,
        deploymentStrategy: S.canary({ percent: 10, testListener: true, smokeTest: smokeTest(s) }),
      }),
      app,
    );
    const rolling = new Stack(app, 'Rolling', { env: { region: 'us-east-1' } });
    new FargateShop(rolling, 'Shop', BASIC);
    const key = (f: { rule: string; path: string }) => `${f.rule} ${f.path.replace(/^[^/]+\//, '')}`;
    const before = new Set(nagFindings(rolling).map(key));
    const added = nagFindings(stack).filter((f) => !before.has(key(f)));
    expect(added).toEqual([]);
    // and the rolling shop itself is clean
    expect(nagFindings(rolling)).toEqual([]);
  });
});

describe('cfn-guard', () => {
  test('a blue/green shop with test listener (HTTP and HTTPS) and smoke test: no finding left', () => {
    for (const domain of [undefined, 'shop.example.com']) {
      const app = new App();
      synth(
        (stack) => ({
          ...BASIC,
          domainName: domain,
          certificate: domain
            ? acm.Certificate.fromCertificateArn(
                stack,
                'Cert',
                'arn:aws:acm:us-east-1:111111111111:certificate/abc',
              )
            : undefined,
          deploymentStrategy: S.linear({ stepPercent: 20, testListener: true, smokeTest: smokeTest(stack) }),
        }),
        app,
      );
      expect(guardFindings(app, 'Stack')).toEqual([]);
    }
  });
});

describe('on EC2 capacity (an Auto Scaling group capacity provider)', () => {
  const { template } = shopStack({
    ...BASIC,
    capacity: ShopCapacity.autoScalingGroup(),
    deploymentStrategy: S.blueGreen(),
  });

  test('the EC2 services (awsvpc, IP targets) get the same blue/green entries', () => {
    const backend = serviceProps(template, 'BackendService');
    expect(backend.DeploymentConfiguration.Strategy).toBe('BLUE_GREEN');
    expect(backend.CapacityProviderStrategy.length).toBeGreaterThan(0);
    expect(backend.LoadBalancers).toHaveLength(2);
    for (const entry of backend.LoadBalancers) {
      expect(
        resources(template)[entry.AdvancedConfiguration.AlternateTargetGroupArn.Ref].Properties.TargetType,
      ).toBe('ip');
    }
  });
});

test('the test listener counts toward the 100 rules per load balancer: a warning past them', () => {
  // 10 services of 25 disjoint patterns: five rules each (the most a shifted service may have),
  // with the backend's two and the storefront's catch-all 53 rules, 106 with their test twins
  const services = Array.from({ length: 10 }, (_, i) => ({
    name: `svc${i}`,
    image: BASIC.backend!.image,
    port: 8000,
    pathPatterns: Array.from({ length: 25 }, (__, j) => `/s${i}-${j}/*`),
  }));
  const warningsOf = (testListener: boolean) => {
    const { stack } = shopStack({
      ...BASIC,
      services,
      deploymentStrategy: S.blueGreen({ testListener }),
      // under CloudFormation's 500 resources: no migration, whose task and provider add a dozen
      migration: { enabled: false },
    });
    return Annotations.fromStack(stack).findWarning(
      '*',
      Match.stringLikeRegexp('fargate-shop-test-listener-rules'),
    );
  };
  const warnings = warningsOf(true);
  expect(warnings).toHaveLength(1);
  expect(warnings[0].entry.data).toMatch(/are 106; ALB's default quota is 100/);
  expect(warningsOf(false)).toHaveLength(0);
});
