import { pathPatternMatches, requestPath, routeRequest } from './cloudfront-matcher';

/*
 * The matcher's own rules, each against CloudFront's documented path-pattern semantics
 * (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/DownloadDistValuesCacheBehavior.html#DownloadDistValuesPathPattern).
 */
describe('pathPatternMatches follows CloudFront path patterns', () => {
  test.each<[string, string, boolean]>([
    // `*` is any run of characters, '/' included, or none
    ['/images/*.jpg', '/images/a.jpg', true],
    ['/images/*.jpg', '/images/2024/a.jpg', true],
    ['/images/*.jpg', '/images/.jpg', true],
    ['/images/*.jpg', '/images/a.png', false],
    ['/_next/image*', '/_next/image', true],
    ['/_next/image*', '/_next/imagefoo', true],
    ['/_next/static/*', '/_next/static', false],
    ['/_next/static/*', '/_next/static/', true],
    // `?` is exactly one character
    ['/a?c', '/abc', true],
    ['/a?c', '/ac', false],
    ['/a?c', '/abbc', false],
    // case-sensitive
    ['/media/*', '/MEDIA/p.jpg', false],
    ['/Media/*', '/Media/p.jpg', true],
    // a leading slash on the pattern makes no difference
    ['media/*', '/media/p.jpg', true],
    // anchored at both ends: a pattern is not a substring search
    ['/media/*', '/api/media/p.jpg', false],
    ['/media', '/media/p.jpg', false],
    // regular-expression characters are literal
    ['/a.b', '/aXb', false],
    ['/a+b', '/a+b', true],
    ['/$x', '/$x', true],
  ])('%s against %s: %s', (pattern, path, expected) => {
    expect(pathPatternMatches(pattern, path)).toBe(expected);
  });
});

describe('requestPath drops the query string, the fragment and any scheme and host', () => {
  test.each([
    ['/api/x?y=/media/', '/api/x'],
    ['/_next/image?url=%2Fp.jpg&w=640&q=75', '/_next/image'],
    ['/a#b?c', '/a'],
    ['https://shop.example.com/media/p.jpg?v=1', '/media/p.jpg'],
    ['https://shop.example.com', '/'],
    ['/', '/'],
  ])('%s -> %s', (url, path) => {
    expect(requestPath(url)).toBe(path);
  });
});

describe('routeRequest picks the first matching behaviour in order, else the default', () => {
  const policy = (ttl: number) => ({
    Type: 'AWS::CloudFront::CachePolicy',
    Properties: {
      CachePolicyConfig: {
        MinTTL: 0,
        DefaultTTL: ttl,
        MaxTTL: ttl,
        ParametersInCacheKeyAndForwardedToOrigin: {
          HeadersConfig: { HeaderBehavior: 'whitelist', Headers: ['RSC', 'accept'] },
          CookiesConfig: { CookieBehavior: 'none' },
          QueryStringsConfig: { QueryStringBehavior: 'whitelist', QueryStrings: ['w', 'q'] },
        },
      },
    },
  });
  const template = {
    Resources: {
      Short: policy(60),
      Long: policy(3600),
      Dist: {
        Type: 'AWS::CloudFront::Distribution',
        Properties: {
          DistributionConfig: {
            Origins: [
              { Id: 'app', DomainName: 'app.example.com' },
              { Id: 'bucket', DomainName: 'b.s3.amazonaws.com' },
            ],
            DefaultCacheBehavior: {
              TargetOriginId: 'app',
              CachePolicyId: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad',
              OriginRequestPolicyId: 'b689b0a8-53d0-40ab-baf2-68738e2966ac',
            },
            CacheBehaviors: [
              // the broader pattern first: it wins over the narrower one after it
              { PathPattern: '/a/*', TargetOriginId: 'bucket', CachePolicyId: { Ref: 'Long' } },
              { PathPattern: '/a/b/*', TargetOriginId: 'app', CachePolicyId: { Ref: 'Short' } },
              {
                PathPattern: '/c/*',
                TargetOriginId: 'app',
                CachePolicyId: '658327ea-f89d-4fab-a63d-7e88639e58f6',
              },
            ],
          },
        },
      },
    },
  };

  test('the first match wins even when a later pattern is more specific', () => {
    const r = routeRequest(template, '/a/b/c.js');
    expect([r.pathPattern, r.origin.Id, r.cachePolicy.name, r.cachePolicy.maxTtl]).toEqual([
      '/a/*',
      'bucket',
      'Long',
      3600,
    ]);
  });

  test('no match: the default behaviour, with its managed policies resolved', () => {
    const r = routeRequest(template, '/x?c/=1');
    expect(r.pathPattern).toBe('default');
    expect(r.cachePolicy).toMatchObject({ name: 'CachingDisabled', maxTtl: 0 });
    expect(r.originRequestPolicy).toBe('AllViewerExceptHostHeader');
  });

  test('a custom policy reads as sorted lower-case headers and sorted query strings', () => {
    const r = routeRequest(template, '/a/x');
    expect(r.cachePolicy).toEqual({
      name: 'Long',
      minTtl: 0,
      defaultTtl: 3600,
      maxTtl: 3600,
      headers: ['accept', 'rsc'],
      cookies: 'none',
      queryStrings: ['q', 'w'],
    });
    expect(r.originRequestPolicy).toBeUndefined();
  });

  test('a managed policy it does not know, or a cache-key behaviour it cannot read, throws', () => {
    const unknown = JSON.parse(JSON.stringify(template));
    unknown.Resources.Dist.Properties.DistributionConfig.DefaultCacheBehavior.CachePolicyId =
      '00000000-0000-0000-0000-000000000000';
    expect(() => routeRequest(unknown, '/')).toThrow(/unknown managed cache policy/);
    const allExcept = JSON.parse(JSON.stringify(template));
    allExcept.Resources.Long.Properties.CachePolicyConfig.ParametersInCacheKeyAndForwardedToOrigin.QueryStringsConfig =
      {
        QueryStringBehavior: 'allExcept',
        QueryStrings: ['x'],
      };
    expect(() => routeRequest(allExcept, '/a/x')).toThrow(/QueryString behaviour 'allExcept'/);
  });
});
