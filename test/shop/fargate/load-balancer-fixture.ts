import { App, Stack } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { Construct } from 'constructs';
import { NetworkProfile, ShopNetwork } from '../../../src';
import {
  addListenerRules,
  createShopLoadBalancer,
  ShopLoadBalancer,
  ShopLoadBalancerOptions,
} from '../../../src/shop/fargate/load-balancer';
import { planListenerRules, prefixesToPathPatterns, RouteRequest } from '../../../src/shop/fargate/routing';

/** A stack with a ShopNetwork VPC and a construct `Shop` to hang the load balancer on. */
export function shopStack(): { app: App; stack: Stack; shop: Construct; vpc: ec2.IVpc } {
  const app = new App();
  const stack = new Stack(app, 'Stack', { env: { account: '123456789012', region: 'eu-west-1' } });
  const vpc = new ShopNetwork(stack, 'Network', { profile: NetworkProfile.TWO_AZ_SINGLE_NAT }).vpc;
  return { app, stack, shop: new Construct(stack, 'Shop'), vpc };
}

/** A certificate imported by ARN (no validation resources in the template). */
export function certificate(scope: Construct): acm.ICertificate {
  return acm.Certificate.fromCertificateArn(
    scope,
    'Certificate',
    'arn:aws:acm:eu-west-1:123456789012:certificate/abc',
  );
}

/**
 * An IP target group for one service, as FargateShop defines them, with the service's security
 * group registered as its member (what a Fargate service target does).
 */
export function targetGroup(
  scope: Construct,
  vpc: ec2.IVpc,
  service: string,
  port: number,
): elbv2.ApplicationTargetGroup {
  const group = new elbv2.ApplicationTargetGroup(scope, `${service}TargetGroup`, {
    vpc,
    port,
    protocol: elbv2.ApplicationProtocol.HTTP,
    targetType: elbv2.TargetType.IP,
    healthCheck: { path: '/health' },
  });
  const members = new ec2.SecurityGroup(scope, `${service}SecurityGroup`, {
    vpc,
    description: `${service} tasks`,
  });
  group.registerConnectable(members, ec2.Port.tcp(port));
  return group;
}

/**
 * The load balancer routed like seed 003 and Medusa: the storefront (default action), the
 * backend on Medusa's prefixes, a product service on /products and an order service on /orders.
 */
export function routedShop(options: Partial<ShopLoadBalancerOptions> = {}) {
  const { app, stack, shop, vpc } = shopStack();
  const lb: ShopLoadBalancer = createShopLoadBalancer(shop, {
    vpc,
    certificate: certificate(shop),
    dualStack: false,
    deletionProtection: true,
    ...options,
  });
  const routes: RouteRequest[] = [
    {
      service: 'backend',
      prop: 'backend.pathPrefixes',
      pathPatterns: prefixesToPathPatterns(['/store', '/admin', '/auth', '/app', '/health']),
      hostHeaders: [],
    },
    {
      service: 'product',
      prop: 'services[0].pathPatterns',
      pathPatterns: prefixesToPathPatterns(['/products']),
      hostHeaders: [],
    },
    { service: 'order', prop: 'services[1].pathPatterns', pathPatterns: ['/orders/*'], hostHeaders: [] },
  ];
  const targetGroups = {
    storefront: targetGroup(shop, vpc, 'storefront', 3000),
    backend: targetGroup(shop, vpc, 'backend', 9000),
    product: targetGroup(shop, vpc, 'product', 8080),
    order: targetGroup(shop, vpc, 'order', 8081),
  };
  const rules = planListenerRules(shop, routes);
  addListenerRules(shop, lb, rules, targetGroups, { defaultService: 'storefront' });
  return { app, stack, shop, vpc, lb, rules, targetGroups };
}
