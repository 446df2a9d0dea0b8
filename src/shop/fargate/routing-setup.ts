import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { Construct } from 'constructs';
import { addShopRouting, attachBlueGreen, shopTargetGroup, ShopRouting } from './blue-green';
import { serviceDeployment, ServiceDeployment } from './deployment-strategy-validation';
import type { FargateShopProps } from './fargate-shop-props';
import type { RequiredHeader } from './listener-rules';
import type { ShopLoadBalancer } from './load-balancer';
import { planListenerRules } from './routing';
import type { ServicePlan } from './service-plan';
import { pascal } from './shop-parts';

/** Where a FargateShop's requests go in, for its routing. */
export interface ShopRoutingSetup {
  readonly lb: ShopLoadBalancer;
  readonly vpc: ec2.IVpc;
  readonly certificate?: acm.ICertificate;
  /** The header every listener rule requires (the edge's origin header); none without the edge. */
  readonly requiredHeader?: RequiredHeader;
}

/** A FargateShop's routing: target groups, deployments and listener rules, by service name. */
export interface ShopRoutingParts {
  readonly targetGroups: { [service: string]: elbv2.ApplicationTargetGroup };
  readonly deployments: { [service: string]: ServiceDeployment };
  readonly routing: ShopRouting;
}

/**
 * Defines a FargateShop's routing, in `shop`'s scope: the listener rules planned over every
 * public service but the storefront (the listener's default), a target group per public service,
 * each service's deployment (its strategy checked), and the rules, green target groups and test
 * listener the strategies ask for.
 */
export function setupShopRouting(
  shop: Construct,
  props: FargateShopProps,
  plans: ServicePlan[],
  setup: ShopRoutingSetup,
): ShopRoutingParts {
  const rules = planListenerRules(
    shop,
    plans
      .filter((plan) => plan.public && plan.role !== 'storefront')
      .map((plan) => ({
        service: plan.name,
        prop: plan.pathPatterns.length > 0 ? plan.pathPatternsProp : plan.hostHeadersProp,
        pathPatterns: plan.pathPatterns,
        hostHeaders: plan.hostHeaders,
      })),
    // the origin header takes one of a rule's five condition values
    { reservedValues: setup.requiredHeader ? 1 : 0 },
  );
  const targetGroups: { [name: string]: elbv2.ApplicationTargetGroup } = {};
  for (const plan of plans.filter((p) => p.public)) {
    targetGroups[plan.name] = shopTargetGroup(shop, `${pascal(plan.name)}Targets`, setup.vpc, plan);
  }
  const deployments: { [name: string]: ServiceDeployment } = {};
  for (const plan of plans) deployments[plan.name] = serviceDeployment(shop, plan, props);
  const routing = addShopRouting(shop, {
    lb: setup.lb,
    vpc: setup.vpc,
    certificate: setup.certificate,
    plans,
    rules,
    targetGroups,
    deployments,
    defaultService: props.storefront ? 'storefront' : undefined,
    requiredHeader: setup.requiredHeader,
  });
  return { targetGroups, deployments, routing };
}

/**
 * Puts a service behind its routing: with an ECS-native strategy, its target-group pairs and
 * listener rules (ECS shifts the traffic); else its tasks registered in its target group; a
 * service without a target group (the worker, a Service Connect service) gets nothing.
 */
export function attachServiceTraffic(
  service: ecs.BaseService,
  plan: ServicePlan,
  parts: ShopRoutingParts,
): void {
  const pairs = parts.routing.ruleTargets[plan.name];
  const targetGroup = parts.targetGroups[plan.name];
  if (pairs) {
    attachBlueGreen(service, {
      plan,
      deployment: parts.deployments[plan.name],
      targets: pairs,
      productionRules: parts.routing.production[plan.name] ?? [],
      testRules: parts.routing.test[plan.name] ?? [],
    });
  } else if (targetGroup) {
    targetGroup.addTarget(service.loadBalancerTarget({ containerName: plan.name, containerPort: plan.port }));
  }
}
