import { CfnParameter, Stack } from 'aws-cdk-lib';
import { route, scope } from './routing-fixture';
import { planListenerRules, RouteRequest } from '../../../src/shop/fargate/routing';

/*
 * routing.ts bad input: ALB pattern validation and duplicate claims; each case names the
 * construct path and the prop. Near-edge good patterns are accepted.
 */

describe('planListenerRules rejects bad patterns, naming the construct and the prop', () => {
  const long = '/' + 'a'.repeat(128);
  test.each<[string, (stack: Stack) => RouteRequest[], string, RegExp]>([
    ['an empty path pattern', () => [route('backend', [''])], 'services[0].pathPatterns[0]', /is empty/],
    [
      'a path pattern of 129 characters',
      () => [route('backend', [long])],
      'services[0].pathPatterns[0]',
      /129 characters, more than ALB's 128/,
    ],
    [
      'a space in a path pattern',
      () => [route('backend', ['/a b'])],
      'services[0].pathPatterns[0]',
      /contains ' '/,
    ],
    [
      'a percent sign in a path pattern',
      () => [route('backend', ['/a%20'])],
      'services[0].pathPatterns[0]',
      /contains '%'/,
    ],
    [
      'a query string in a path pattern',
      () => [route('backend', ['/search?q=1', '/a#b'])],
      'services[0].pathPatterns[0]',
      /contains '='/,
    ],
    [
      'a path pattern without a leading slash',
      () => [route('backend', ['/ok', 'store/*'])],
      'services[0].pathPatterns[1]',
      /does not start with '\/'/,
    ],
    [
      'six wildcards in one path pattern',
      () => [route('backend', ['/*/*/*/*/*/*'])],
      'services[0].pathPatterns[0]',
      /6 wildcards, more than ALB's 5/,
    ],
    [
      'a token path pattern',
      (stack) => [route('backend', [new CfnParameter(stack, 'P').valueAsString])],
      'services[0].pathPatterns[0]',
      /is a token/,
    ],
    [
      'a host header without a dot',
      () => [route('api', [], ['localhost'])],
      'services[0].hostHeaders[0]',
      /needs a '.' followed only by letters/,
    ],
    [
      'a host header ending in digits',
      () => [route('api', [], ['10.0.0.1'])],
      'services[0].hostHeaders[0]',
      /needs a '.' followed only by letters/,
    ],
    [
      'a host header with a port',
      () => [route('api', [], ['api.example.com:443'])],
      'services[0].hostHeaders[0]',
      /contains ':'/,
    ],
    [
      'a host header with a slash',
      () => [route('api', [], ['example.com/api'])],
      'services[0].hostHeaders[0]',
      /contains '\/'/,
    ],
    ['an empty host header', () => [route('api', [], [''])], 'services[0].hostHeaders[0]', /is empty/],
    [
      'a host header of 129 characters',
      () => [route('api', [], ['a'.repeat(125) + '.com'])],
      'services[0].hostHeaders[0]',
      /129 characters/,
    ],
    [
      'a token host header',
      (stack) => [route('api', [], [new CfnParameter(stack, 'H').valueAsString])],
      'services[0].hostHeaders[0]',
      /is a token/,
    ],
    [
      'a host and a path with 6 wildcards together',
      () => [route('api', ['/*/*/*'], ['*.*.*.example.com'])],
      'services[0].hostHeaders[0]',
      /exceeds ALB's 5 wildcards per rule/,
    ],
    [
      'a public service with no route',
      () => [route('orders', [], [])],
      'services[0].pathPatterns',
      /service 'orders' is public but has no path pattern and no host header/,
    ],
    [
      'a service routed twice with one path',
      () => [route('product', ['/products/*', '/p', '/products/*'])],
      'services[0].pathPatterns[2]',
      /service 'product' is routed twice with '\/products\/\*' \(also services\[0\]\.pathPatterns\[0\]\)/,
    ],
    [
      'a service routed twice with one host (case-insensitive)',
      () => [route('api', [], ['api.example.com', 'API.example.com'])],
      'services[0].hostHeaders[1]',
      /routed twice with 'api.example.com'/,
    ],
    [
      'one service routed twice with one path by two requests',
      () => [route('api', ['/a/*']), route('api', ['/b', '/a/*'], [], 1)],
      'services[1].pathPatterns[1]',
      /service 'api' is routed twice with path pattern '\/a\/\*'/,
    ],
    [
      'one path claimed by two services',
      () => [route('product', ['/products/*']), route('order', ['/orders/*', '/products/*'], [], 1)],
      'services[1].pathPatterns[1]',
      /path pattern '\/products\/\*' is claimed by both service 'product' and service 'order'/,
    ],
    [
      'one host claimed by two services',
      () => [route('a', [], ['shop.example.com']), route('b', [], ['SHOP.example.com'], 1)],
      'services[1].hostHeaders[0]',
      /host header 'SHOP.example.com' is claimed by both service 'a' and service 'b'/,
    ],
    [
      'one host+path pair claimed by two services',
      () => [route('a', ['/x/*'], ['api.example.com']), route('b', ['/x/*'], ['api.example.com'], 1)],
      'services[1].pathPatterns[0]',
      /host header 'api.example.com' with path pattern '\/x\/\*' is claimed by both service 'a' and service 'b'/,
    ],
  ])('%s', (_name, routes, prop, problem) => {
    const { stack, shop } = scope();
    let message = '';
    try {
      planListenerRules(shop, routes(stack));
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message.startsWith(`Stack/Shop: invalid '${prop}': `)).toBe(true);
    expect(message).toMatch(problem);
  });

  test.each<[string, string]>([
    ['services[2].hostHeaders', 'services[2].hostHeaders[0]'],
    ['services[2].pathPatterns', 'services[2].hostHeaders[0]'],
    ['backend', 'backend.hostHeaders[0]'],
  ])('prop %s names a bad host header %s', (prop, named) => {
    const { shop } = scope();
    expect(() =>
      planListenerRules(shop, [{ service: 'api', prop, pathPatterns: [], hostHeaders: ['nodot'] }]),
    ).toThrow(`Stack/Shop: invalid '${named}': `);
  });

  test('an explicit hostHeadersProp names the host prop', () => {
    const { shop } = scope();
    expect(() =>
      planListenerRules(shop, [
        {
          service: 'backend',
          prop: 'backend.pathPrefixes',
          hostHeadersProp: 'backend',
          pathPatterns: ['/store'],
          hostHeaders: ['nodot'],
        },
      ]),
    ).toThrow("Stack/Shop: invalid 'backend[0]': 'nodot' needs a '.'");
  });
});

describe('planListenerRules accepts near-edge good patterns', () => {
  test.each<[string, string[], string[]]>([
    ['a path pattern of exactly 128 characters', ['/' + 'a'.repeat(127)], []],
    ['every allowed special character', ['/a_b-c.d$e/f~g"h\'i@j:k+l&m'], []],
    ['five wildcards in one path pattern', ['/*/*/*/*/*'], []],
    ['? and * mixed, leading wildcard', ['*.jpg', '/?/x'], []],
    ['a wildcard host and upper case', [], ['*.Example.COM']],
    ['a host of exactly 128 characters', [], ['a'.repeat(124) + '.com']],
    ['the same path on two hosts for one service', ['/x'], ['a.example.com', 'b.example.com']],
  ])('%s', (_name, paths, hosts) => {
    const { shop } = scope();
    const rules = planListenerRules(shop, [route('backend', paths, hosts)]);
    expect(rules.flatMap((r) => r.pathPatterns).sort()).toEqual([...paths].sort());
    expect(new Set(rules.flatMap((r) => r.hostHeaders))).toEqual(new Set(hosts));
  });

  test('one path for two services on different hosts, and path-only next to host+path, is no conflict', () => {
    const { shop } = scope();
    const rules = planListenerRules(shop, [
      route('a', ['/api/*'], ['a.example.com']),
      route('b', ['/api/*'], ['b.example.com'], 1),
      route('c', ['/api/*'], [], 2),
    ]);
    expect(rules.map((r) => r.service)).toEqual(['a', 'b', 'c']);
  });
});
