import { Template } from 'aws-cdk-lib/assertions';
import { certificate, routedShop, shopStack, targetGroup } from './load-balancer-fixture';
import { addListenerRules, createShopLoadBalancer } from '../../../src/shop/fargate/load-balancer';
import { planListenerRules } from '../../../src/shop/fargate/routing';
import { logicalIdOf, route } from '../../helpers/alb-matcher';

/*
 * Routing proved on the synthesized template: the listener rules addListenerRules writes,
 * evaluated by the ALB matcher (test/helpers/alb-matcher.ts) against tables of requests.
 */

describe('routing proved on the synthesized template (seed 003 and Medusa)', () => {
  const { stack, lb, targetGroups, rules: planned } = routedShop();
  const template = Template.fromStack(stack);
  const https = logicalIdOf(lb.listener);
  const tg = (service: keyof typeof targetGroups) => logicalIdOf(targetGroups[service]);

  test.each<[string, 'storefront' | 'backend' | 'product' | 'order']>([
    ['/store/products', 'backend'],
    ['/store', 'backend'],
    ['/storefront', 'storefront'],
    ['/app', 'backend'],
    ['/app/orders', 'backend'],
    ['/application', 'storefront'],
    ['/admin/products?limit=10', 'backend'],
    ['/auth/session', 'backend'],
    ['/health', 'backend'],
    ['/healthz', 'storefront'],
    ['/products/42', 'product'],
    ['/products', 'product'],
    ['/productsale', 'storefront'],
    ['/orders/7', 'order'],
    ['/orders', 'storefront'],
    ['/', 'storefront'],
    ['/Store/products', 'storefront'],
  ])('%s -> %s', (path, service) => {
    expect(route(template, https, { host: 'shop.example.com', path })).toMatchObject({
      kind: 'forward',
      targetGroup: tg(service),
    });
  });

  test('HTTP on 80 redirects every request to HTTPS with a 301', () => {
    const http = logicalIdOf(lb.redirectListener!);
    expect(route(template, http, { host: 'shop.example.com', path: '/store/products' })).toEqual({
      kind: 'redirect',
      statusCode: 'HTTP_301',
      redirectTo: 'HTTPS:443',
      rule: 'default',
    });
  });

  test('one ListenerRule per planned rule: its priority (10, 20, …), path condition and target group', () => {
    const rules = Object.values(template.findResources('AWS::ElasticLoadBalancingV2::ListenerRule')).map(
      (r) => r.Properties,
    );
    expect(rules.map((r) => r.Priority).sort((a, b) => a - b)).toEqual(planned.map((r) => r.priority));
    for (const rule of planned) {
      template.hasResourceProperties('AWS::ElasticLoadBalancingV2::ListenerRule', {
        ListenerArn: { Ref: https },
        Priority: rule.priority,
        Conditions: [{ Field: 'path-pattern', PathPatternConfig: { Values: rule.pathPatterns } }],
        Actions: [
          { Type: 'forward', TargetGroupArn: { Ref: tg(rule.service as keyof typeof targetGroups) } },
        ],
      });
    }
  });
});

describe('host-header routing proved on the synthesized template', () => {
  const { stack, shop, vpc } = shopStack();
  const lb = createShopLoadBalancer(shop, {
    vpc,
    certificate: certificate(shop),
    dualStack: false,
    deletionProtection: true,
  });
  const groups = {
    storefront: targetGroup(shop, vpc, 'storefront', 3000),
    api: targetGroup(shop, vpc, 'api', 9000),
    adminApi: targetGroup(shop, vpc, 'adminApi', 9001),
    tenants: targetGroup(shop, vpc, 'tenants', 3001),
  };
  const rules = planListenerRules(shop, [
    { service: 'api', prop: 'services[0].pathPatterns', pathPatterns: [], hostHeaders: ['api.example.com'] },
    {
      service: 'adminApi',
      prop: 'services[1].pathPatterns',
      pathPatterns: ['/admin/*'],
      hostHeaders: ['api.example.com'],
    },
    {
      service: 'tenants',
      prop: 'services[2].pathPatterns',
      pathPatterns: [],
      hostHeaders: ['*.shops.example.com'],
    },
  ]);
  addListenerRules(shop, lb, rules, groups, { defaultService: 'storefront' });
  const template = Template.fromStack(stack);

  test.each<[string, string, keyof typeof groups]>([
    ['api.example.com', '/admin/users', 'adminApi'],
    ['API.Example.com', '/admin/users', 'adminApi'],
    ['api.example.com', '/store/products', 'api'],
    ['api.example.com', '/Admin/users', 'api'],
    ['eu.shops.example.com', '/', 'tenants'],
    ['shops.example.com', '/', 'storefront'],
    ['shop.example.com', '/admin/users', 'storefront'],
  ])('%s%s -> %s', (host, path, service) => {
    expect(route(template, logicalIdOf(lb.listener), { host, path })).toMatchObject({
      targetGroup: logicalIdOf(groups[service]),
    });
  });

  test('a host+path rule carries both conditions', () => {
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::ListenerRule', {
      Priority: 10,
      Conditions: [
        { Field: 'host-header', HostHeaderConfig: { Values: ['api.example.com'] } },
        { Field: 'path-pattern', PathPatternConfig: { Values: ['/admin/*'] } },
      ],
    });
  });
});
