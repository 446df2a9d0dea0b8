import { globMatches, route } from './alb-matcher';

type AlbRequestHeaders = { [name: string]: unknown };

/*
 * The matcher itself, on hand-written listener rules: ALB's documented matching (wildcards,
 * case, query strings, priority order, several values, the default action).
 */

const forward = (tg: string) => [{ Type: 'forward', TargetGroupArn: { Ref: tg } }];
const rule = (priority: number, conditions: any[], tg: string) => ({
  Type: 'AWS::ElasticLoadBalancingV2::ListenerRule',
  Properties: {
    ListenerArn: { Ref: 'Listener' },
    Priority: priority,
    Conditions: conditions,
    Actions: forward(tg),
  },
});
const paths = (...values: string[]) => ({ Field: 'path-pattern', PathPatternConfig: { Values: values } });
const hosts = (...values: string[]) => ({ Field: 'host-header', HostHeaderConfig: { Values: values } });

const TEMPLATE = {
  Resources: {
    Listener: {
      Type: 'AWS::ElasticLoadBalancingV2::Listener',
      Properties: {
        DefaultActions: [
          { Type: 'fixed-response', FixedResponseConfig: { StatusCode: '404', ContentType: 'text/plain' } },
        ],
      },
    },
    // listed out of priority order on purpose
    Wide: rule(30, [paths('/store*')], 'WideTg'),
    Store: rule(20, [paths('/store', '/store/*')], 'StoreTg'),
    Api: rule(10, [hosts('API.example.com'), paths('/v?/*')], 'ApiTg'),
    Middle: rule(40, [paths('/a/*/c')], 'MiddleTg'),
    Tenants: rule(50, [hosts('*.example.com')], 'TenantsTg'),
    OtherListener: {
      Type: 'AWS::ElasticLoadBalancingV2::ListenerRule',
      Properties: {
        ListenerArn: { Ref: 'Other' },
        Priority: 1,
        Conditions: [paths('/*')],
        Actions: forward('OtherTg'),
      },
    },
  },
};

describe('ALB matcher on hand-written rules', () => {
  test.each<[string, string, string, string | number]>([
    ['/store matches the exact pattern', 'shop.com', '/store', 'StoreTg'],
    ['/store/products matches /store/*', 'shop.com', '/store/products', 'StoreTg'],
    [
      '/storefront skips /store and /store/* and falls to the wider /store*',
      'shop.com',
      '/storefront',
      'WideTg',
    ],
    ['a query string is not part of the path', 'shop.com', '/store?x=/y', 'StoreTg'],
    ['path matching is case-sensitive', 'shop.com', '/Store', 404],
    ['? is exactly one character', 'api.example.com', '/v1/users', 'ApiTg'],
    ['? is not zero characters', 'api.example.com', '/v/users', 'TenantsTg'],
    ['? is not two characters', 'api.example.com', '/v12/users', 'TenantsTg'],
    ['host matching is case-insensitive, and a port is ignored', 'Api.Example.COM:443', '/v2/x', 'ApiTg'],
    [
      'priority order, not template order: host+path at 10 before the wildcard host at 50',
      'api.example.com',
      '/v3/',
      'ApiTg',
    ],
    ['* in the middle spans one or more segments', 'shop.com', '/a/b/x/c', 'MiddleTg'],
    ['* in the middle may be empty', 'shop.com', '/a//c', 'MiddleTg'],
    ['* in the middle still anchors the end', 'shop.com', '/a/b/c/d', 404],
    ['a wildcard host matches a subdomain', 'eu.example.com', '/', 'TenantsTg'],
    ['a wildcard host does not match the apex without a dot', 'example.com', '/', 404],
    ['rules of another listener do not count', 'shop.com', '/anything', 404],
  ])('%s', (_name, host, path, expected) => {
    const result = route(TEMPLATE, 'Listener', { host, path });
    if (typeof expected === 'number') {
      expect(result).toEqual({ kind: 'fixed-response', statusCode: String(expected), rule: 'default' });
    } else {
      expect(result.targetGroup).toBe(expected);
    }
  });

  test('the matching rule is reported by priority', () => {
    expect(route(TEMPLATE, 'Listener', { host: 'shop.com', path: '/store/x' })).toEqual({
      kind: 'forward',
      targetGroup: 'StoreTg',
      rule: 20,
    });
  });

  test('globMatches: * matches 0 or more, ? exactly one, regex characters are literal', () => {
    expect(globMatches('/a.b', '/a.b', false)).toBe(true);
    expect(globMatches('/a.b', '/axb', false)).toBe(false);
    expect(globMatches('/a+(b)', '/a+(b)', false)).toBe(true);
    expect(globMatches('*', '', false)).toBe(true);
    expect(globMatches('?', '', false)).toBe(false);
  });

  test('a redirect default action', () => {
    const template = {
      Resources: {
        Http: {
          Type: 'AWS::ElasticLoadBalancingV2::Listener',
          Properties: {
            DefaultActions: [
              {
                Type: 'redirect',
                RedirectConfig: { Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' },
              },
            ],
          },
        },
      },
    };
    expect(route(template, 'Http', { host: 'x.com', path: '/' })).toEqual({
      kind: 'redirect',
      statusCode: 'HTTP_301',
      redirectTo: 'HTTPS:443',
      rule: 'default',
    });
  });

  test.each<[string, any, RegExp]>([
    [
      'two rules with one priority',
      { A: rule(10, [paths('/a')], 'A'), B: rule(10, [paths('/b')], 'B') },
      /two rules of Listener have priority 10/,
    ],
    [
      'a condition the matcher does not evaluate',
      {
        A: rule(10, [{ Field: 'source-ip', SourceIpConfig: { Values: ['10.0.0.0/8'] } }], 'A'),
      },
      /does not evaluate 'source-ip'/,
    ],
    [
      'an http-header condition without values',
      { A: rule(10, [{ Field: 'http-header', HttpHeaderConfig: { HttpHeaderName: 'X' } }], 'A') },
      /needs a header name and values/,
    ],
    [
      'a token condition value',
      { A: rule(10, [{ Field: 'path-pattern', PathPatternConfig: { Values: [{ Ref: 'P' }] } }], 'A') },
      /must be literal strings/,
    ],
    ['a priority outside 1..50000', { A: rule(50_001, [paths('/a')], 'A') }, /outside ALB's 1..50000/],
  ])('refuses %s', (_name, rules, error) => {
    const template = { Resources: { Listener: TEMPLATE.Resources.Listener, ...rules } };
    expect(() => route(template, 'Listener', { host: 'x.com', path: '/a' })).toThrow(error);
  });

  describe('http-header conditions', () => {
    const secret = { 'Fn::Join': ['', ['{{resolve:secretsmanager:', { Ref: 'S' }, ':SecretString:::}}']] };
    const header = (name: string, ...values: unknown[]) => ({
      Field: 'http-header',
      HttpHeaderConfig: { HttpHeaderName: name, Values: values },
    });
    const template = {
      Resources: {
        Listener: TEMPLATE.Resources.Listener,
        Locked: rule(10, [paths('/store/*'), header('X-Origin-Verify', secret)], 'StoreTg'),
        Any: rule(20, [header('X-Tenant', 'a*', 'b?')], 'TenantTg'),
      },
    };
    test.each<[string, AlbRequestHeaders, string | number]>([
      ['the same expression in the named header', { 'X-Origin-Verify': secret }, 'StoreTg'],
      ['the header name in another case', { 'x-origin-verify': secret }, 'StoreTg'],
      ['no header', {}, 404],
      ['another value', { 'X-Origin-Verify': 'guess' }, 404],
      ['wildcard value, case-insensitive', { 'X-Tenant': 'ACME' }, 'TenantTg'],
      ['? matches one character', { 'X-Tenant': 'bz' }, 'TenantTg'],
      ['? needs exactly one character', { 'X-Tenant': 'bzz' }, 404],
    ])('%s', (_name, headers, expected) => {
      const result = route(template, 'Listener', { host: 'x.com', path: '/store/p', headers });
      expect(typeof expected === 'number' ? Number(result.statusCode) : result.targetGroup).toEqual(expected);
    });
  });

  test('refuses a logical id that is not a listener', () => {
    expect(() => route(TEMPLATE, 'Store', { host: 'x.com', path: '/' })).toThrow(
      /not an AWS::ElasticLoadBalancingV2::Listener/,
    );
  });
});
