import { Template } from 'aws-cdk-lib/assertions';
import { BASIC, logicalId, PRODUCTS, shopStack } from './fargate-fixtures';
import { certificate, shopStack as lbStack, targetGroup } from './load-balancer-fixture';
import { ShopDeploymentStrategy as S } from '../../../src';
import { createTestListener } from '../../../src/shop/fargate/blue-green';
import { RuleTargets, addShopListenerRules } from '../../../src/shop/fargate/listener-rules';
import { createShopLoadBalancer } from '../../../src/shop/fargate/load-balancer';
import { planListenerRules, prefixesToPathPatterns } from '../../../src/shop/fargate/routing';
import { AlbRequest, logicalIdOf, route } from '../../helpers/alb-matcher';

/*
 * The hard case of ECS-native deployments: a service whose routes plan into several listener
 * rules (Medusa's ten path patterns are two rules, three with the origin header). ECS shifts one
 * production rule per load balancer entry, so each rule has an entry and a target-group pair of
 * its own. Proved on the template with the ALB matcher: before a deployment every request
 * reaches its service's blue groups; after ECS moves the weights of every production rule
 * (simulated here), every request reaches its service's green groups, and none is left on blue.
 */

/** What ECS does at the end of a traffic shift: each production rule's weight moves to green. */
function shift(resources: Record<string, any>, listenerRule: 'ProductionListenerRule' | 'TestListenerRule') {
  const after = JSON.parse(JSON.stringify(resources));
  for (const r of Object.values<any>(after)) {
    if (r.Type !== 'AWS::ECS::Service') continue;
    for (const entry of r.Properties.LoadBalancers ?? []) {
      const config = entry.AdvancedConfiguration;
      if (!config?.[listenerRule]) continue;
      const rule = after[config[listenerRule].Ref];
      for (const group of rule.Properties.Actions[0].ForwardConfig.TargetGroups) {
        group.Weight = group.TargetGroupArn.Ref === config.AlternateTargetGroupArn.Ref ? 100 : 0;
      }
    }
  }
  return after;
}

/** Each service's blue and green target groups, from its LoadBalancers entries. */
function groupsOf(resources: Record<string, any>, servicePart: string) {
  const service = Object.entries<any>(resources).find(
    ([id, r]) => r.Type === 'AWS::ECS::Service' && id.includes(servicePart),
  )![1];
  const entries = service.Properties.LoadBalancers;
  return {
    blue: new Set<string>(entries.map((e: any) => e.TargetGroupArn.Ref)),
    green: new Set<string>(entries.map((e: any) => e.AdvancedConfiguration?.AlternateTargetGroupArn.Ref)),
    rules: entries.map((e: any) => e.AdvancedConfiguration?.ProductionListenerRule.Ref),
  };
}

const requests: [string, string][] = [
  ['storefront', '/'],
  ['storefront', '/us/products/shirt'],
  ['storefront', '/storefront'],
  ['storefront', '/apple-touch-icon.png'],
  ['backend', '/store/products'],
  ['backend', '/store'],
  ['backend', '/admin'],
  ['backend', '/admin/orders/1'],
  ['backend', '/auth/customer/emailpass'],
  ['backend', '/app'],
  ['backend', '/app/login'],
  ['backend', '/health'],
  ['products', '/products/1'],
];

describe('FargateShop: Medusa, its storefront and a product service, all blue/green', () => {
  const { template } = shopStack({
    ...BASIC,
    deploymentStrategy: S.blueGreen({ testListener: true }),
    services: [{ name: 'products', image: PRODUCTS, port: 8000, pathPatterns: ['/products/*'] }],
  });
  const resources = template.toJSON().Resources;
  const listener = logicalId(template, 'AWS::ElasticLoadBalancingV2::Listener', 'HttpListener');
  const testListener = logicalId(template, 'AWS::ElasticLoadBalancingV2::Listener', 'DeploymentTestListener');
  const groups = {
    storefront: groupsOf(resources, 'StorefrontService'),
    backend: groupsOf(resources, 'BackendService'),
    products: groupsOf(resources, 'ProductsService'),
  };
  const go = (res: Record<string, any>, l: string, path: string) =>
    route({ Resources: res }, l, { host: 'shop.example.com', path } as AlbRequest);

  test('the backend has two production rules, each its own entry; no rule is shared', () => {
    expect(groups.backend.rules).toHaveLength(2);
    const all = [...groups.storefront.rules, ...groups.backend.rules, ...groups.products.rules];
    expect(new Set(all).size).toBe(all.length);
  });

  test.each(requests)('before a deployment: %s gets %s on blue', (service, path) => {
    const to = go(resources, listener, path);
    expect(to.kind).toBe('forward');
    expect(groups[service as keyof typeof groups].blue.has(to.targetGroup!)).toBe(true);
  });

  test.each(requests)('after the shift: %s gets %s on green', (service, path) => {
    const to = go(shift(resources, 'ProductionListenerRule'), listener, path);
    expect(groups[service as keyof typeof groups].green.has(to.targetGroup!)).toBe(true);
  });

  test.each(requests)('test traffic: %s gets %s on green once ECS shifts the test rules', (service, path) => {
    const afterTest = shift(resources, 'TestListenerRule');
    expect(
      groups[service as keyof typeof groups].green.has(go(afterTest, testListener, path).targetGroup!),
    ).toBe(true);
    // production stays on blue until the production shift
    expect(groups[service as keyof typeof groups].blue.has(go(afterTest, listener, path).targetGroup!)).toBe(
      true,
    );
  });
});

describe('with the origin header every rule requires: Medusa is three rules, each shifted', () => {
  const { stack, shop, vpc } = lbStack();
  const cert = certificate(shop);
  const lb = createShopLoadBalancer(shop, {
    vpc,
    certificate: cert,
    dualStack: false,
    deletionProtection: true,
  });
  const header = { name: 'X-Origin-Verify', value: 'k3y' };
  const plan = planListenerRules(
    shop,
    [
      {
        service: 'backend',
        prop: 'backend.pathPrefixes',
        pathPatterns: prefixesToPathPatterns(['/store', '/admin', '/auth', '/app', '/health']),
        hostHeaders: [],
      },
    ],
    { reservedValues: 1 },
  );
  const pairs: RuleTargets[] = plan.map((_, i) => ({
    blue: targetGroup(shop, vpc, `blue${i}`, 9000),
    green: targetGroup(shop, vpc, `green${i}`, 9000),
  }));
  const storefront: RuleTargets[] = [
    { blue: targetGroup(shop, vpc, 'sfBlue', 3000), green: targetGroup(shop, vpc, 'sfGreen', 3000) },
  ];
  const testListener = createTestListener(lb, vpc, cert);
  const rules = addShopListenerRules(
    shop,
    lb,
    plan,
    { backend: pairs[0].blue, storefront: storefront[0].blue },
    {
      defaultService: 'storefront',
      requiredHeader: header,
      ruleTargets: { backend: pairs, storefront },
      testListener,
    },
  );
  const resources = Template.fromStack(stack).toJSON().Resources;
  const listener = logicalIdOf(lb.listener);
  const ids = (list: any[]) => new Set(list.map((g) => logicalIdOf(g)));

  test('three backend rules, each forwarding to its own pair', () => {
    expect(plan).toHaveLength(3);
    expect(rules.production.backend).toHaveLength(3);
    rules.production.backend.forEach((rule, i) => {
      const groupsOfRule = resources[logicalIdOf(rule)].Properties.Actions[0].ForwardConfig.TargetGroups;
      expect(groupsOfRule.map((g: any) => g.TargetGroupArn.Ref)).toEqual([
        logicalIdOf(pairs[i].blue),
        logicalIdOf(pairs[i].green),
      ]);
    });
  });

  test('after every rule of the service is shifted, each Medusa path with the header reaches green', () => {
    const after = JSON.parse(JSON.stringify(resources));
    const all = [
      ...rules.production.backend.map((r, i) => [r, pairs[i]] as const),
      [rules.production.storefront[0], storefront[0]] as const,
    ];
    for (const [rule, pair] of all) {
      for (const g of after[logicalIdOf(rule)].Properties.Actions[0].ForwardConfig.TargetGroups) {
        g.Weight = g.TargetGroupArn.Ref === logicalIdOf(pair.green) ? 100 : 0;
      }
    }
    const greens = ids(pairs.map((p) => p.green));
    for (const [service, path] of requests.filter(([s]) => s !== 'products')) {
      const to = route({ Resources: after }, listener, {
        host: 'x',
        path,
        headers: { 'x-origin-verify': 'k3y' },
      });
      expect(
        service === 'backend'
          ? greens.has(to.targetGroup!)
          : to.targetGroup === logicalIdOf(storefront[0].green),
      ).toBe(true);
    }
    // without the header: 403, shift or not
    expect(route({ Resources: after }, listener, { host: 'x', path: '/store' }).statusCode).toBe('403');
  });

  test('the test rules require the header too: test traffic is no way around the origin lock', () => {
    const testRules = [...rules.test.backend, ...rules.test.storefront];
    expect(testRules).toHaveLength(4);
    for (const rule of testRules) {
      expect(resources[logicalIdOf(rule)].Properties.Conditions).toContainEqual({
        Field: 'http-header',
        HttpHeaderConfig: { HttpHeaderName: header.name, Values: [header.value] },
      });
    }
    const test = logicalIdOf(testListener);
    expect(route({ Resources: resources }, test, { host: 'x', path: '/store' }).statusCode).toBe('404');
  });
});
