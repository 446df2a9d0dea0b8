import { Template } from 'aws-cdk-lib/assertions';
import { certificate, shopStack, targetGroup } from './load-balancer-fixture';
import { CATCH_ALL_PRIORITY } from '../../../src/shop/fargate/listener-rules';
import { addListenerRules, createShopLoadBalancer } from '../../../src/shop/fargate/load-balancer';
import { planListenerRules, prefixesToPathPatterns, RouteRequest } from '../../../src/shop/fargate/routing';
import { logicalIdOf, route } from '../../helpers/alb-matcher';

/*
 * The listener's shape beyond the planned rules: a header every rule requires (the edge's
 * origin lock), the storefront as a catch-all rule (what ECS blue/green shifts), and the
 * condition values each rule has left for paths and hosts.
 */

const MEDUSA = prefixesToPathPatterns(['/store', '/admin', '/auth', '/app', '/health']);
const routes: RouteRequest[] = [
  { service: 'backend', prop: 'backend.pathPrefixes', pathPatterns: MEDUSA, hostHeaders: [] },
  {
    service: 'tenant',
    prop: 'services[0].hostHeaders',
    pathPatterns: [],
    hostHeaders: ['a.example.com', 'b.example.com', 'c.example.com', 'd.example.com', 'e.example.com'],
  },
];
const HEADER = { name: 'X-Origin-Verify', value: 'k3yFromSecretsManager' };

function build(options: Parameters<typeof addListenerRules>[4], reservedValues = 0) {
  const { stack, shop, vpc } = shopStack();
  const lb = createShopLoadBalancer(shop, {
    vpc,
    certificate: certificate(shop),
    dualStack: false,
    deletionProtection: true,
  });
  const groups = {
    storefront: targetGroup(shop, vpc, 'storefront', 3000),
    backend: targetGroup(shop, vpc, 'backend', 9000),
    tenant: targetGroup(shop, vpc, 'tenant', 8080),
  };
  const plan = planListenerRules(shop, routes, { reservedValues });
  const rules = addListenerRules(shop, lb, plan, groups, options);
  const template = Template.fromStack(stack);
  const listener = logicalIdOf(lb.listener);
  const tg = (name: keyof typeof groups) => logicalIdOf(groups[name]);
  return { template, listener, plan, rules, tg };
}

describe('a required header (the origin lock)', () => {
  const { template, listener, plan, rules, tg } = build(
    { defaultService: 'storefront', requiredHeader: HEADER },
    1,
  );

  test('every rule carries the header condition, and the storefront is a catch-all rule', () => {
    const all = Object.values(template.findResources('AWS::ElasticLoadBalancingV2::ListenerRule'));
    expect(all).toHaveLength(plan.length + 1);
    for (const r of all) {
      expect(r.Properties.Conditions).toContainEqual({
        Field: 'http-header',
        HttpHeaderConfig: { HttpHeaderName: HEADER.name, Values: [HEADER.value] },
      });
      const values = r.Properties.Conditions.flatMap(
        (c: any) => c.PathPatternConfig?.Values ?? c.HostHeaderConfig?.Values ?? c.HttpHeaderConfig.Values,
      );
      expect(values.length).toBeLessThanOrEqual(5);
    }
    expect(rules.storefront.map((r) => r.node.id)).toEqual([`Rule${CATCH_ALL_PRIORITY}Rule`]);
    expect(rules.backend.length).toBe(plan.filter((p) => p.service === 'backend').length);
  });

  test('the default action denies', () => {
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 443,
      DefaultActions: [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '403' } }],
    });
  });

  test.each<[string, string, string, boolean, string | number]>([
    ['a page with the header', 'shop.example.com', '/', true, 'storefront'],
    ['the backend with the header', 'shop.example.com', '/store/products', true, 'backend'],
    ['a tenant host with the header', 'c.example.com', '/x', true, 'tenant'],
    ['a page without the header', 'shop.example.com', '/', false, 403],
    ['the backend without the header', 'shop.example.com', '/admin', false, 403],
    ['a tenant host without the header', 'e.example.com', '/', false, 403],
  ])('%s', (_name, host, path, withHeader, expected) => {
    const headers = withHeader ? { 'x-origin-verify': HEADER.value } : {};
    const result = route(template, listener, { host, path, headers });
    if (typeof expected === 'number') {
      expect(result).toMatchObject({ kind: 'fixed-response', statusCode: String(expected), rule: 'default' });
    } else {
      expect(result.targetGroup).toBe(tg(expected as 'storefront' | 'backend' | 'tenant'));
    }
  });
});

describe('condition values left per rule', () => {
  test('one reserved value: 4 paths per rule for the backend, hosts split to fit', () => {
    const without = build({ defaultService: 'storefront' }).plan;
    const reserved = build({ defaultService: 'storefront', requiredHeader: HEADER }, 1).plan;
    const sizes = (plan: typeof without, service: string) =>
      plan.filter((p) => p.service === service).map((p) => p.pathPatterns.length + p.hostHeaders.length);
    expect(sizes(without, 'backend')).toEqual([5, 5]);
    expect(sizes(reserved, 'backend')).toEqual([4, 4, 2]);
    expect(sizes(without, 'tenant')).toEqual([5]);
    expect(sizes(reserved, 'tenant')).toEqual([4, 1]);
  });
});

describe('the storefront as a catch-all rule (blue/green needs a rule to shift)', () => {
  const { template, listener, rules, tg } = build({ defaultService: 'storefront', catchAllRule: true });

  test('a /* rule at the last priority, and a 404 default action', () => {
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::ListenerRule', {
      Priority: CATCH_ALL_PRIORITY,
      Conditions: [{ Field: 'path-pattern', PathPatternConfig: { Values: ['/*'] } }],
    });
    expect(rules.storefront).toHaveLength(1);
    expect(route(template, listener, { host: 'shop.example.com', path: '/de/products/x' })).toEqual({
      kind: 'forward',
      targetGroup: tg('storefront'),
      rule: CATCH_ALL_PRIORITY,
    });
    expect(route(template, listener, { host: 'shop.example.com', path: '/store/carts' }).targetGroup).toBe(
      tg('backend'),
    );
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 443,
      DefaultActions: [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '404' } }],
    });
  });

  test('without either option the storefront stays the default action', () => {
    const plain = build({ defaultService: 'storefront' });
    expect(plain.rules.storefront).toBeUndefined();
    expect(route(plain.template, plain.listener, { host: 'shop.example.com', path: '/' })).toEqual({
      kind: 'forward',
      targetGroup: plain.tg('storefront'),
      rule: 'default',
    });
  });
});
