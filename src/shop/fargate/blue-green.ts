import { Annotations, CfnElement, Stack, Token } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import type { ServiceDeployment } from './deployment-strategy-validation';
import { addShopListenerRules, RequiredHeader, RuleTargets, ShopListenerRules } from './listener-rules';
import type { ShopLoadBalancer } from './load-balancer';
import { ALB_RULE_LIMITS } from './route-patterns';
import { PlannedRule } from './routing';
import type { ServicePlan } from './service-plan';
import { pascal } from './shop-parts';
import { acknowledge } from '../../private/acknowledge';
import { invalidProp } from '../../private/errors';

/*
 * ECS-native blue/green, canary and linear deployments of FargateShop's public services.
 *
 * ECS shifts the weights of ONE production listener rule per load balancer entry of the service
 * (LoadBalancers[].AdvancedConfiguration). A service whose routes need several rules (Medusa's
 * ten path patterns are two rules, three with the origin header) therefore gets one entry per
 * rule, each with a target-group pair of its own: rule i forwards to blue i and green i, the
 * tasks register in every blue group, and a deployment moves every rule to its green group, so
 * no rule keeps forwarding to a revision that is being stopped.
 */

/** The port of the deployment test listener. */
export const DEPLOYMENT_TEST_PORT = 9443;

/**
 * ECS attaches at most five target groups to a service (load balancer entries), so a service
 * that ECS deploys blue/green may have at most five listener rules.
 */
export const MAX_RULES_PER_SHIFTED_SERVICE = 5;

/** The target group every public service of the shop gets: IP targets over HTTP, its health check. */
export function shopTargetGroup(
  scope: Construct,
  id: string,
  vpc: ec2.IVpc,
  plan: ServicePlan,
): elbv2.ApplicationTargetGroup {
  return new elbv2.ApplicationTargetGroup(scope, id, {
    vpc,
    port: plan.port,
    protocol: elbv2.ApplicationProtocol.HTTP,
    targetType: elbv2.TargetType.IP,
    // a Medusa Next.js storefront answers / with a redirect to /<countryCode>: 3XX is healthy there
    healthCheck: {
      path: plan.healthPath,
      healthyHttpCodes: plan.role === 'storefront' ? '200-399' : '200-299',
    },
  });
}

/**
 * The target groups of each listener rule of every service ECS deploys blue/green: rule 0 keeps
 * the service's target group (`<Name>Targets`) as its blue group; rule i > 0 gets
 * `<Name>Targets<i+1>`; rule i gets the green `<Name>GreenTargets<i+1>` (no suffix for rule 0).
 *
 * @param catchAllService the service routed by the catch-all rule (the last one), if any
 */
export function blueGreenTargets(
  scope: Construct,
  vpc: ec2.IVpc,
  plans: ServicePlan[],
  rules: PlannedRule[],
  targetGroups: { [service: string]: elbv2.ApplicationTargetGroup },
  deployments: { [service: string]: ServiceDeployment },
  catchAllService?: string,
): { [service: string]: RuleTargets[] } {
  const byService: { [service: string]: RuleTargets[] } = {};
  for (const plan of plans) {
    const deployment = deployments[plan.name];
    const primary = targetGroups[plan.name];
    if (!deployment?.shiftsTraffic || primary === undefined) continue;
    const count =
      rules.filter((r) => r.service === plan.name).length + (catchAllService === plan.name ? 1 : 0);
    if (count > MAX_RULES_PER_SHIFTED_SERVICE) {
      throw invalidProp(
        scope,
        plan.pathPatterns.length > 0 ? plan.pathPatternsProp : plan.hostHeadersProp,
        `service '${plan.name}' needs ${count} listener rules; a ${deployment.strategy} deployment shifts one rule per target group and ECS attaches at most ${MAX_RULES_PER_SHIFTED_SERVICE} to a service`,
        'Route it by fewer path patterns or host headers (five values make one rule, four with the origin header), or deploy it rolling.',
      );
    }
    const name = pascal(plan.name);
    byService[plan.name] = Array.from({ length: count }, (_, i) => ({
      blue: i === 0 ? primary : shopTargetGroup(scope, `${name}Targets${i + 1}`, vpc, plan),
      green: shopTargetGroup(scope, `${name}GreenTargets${i === 0 ? '' : i + 1}`, vpc, plan),
    }));
  }
  return byService;
}

/**
 * The listener ECS sends test traffic through during a deployment: port 9443 (HTTPS with the
 * shop's certificate, HTTP without one), admitting only the VPC's IPv4 CIDR: one more rule in
 * the load balancer's security group. Requests no rule takes get 404.
 */
export function createTestListener(
  lb: ShopLoadBalancer,
  vpc: ec2.IVpc,
  certificate?: acm.ICertificate,
): elbv2.ApplicationListener {
  const listener = lb.loadBalancer.addListener('DeploymentTestListener', {
    port: DEPLOYMENT_TEST_PORT,
    protocol: certificate ? elbv2.ApplicationProtocol.HTTPS : elbv2.ApplicationProtocol.HTTP,
    certificates: certificate ? [elbv2.ListenerCertificate.fromCertificateManager(certificate)] : undefined,
    sslPolicy: certificate ? elbv2.SslPolicy.RECOMMENDED_TLS : undefined,
    // never 0.0.0.0/0: the one ingress rule below
    open: false,
    defaultAction: elbv2.ListenerAction.fixedResponse(404, {
      contentType: 'text/plain',
      messageBody: 'Not found',
    }),
  });
  // a resource of its own (not inline in the group) so its acknowledgement covers it alone
  const ingress = new ec2.CfnSecurityGroupIngress(listener, 'FromVpc', {
    groupId: lb.securityGroup.securityGroupId,
    ipProtocol: 'tcp',
    fromPort: DEPLOYMENT_TEST_PORT,
    toPort: DEPLOYMENT_TEST_PORT,
    cidrIp: vpc.vpcCidrBlock,
    description: 'Deployment test traffic, from inside the VPC only',
  });
  const vpcOnly = `The rule cannot read the CIDR token: it is the VPC's own CIDR block, on port ${DEPLOYMENT_TEST_PORT} only.`;
  acknowledge(
    ingress,
    { id: 'NIST.800.53.R5-EC2RestrictedCommonPorts', reason: vpcOnly },
    { id: 'NIST.800.53.R5-EC2RestrictedSSH', reason: vpcOnly },
    { id: 'AwsSolutions-EC23', reason: vpcOnly },
  );
  if (!certificate) {
    const reason =
      'The deployment test listener of a shop without a certificate (no domain): plain HTTP like the shop itself, reachable only from the VPC CIDR, carrying test traffic to the new revision during a deployment.';
    acknowledge(
      listener,
      { id: 'NIST.800.53.R5-ELBv2ACMCertificateRequired', reason },
      { id: 'NIST.800.53.R5-ALBHttpToHttpsRedirection', reason },
      { id: 'guard:alb_http_to_https_redirection_check', reason },
    );
  }
  return listener;
}

/** What {@link addShopRouting} needs. */
export interface ShopRoutingOptions {
  readonly lb: ShopLoadBalancer;
  readonly vpc: ec2.IVpc;
  readonly certificate?: acm.ICertificate;
  readonly plans: ServicePlan[];
  readonly rules: PlannedRule[];
  readonly targetGroups: { [service: string]: elbv2.ApplicationTargetGroup };
  readonly deployments: { [service: string]: ServiceDeployment };
  /** The service of requests no rule takes (the storefront). */
  readonly defaultService?: string;
  /** A header every rule requires (the edge's origin header); the test rules require it too. */
  readonly requiredHeader?: RequiredHeader;
}

/** The listener rules of the shop and what ECS-native deployments add to them. */
export interface ShopRouting extends ShopListenerRules {
  readonly ruleTargets: { [service: string]: RuleTargets[] };
  readonly testListener?: elbv2.ApplicationListener;
  readonly greenTargetGroups: { [service: string]: elbv2.ApplicationTargetGroup[] };
}

/**
 * The shop's listener rules; for services ECS deploys blue/green, canary or linear also their
 * green target groups, the test listener and its rules, and the warning about #36649. The
 * default service gets a catch-all rule when it shifts traffic (ECS never shifts a default action).
 */
export function addShopRouting(scope: Construct, options: ShopRoutingOptions): ShopRouting {
  const { lb, deployments, defaultService } = options;
  const catchAllRule = defaultService !== undefined && deployments[defaultService]?.shiftsTraffic === true;
  const ruleTargets = blueGreenTargets(
    scope,
    options.vpc,
    options.plans,
    options.rules,
    options.targetGroups,
    deployments,
    catchAllRule ? defaultService : undefined,
  );
  const testListener = Object.keys(ruleTargets).some((name) => deployments[name].testListener)
    ? createTestListener(lb, options.vpc, options.certificate)
    : undefined;
  const rules = addShopListenerRules(scope, lb, options.rules, options.targetGroups, {
    defaultService,
    requiredHeader: options.requiredHeader,
    catchAllRule,
    ruleTargets,
    testListener,
  });
  const greenTargetGroups: { [service: string]: elbv2.ApplicationTargetGroup[] } = {};
  for (const [name, pairs] of Object.entries(ruleTargets)) {
    greenTargetGroups[name] = pairs.map((p) => p.green);
  }
  warnAboutListenerRuleResets(scope, Object.keys(ruleTargets));
  const count = (byService: { [service: string]: unknown[] }) =>
    Object.values(byService).reduce((n, list) => n + list.length, 0);
  const total = count(rules.production) + count(rules.test);
  if (testListener && total > ALB_RULE_LIMITS.rulesPerLoadBalancer) {
    Annotations.of(scope).addWarningV2(
      'cdk-shop:fargate-shop-test-listener-rules',
      `The listener rules and their twins on the deployment test listener are ${total}; ALB's default quota is ${ALB_RULE_LIMITS.rulesPerLoadBalancer} rules per load balancer, all listeners together. Request a quota increase before deploying, or leave testListener out.`,
    );
  }
  return { ...rules, ruleTargets, testListener, greenTargetGroups };
}

/** What `attachBlueGreen` wires one service with. */
export interface BlueGreenAttachment {
  readonly plan: ServicePlan;
  readonly deployment: ServiceDeployment;
  readonly targets: RuleTargets[];
  /** The service's production rules, in the order of `targets`. */
  readonly productionRules: elbv2.ApplicationListenerRule[];
  /** Its rules on the test listener, in the same order; empty without one. */
  readonly testRules: elbv2.ApplicationListenerRule[];
}

/**
 * Registers the service in every blue group with ECS's advanced configuration (green group,
 * production rule, test rule, the role ECS shifts traffic with) and adds the smoke-test hook.
 *
 * @returns the role ECS shifts traffic with
 */
export function attachBlueGreen(service: ecs.BaseService, options: BlueGreenAttachment): iam.Role {
  const { plan, deployment, targets, productionRules, testRules } = options;
  if (productionRules.length !== targets.length) {
    throw new Error(
      `${service.node.path}: ${productionRules.length} listener rules for ${targets.length} target-group pairs`,
    );
  }
  const role = trafficShiftRole(service, plan, options);
  targets.forEach((pair, i) => {
    const testRule = testRules[i];
    pair.blue.addTarget(
      service.loadBalancerTarget({
        containerName: plan.name,
        containerPort: plan.port,
        alternateTarget: new ecs.AlternateTarget(`Green${i + 1}`, {
          alternateTargetGroup: pair.green,
          productionListener: ecs.ListenerRuleConfiguration.applicationListenerRule(productionRules[i]),
          testListener: testRule
            ? ecs.ListenerRuleConfiguration.applicationListenerRule(testRule)
            : undefined,
          role,
        }),
      }),
    );
    // ECS registers green tasks there: it must be attached to the load balancer first
    service.node.addDependency(pair.green.loadBalancerAttached);
  });
  if (deployment.smokeTest) {
    // a role of our own beside the service (the default is made inside it, where the service could not wait for its policy)
    const hookRole = new iam.Role(scopeOf(service), 'SmokeTestRole', {
      assumedBy: new iam.ServicePrincipal('ecs.amazonaws.com'),
      description: `cdk-shop ${plan.name}: ECS invokes the smoke test of a deployment`,
    });
    deployment.smokeTest.grantInvoke(hookRole);
    acknowledgePolicy(hookRole, `AwsSolutions-IAM5[Resource::${nagArn(deployment.smokeTest)}:*]`, [
      "lambda:InvokeFunction on the smoke-test function and its versions and aliases (<arn>:*, what grantInvoke writes), the user's function only.",
      'aws-cdk-lib writes the invoke grant of this one hook role as its own policy; a managed policy would add nothing.',
    ]);
    dependOnPolicy(service, hookRole);
    service.addLifecycleHook(
      new ecs.DeploymentLifecycleLambdaTarget(deployment.smokeTest, 'SmokeTest', {
        lifecycleStages: [deployment.smokeTestStage],
        role: hookRole,
      }),
    );
  }
  // the role's policy is a resource of its own: ECS checks it when the service is created
  dependOnPolicy(service, role);
  return role;
}

/**
 * The role ECS moves traffic with: it modifies this service's listener rules (and their
 * listeners) and registers targets in its target groups only; the Describe calls it needs have no
 * resource-level permissions.
 */
function trafficShiftRole(
  service: ecs.BaseService,
  plan: ServicePlan,
  options: BlueGreenAttachment,
): iam.Role {
  const role = new iam.Role(scopeOf(service), 'TrafficShiftRole', {
    assumedBy: new iam.ServicePrincipal('ecs.amazonaws.com'),
    description: `cdk-shop ${plan.name}: ECS moves its listener rules between its blue and green target groups`,
  });
  const rules = [...options.productionRules, ...options.testRules];
  role.addToPolicy(
    new iam.PolicyStatement({
      actions: ['elasticloadbalancing:ModifyRule'],
      resources: rules.map((r) => r.listenerRuleArn),
    }),
  );
  const listeners = [...new Set(rules.map((r) => listenerArnOf(r)))];
  role.addToPolicy(
    new iam.PolicyStatement({ actions: ['elasticloadbalancing:ModifyListener'], resources: listeners }),
  );
  const groups = options.targets.flatMap((t) => [t.blue, t.green]);
  role.addToPolicy(
    new iam.PolicyStatement({
      actions: ['elasticloadbalancing:RegisterTargets', 'elasticloadbalancing:DeregisterTargets'],
      resources: groups.map((g) => g.targetGroupArn),
    }),
  );
  role.addToPolicy(
    new iam.PolicyStatement({
      actions: [
        'elasticloadbalancing:DescribeListeners',
        'elasticloadbalancing:DescribeRules',
        'elasticloadbalancing:DescribeTargetGroups',
        'elasticloadbalancing:DescribeTargetHealth',
      ],
      resources: ['*'],
    }),
  );
  acknowledgePolicy(role, 'AwsSolutions-IAM5[Resource::*]', [
    "Only the Elastic Load Balancing Describe calls are on '*': they support no resource-level permissions; ModifyRule, ModifyListener and Register/DeregisterTargets name this service's rules, listeners and target groups.",
    "The role's grants, scoped to this one service's rules and target groups, as its own policy; the AWS managed AmazonECSInfrastructureRolePolicyForLoadBalancers is broader.",
  ]);
  return role;
}

/** The service waits for the role's policy (its ARN reference already waits for the role). */
function dependOnPolicy(service: ecs.BaseService, role: iam.Role): void {
  const policy = role.node.tryFindChild('DefaultPolicy');
  if (policy) service.node.addDependency(policy);
}

/** Acknowledges the wildcard finding and the inline-policy finding on a role's default policy. */
function acknowledgePolicy(role: iam.Role, wildcardId: string, [wildcard, inline]: [string, string]): void {
  const policy = role.node.tryFindChild('DefaultPolicy');
  if (!policy) return;
  acknowledge(
    policy,
    { id: wildcardId, reason: wildcard },
    { id: 'NIST.800.53.R5-IAMNoInlinePolicy', reason: inline },
  );
}

/** A function's ARN as cdk-nag writes it in a finding id: the literal, or `<LogicalId.Arn>`. */
function nagArn(fn: lambda.IFunction): string {
  if (!Token.isUnresolved(fn.functionArn)) return fn.functionArn;
  const cfn = fn.node.defaultChild as CfnElement | undefined;
  return cfn ? `<${Stack.of(fn).getLogicalId(cfn)}.Arn>` : fn.functionArn;
}

/** The service's parent (the ShopService): roles the service depends on cannot be inside it. */
function scopeOf(service: ecs.BaseService): Construct {
  return service.node.scope as Construct;
}

function listenerArnOf(rule: elbv2.ApplicationListenerRule): string {
  const cfn = rule.node.defaultChild as elbv2.CfnListenerRule;
  return cfn.listenerArn!;
}

/**
 * The warning about aws/aws-cdk#36649: ECS moves a rule's weights outside CloudFormation, and a
 * stack update that changes the rule writes the template's weights back.
 */
export function warnAboutListenerRuleResets(scope: Construct, services: string[]): void {
  if (services.length === 0) return;
  Annotations.of(scope).addWarningV2(
    'cdk-shop:fargate-shop-blue-green-rule-reset',
    `${services.join(', ')} deploy${services.length === 1 ? 's' : ''} with ECS-native traffic shifting: ECS changes the listener rules' weights outside CloudFormation, and a stack update that changes one of those rules (routes, priorities, the origin header) resets its weights to the template's, which can send all traffic to the idle target group (aws/aws-cdk#36649). Before such an update, read the README's "Blue/green, canary and linear deployments" section.`,
  );
}
