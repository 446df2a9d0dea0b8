import { App, CfnParameter, Stack } from 'aws-cdk-lib';
import { Annotations as AssertAnnotations, Match } from 'aws-cdk-lib/assertions';
import { Construct } from 'constructs';
import { pathsDisjoint, patternMatches } from '../../../src/shop/fargate/route-patterns';
import {
  PlannedRule,
  planListenerRules,
  prefixesToPathPatterns,
  RouteRequest,
} from '../../../src/shop/fargate/routing';

/*
 * routing.ts: ALB pattern validation (each bad input names the construct path and the prop),
 * duplicate claims, the split into rules of at most 5 values and 5 wildcards, and the order
 * that lets the most specific pattern win.
 */

function scope(): { stack: Stack; shop: Construct } {
  const stack = new Stack(new App(), 'Stack');
  return { stack, shop: new Construct(stack, 'Shop') };
}

const route = (
  service: string,
  pathPatterns: string[],
  hostHeaders: string[] = [],
  index = 0,
): RouteRequest => ({
  service,
  prop: `services[${index}].pathPatterns`,
  pathPatterns,
  hostHeaders,
});

describe('prefixesToPathPatterns', () => {
  test.each<[string[], string[]]>([
    [['/store'], ['/store', '/store/*']],
    [
      ['/store', '/admin'],
      ['/store', '/store/*', '/admin', '/admin/*'],
    ],
    [['/store/'], ['/store', '/store/*']],
    [['/'], ['/*']],
    [
      ['/store', '/store'],
      ['/store', '/store/*'],
    ],
    [[], []],
  ])('%j -> %j', (prefixes, patterns) => {
    expect(prefixesToPathPatterns(prefixes)).toEqual(patterns);
  });
});

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

describe('planListenerRules orders rules so the most specific wins', () => {
  test('exact before wildcard, longer literal prefix first, fewer wildcards first; priorities 10, 20, …', () => {
    const { shop } = scope();
    const rules = planListenerRules(shop, [
      route('storefront', ['/*']),
      route('backend', ['/store/*', '/store']),
      route('product', ['/store/products/*'], [], 2),
      route('legacy', ['/store/*/old/*'], [], 3),
    ]);
    expect(rules).toEqual([
      { service: 'backend', priority: 10, pathPatterns: ['/store'], hostHeaders: [] },
      { service: 'product', priority: 20, pathPatterns: ['/store/products/*'], hostHeaders: [] },
      { service: 'backend', priority: 30, pathPatterns: ['/store/*'], hostHeaders: [] },
      { service: 'legacy', priority: 40, pathPatterns: ['/store/*/old/*'], hostHeaders: [] },
      { service: 'storefront', priority: 50, pathPatterns: ['/*'], hostHeaders: [] },
    ]);
  });

  test('host+path before host-only before path-only', () => {
    const { shop } = scope();
    const rules = planListenerRules(shop, [
      route('paths', ['/admin/*']),
      route('hosts', [], ['admin.example.com'], 1),
      route('both', ['/admin/*'], ['admin.example.com'], 2),
    ]);
    expect(rules.map((r) => [r.service, r.priority])).toEqual([
      ['both', 10],
      ['hosts', 20],
      ['paths', 30],
    ]);
  });

  test('a literal host before a wildcard host', () => {
    const { shop } = scope();
    const rules = planListenerRules(shop, [
      route('tenants', [], ['*.example.com']),
      route('api', [], ['api.example.com'], 1),
    ]);
    expect(rules.map((r) => r.service)).toEqual(['api', 'tenants']);
  });

  test('ties keep service order then pattern order (deterministic)', () => {
    const { shop } = scope();
    const rules = planListenerRules(shop, [route('a', ['/b/*', '/a/*']), route('b', ['/c/*'], [], 1)]);
    expect(rules).toEqual([
      { service: 'a', priority: 10, pathPatterns: ['/b/*', '/a/*'], hostHeaders: [] },
      { service: 'b', priority: 20, pathPatterns: ['/c/*'], hostHeaders: [] },
    ]);
  });

  test("Medusa's prefixes give two rules of at most 5 values, exact paths first", () => {
    const { shop } = scope();
    const rules = planListenerRules(shop, [
      route('backend', prefixesToPathPatterns(['/store', '/admin', '/auth', '/app', '/health'])),
    ]);
    expect(rules).toEqual([
      {
        service: 'backend',
        priority: 10,
        pathPatterns: ['/health', '/store', '/admin', '/auth', '/app'],
        hostHeaders: [],
      },
      {
        service: 'backend',
        priority: 20,
        pathPatterns: ['/health/*', '/store/*', '/admin/*', '/auth/*', '/app/*'],
        hostHeaders: [],
      },
    ]);
  });
});

describe('planListenerRules keeps each rule within ALB limits', () => {
  test('a rule with hosts carries them and as many paths as fit (5 values in all)', () => {
    const { shop } = scope();
    const rules = planListenerRules(shop, [
      route('api', ['/a', '/b', '/c', '/d'], ['x.example.com', 'y.example.com']),
    ]);
    expect(rules).toEqual([
      {
        service: 'api',
        priority: 10,
        pathPatterns: ['/a', '/b', '/c'],
        hostHeaders: ['x.example.com', 'y.example.com'],
      },
      { service: 'api', priority: 20, pathPatterns: ['/d'], hostHeaders: ['x.example.com', 'y.example.com'] },
    ]);
  });

  test('five hosts with paths: the hosts are split, one rule per combination', () => {
    const { shop } = scope();
    const hosts = ['a', 'b', 'c', 'd', 'e'].map((h) => `${h}.example.com`);
    const rules = planListenerRules(shop, [route('api', ['/x'], hosts)]);
    expect(rules.map((r) => r.hostHeaders)).toEqual([hosts.slice(0, 4), hosts.slice(4)]);
    expect(rules.every((r) => r.pathPatterns.join() === '/x')).toBe(true);
  });

  test('no rule has more than 5 values or 5 wildcards', () => {
    const { shop } = scope();
    const paths = ['/a/*', '/b/*', '/c/*', '/d/*', '/e/*', '/f/*', '/g/*'].map((p) => p + '/*');
    const rules = planListenerRules(shop, [
      route('api', paths, ['*.example.com']),
      route(
        'b',
        [],
        [
          '1.example.com',
          '2.example.com',
          '3.example.com',
          '4.example.com',
          '5.example.com',
          '6.example.com',
        ],
        1,
      ),
    ]);
    for (const r of rules) {
      const values = [...r.pathPatterns, ...r.hostHeaders];
      expect(values.length).toBeLessThanOrEqual(5);
      expect(values.join('').replace(/[^*?]/g, '').length).toBeLessThanOrEqual(5);
    }
    expect(rules.flatMap((r) => r.pathPatterns).sort()).toEqual([...paths].sort());
    expect(rules.filter((r) => r.service === 'b').map((r) => r.hostHeaders.length)).toEqual([5, 1]);
  });

  test('more rules than the default quota: a warning naming the quota', () => {
    const { stack, shop } = scope();
    const routes = Array.from({ length: 101 }, (_, i) => route(`s${i}`, [`/s${i}/*`], [], i));
    const rules = planListenerRules(shop, routes);
    expect(rules[100].priority).toBe(1010);
    AssertAnnotations.fromStack(stack).hasWarning(
      '/Stack/Shop',
      Match.stringLikeRegexp("ALB's default quota is 100 rules"),
    );
  });

  test('more rules than priorities allow is rejected', () => {
    const { shop } = scope();
    const routes = Array.from({ length: 5001 }, (_, i) => route(`s${i}`, [`/s${i}`], [], i));
    expect(() => planListenerRules(shop, routes)).toThrow(
      /^Stack\/Shop: invalid 'services': the routes need 5001 listener rules/,
    );
  });
});

describe('pathsDisjoint: true only when no path matches both', () => {
  test.each<[string, string, boolean]>([
    ['/store', '/admin', true],
    ['/store', '/store', false],
    ['/store', '/store/*', true],
    ['/store/x', '/store/*', false],
    ['/health/*', '/orders/*', true],
    ['/store/*', '/store/products/*', false],
    ['/store*', '/storefront', false],
    ['*.jpg', '*.png', true],
    ['*.jpg', '/img/*', false],
    ['/a/*/c', '/a/*/d', true],
    ['/?', '/ab', true],
    ['/*', '/anything', false],
  ])('%s vs %s -> %s', (a, b, disjoint) => {
    expect(pathsDisjoint(a, b)).toBe(disjoint);
    expect(pathsDisjoint(b, a)).toBe(disjoint);
  });
});

describe('merging rules never changes where a request goes', () => {
  test('seed 003 and Medusa: 4 rules, disjoint patterns of one service share a rule', () => {
    const { shop } = scope();
    const rules = planListenerRules(shop, [
      route('backend', prefixesToPathPatterns(['/store', '/admin', '/auth', '/app', '/health'])),
      route('product', prefixesToPathPatterns(['/products']), [], 1),
      route('order', ['/orders/*'], [], 2),
    ]);
    expect(rules).toEqual([
      { service: 'product', priority: 10, pathPatterns: ['/products', '/products/*'], hostHeaders: [] },
      {
        service: 'backend',
        priority: 20,
        pathPatterns: ['/health', '/store', '/admin', '/auth', '/app'],
        hostHeaders: [],
      },
      {
        service: 'backend',
        priority: 30,
        pathPatterns: ['/health/*', '/store/*', '/admin/*', '/auth/*', '/app/*'],
        hostHeaders: [],
      },
      { service: 'order', priority: 40, pathPatterns: ['/orders/*'], hostHeaders: [] },
    ]);
  });

  /**
   * The reference: of the patterns matching a path, the most specific wins (exact first, then
   * the longer literal prefix, then fewer wildcards, then service and pattern order), written
   * here independently of the planner.
   */
  function expectedService(routes: RouteRequest[], path: string): string | undefined {
    const candidates = routes.flatMap((r, s) =>
      r.pathPatterns
        .filter((p) => patternMatches(p, path))
        .map((p, i) => {
          const first = p.search(/[*?]/);
          return {
            service: r.service,
            key: [first < 0 ? 0 : 1, -(first < 0 ? p.length : first), p.replace(/[^*?]/g, '').length, s, i],
          };
        }),
    );
    candidates.sort((a, b) => compareKeys(a.key, b.key));
    return candidates[0]?.service;
  }
  const compareKeys = (a: number[], b: number[]) => a.map((v, k) => v - b[k]).find((d) => d !== 0) ?? 0;
  const firstMatch = (rules: PlannedRule[], path: string) =>
    rules.find((r) => r.pathPatterns.some((p) => patternMatches(p, path)))?.service;
  const samples = (patterns: string[]) =>
    patterns.flatMap((p) =>
      ['', 'x', 'x/y', 'products', '/z'].flatMap((fill) => [
        p.replace(/\*/g, fill).replace(/\?/g, 'q'),
        p.split(/[*?]/)[0],
      ]),
    );

  test.each<[string, RouteRequest[]]>([
    [
      'seed 003 and Medusa',
      [
        route('backend', prefixesToPathPatterns(['/store', '/admin', '/auth', '/app', '/health'])),
        route('product', prefixesToPathPatterns(['/products', '/store/products']), [], 1),
        route('order', ['/orders/*', '/store/orders/*'], [], 2),
        route('assets', ['*.js', '*.css', '/static/*'], [], 3),
      ],
    ],
    [
      'nested and overlapping patterns across services',
      [
        route('a', ['/api/*', '/api/v?/admin/*', '/docs']),
        route('b', ['/api/v1/*', '/api/*/health', '/doc*'], [], 1),
        route('c', ['/*/health', '/api/v2/*', '/'], [], 2),
        route('d', ['/api/v1/admin/*', '*'], [], 3),
      ],
    ],
  ])('%s: the planned rules route every sample as the most specific pattern', (_name, routes) => {
    const { shop } = scope();
    const rules = planListenerRules(shop, routes);
    const paths = samples(routes.flatMap((r) => r.pathPatterns));
    expect(paths.length).toBeGreaterThan(50);
    for (const path of paths) {
      expect([path, firstMatch(rules, path)]).toEqual([path, expectedService(routes, path)]);
    }
  });
});
