import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { BASIC, PRODUCTS, shopStack } from './fargate-fixtures';
import { FargateShop } from '../../../src';
import { logicalIdOf, route } from '../../helpers/alb-matcher';

/*
 * Routing proved on the synthesized FargateShop template: the listener's rules (conditions and
 * priorities) are read back and evaluated with ALB's matching (lowest priority first, path
 * patterns case-sensitive, host headers not, `*` and `?`) for a table of requests.
 */
describe('FargateShop routes requests like seed 003 and Medusa', () => {
  const { shop, template } = shopStack({
    ...BASIC,
    worker: {},
    services: [
      { name: 'products', image: PRODUCTS, port: 8000, pathPatterns: ['/products', '/products/*'] },
      { name: 'orders', image: PRODUCTS, port: 8001, pathPatterns: ['/orders/*'] },
      { name: 'api', image: PRODUCTS, port: 8002, hostHeaders: ['api.example.com'] },
      { name: 'inventory', image: PRODUCTS, port: 8003, public: false },
    ],
  });
  const listener = logicalIdOf(shop.httpListener!);
  const targets = Object.fromEntries(
    Object.keys(template.findResources('AWS::ElasticLoadBalancingV2::TargetGroup')).map((id) => [
      id
        .replace(/^Shop/, '')
        .replace(/Targets[0-9A-F]{8}$/, '')
        .toLowerCase(),
      id,
    ]),
  );

  test('one target group per public service, none for the worker or the private service', () => {
    expect(Object.keys(targets).sort()).toEqual(['api', 'backend', 'orders', 'products', 'storefront']);
  });

  test.each([
    ['shop.example.com', '/store/products', 'backend'],
    ['shop.example.com', '/store', 'backend'],
    ['shop.example.com', '/storefront', 'storefront'],
    ['shop.example.com', '/app', 'backend'],
    ['shop.example.com', '/app/orders', 'backend'],
    ['shop.example.com', '/admin/products?limit=5', 'backend'],
    ['shop.example.com', '/auth/customer/emailpass', 'backend'],
    ['shop.example.com', '/health', 'backend'],
    ['shop.example.com', '/healthz', 'storefront'],
    ['shop.example.com', '/products/42', 'products'],
    ['shop.example.com', '/products', 'products'],
    ['shop.example.com', '/Products/42', 'storefront'],
    ['shop.example.com', '/orders/7', 'orders'],
    ['shop.example.com', '/orders', 'storefront'],
    ['shop.example.com', '/', 'storefront'],
    ['shop.example.com', '/us/checkout', 'storefront'],
    ['api.example.com', '/v1/anything', 'api'],
    ['API.Example.com', '/', 'api'],
    ['api.example.com', '/store/products', 'api'],
  ])('%s%s -> %s', (host, path, service) => {
    const result = route(template, listener, { host, path });
    expect(result.kind).toBe('forward');
    expect(result.targetGroup).toBe(targets[service]);
  });

  test('without a storefront, unmatched requests get a fixed 404', () => {
    const { shop: s, template: t } = shopStack({ backend: BASIC.backend });
    const result = route(t, logicalIdOf(s.httpListener!), { host: 'x', path: '/' });
    expect(result).toMatchObject({ kind: 'fixed-response', statusCode: '404' });
    expect(route(t, logicalIdOf(s.httpListener!), { host: 'x', path: '/store/carts' }).kind).toBe('forward');
  });

  test('with a domain, HTTP redirects to HTTPS and the HTTPS listener routes', () => {
    const stack = new Stack(new App(), 'Stack', { env: { region: 'us-east-1' } });
    const zone = route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', {
      hostedZoneId: 'Z1',
      zoneName: 'example.com',
    });
    const s = new FargateShop(stack, 'Shop', { ...BASIC, domainName: 'shop.example.com', hostedZone: zone });
    const t = Template.fromStack(stack);
    expect(
      route(t, logicalIdOf(s.httpListener!), { host: 'shop.example.com', path: '/store' }),
    ).toMatchObject({
      kind: 'redirect',
      statusCode: 'HTTP_301',
    });
    const https = route(t, logicalIdOf(s.httpsListener!), { host: 'shop.example.com', path: '/store' });
    expect(https.kind).toBe('forward');
    expect(https.targetGroup).toMatch(/^ShopBackendTargets/);
  });
});
