import { Annotations as AssertAnnotations, Match } from 'aws-cdk-lib/assertions';
import { route, scope } from './routing-fixture';
import { pathsDisjoint, patternMatches } from '../../../src/shop/fargate/route-patterns';
import {
  PlannedRule,
  planListenerRules,
  prefixesToPathPatterns,
  RouteRequest,
} from '../../../src/shop/fargate/routing';

/*
 * routing.ts planning: prefixes to patterns, the split into rules of at most 5 values and 5
 * wildcards, the order that lets the most specific pattern win, and merging that keeps routing.
 */

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
