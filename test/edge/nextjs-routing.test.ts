import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { mediaBucket, synth } from './edge-fixtures';
import { CachePolicySettings, CloudFrontRoute, routeRequest } from '../helpers/cloudfront-matcher';

/*
 * The Next.js edge proved on its template: each request of the table is routed the way
 * CloudFront does (test/helpers/cloudfront-matcher.ts, first matching path pattern in order,
 * else the default), and the behaviour it lands on is checked with its origin and policies.
 */

const YEAR = 31536000;
const ROUTER_HEADERS = [
  'next-router-prefetch',
  'next-router-segment-prefetch',
  'next-router-state-tree',
  'next-url',
  'rsc',
];

const STATIC: Omit<CachePolicySettings, 'name'> = {
  minTtl: 0,
  defaultTtl: YEAR,
  maxTtl: YEAR,
  headers: [],
  cookies: 'none',
  queryStrings: 'none',
};
const IMAGES: Omit<CachePolicySettings, 'name'> = {
  minTtl: 0,
  defaultTtl: 86400,
  maxTtl: YEAR,
  headers: ['accept'],
  cookies: 'none',
  queryStrings: 'all',
};
const PAGES: Omit<CachePolicySettings, 'name'> = {
  minTtl: 0,
  defaultTtl: 0,
  maxTtl: YEAR,
  headers: ['authorization', ...ROUTER_HEADERS].sort(),
  cookies: 'none',
  queryStrings: 'all',
};
const CACHING_OPTIMIZED: CachePolicySettings = {
  name: 'CachingOptimized',
  minTtl: 1,
  defaultTtl: 86400,
  maxTtl: YEAR,
  headers: [],
  cookies: 'none',
  queryStrings: 'none',
};

type Origin = 'shop' | 'media bucket' | 'assets bucket';
/** url, expected path pattern, origin, cache policy, origin request policy. */
type Row = [string, string, Origin, Omit<CachePolicySettings, 'name'>, string | undefined];

const TABLE: Row[] = [
  ['/_next/static/chunks/a.js', '/_next/static/*', 'shop', STATIC, undefined],
  ['/_next/static/css/app.css?v=1', '/_next/static/*', 'shop', STATIC, undefined],
  // no trailing slash: not under the folder, so the page behaviour
  ['/_next/static', 'default', 'shop', PAGES, 'AllViewerExceptHostHeader'],
  ['/_next/image?url=%2Fmedia%2Fp.jpg&w=640&q=75', '/_next/image*', 'shop', IMAGES, undefined],
  // CloudFront's `*` matches any run of characters: the image behaviour, as its pattern says
  ['/_next/imagefoo', '/_next/image*', 'shop', IMAGES, undefined],
  ['/media/p.jpg', '/media/*', 'media bucket', CACHING_OPTIMIZED, undefined],
  ['/media', 'default', 'shop', PAGES, 'AllViewerExceptHostHeader'],
  // case-sensitive
  ['/MEDIA/p.jpg', 'default', 'shop', PAGES, 'AllViewerExceptHostHeader'],
  ['/static/logo.svg', '/static/*', 'shop', CACHING_OPTIMIZED, undefined],
  ['/store/products', 'default', 'shop', PAGES, 'AllViewerExceptHostHeader'],
  ['/', 'default', 'shop', PAGES, 'AllViewerExceptHostHeader'],
  // the query string is not part of the path
  ['/api/x?y=/media/', 'default', 'shop', PAGES, 'AllViewerExceptHostHeader'],
  ['/us/products/shirt?_rsc=1x2y', 'default', 'shop', PAGES, 'AllViewerExceptHostHeader'],
];

function originKind(route: CloudFrontRoute, mediaBucketId: string, assetsBucketId?: string): Origin {
  const domain = JSON.stringify(route.origin.DomainName);
  if (domain === '"origin.example.com"') return 'shop';
  if (domain.includes(mediaBucketId)) return 'media bucket';
  if (assetsBucketId && domain.includes(assetsBucketId)) return 'assets bucket';
  throw new Error(`unexpected origin ${domain}`);
}

function bucketId(template: any, name: RegExp): string {
  const id = Object.keys(template.findResources('AWS::S3::Bucket')).find((k) => name.test(k));
  if (!id) throw new Error(`no bucket ${name}`);
  return id;
}

describe('a Next.js ShopEdge routes each request to the right behaviour, origin and policies', () => {
  const { template } = synth((s) => ({ mediaBucket: mediaBucket(s) }));
  const media = bucketId(template, /^Media/);

  test.each(TABLE)('%s -> %s (%s)', (url, pattern, origin, cachePolicy, originRequestPolicy) => {
    const route = routeRequest(template, url);
    expect({
      pattern: route.pathPattern,
      origin: originKind(route, media),
      cachePolicy: { ...route.cachePolicy, name: undefined },
      originRequestPolicy: route.originRequestPolicy,
    }).toEqual({ pattern, origin, cachePolicy: { ...cachePolicy, name: undefined }, originRequestPolicy });
  });

  test('pages accept every method and compress; the cached paths take GET and HEAD only', () => {
    expect(routeRequest(template, '/store/carts').behavior.AllowedMethods).toEqual([
      'GET',
      'HEAD',
      'OPTIONS',
      'PUT',
      'PATCH',
      'POST',
      'DELETE',
    ]);
    for (const url of ['/_next/static/chunks/a.js', '/_next/image?url=x', '/media/p.jpg']) {
      expect(routeRequest(template, url).behavior).toMatchObject({
        AllowedMethods: ['GET', 'HEAD'],
        Compress: true,
      });
    }
  });

  test('the pages cache key fits CloudFront’s 10 headers and compresses with gzip and Brotli', () => {
    const policies = template.findResources('AWS::CloudFront::CachePolicy');
    for (const policy of Object.values(policies)) {
      const key = (policy as any).Properties.CachePolicyConfig.ParametersInCacheKeyAndForwardedToOrigin;
      expect(key.HeadersConfig.Headers?.length ?? 0).toBeLessThanOrEqual(10);
      expect([key.EnableAcceptEncodingGzip, key.EnableAcceptEncodingBrotli]).toEqual([true, true]);
    }
  });
});

describe('with staticAssets, /_next/static/* comes from the assets bucket', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-shop-next-static-'));
  fs.mkdirSync(path.join(dir, 'chunks'));
  fs.writeFileSync(path.join(dir, 'chunks', 'a.js'), 'console.log(1)');
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const { template } = synth((s) => ({ mediaBucket: mediaBucket(s), staticAssets: { directory: dir } }));
  const media = bucketId(template, /^Media/);
  const assets = bucketId(template, /^EdgeStaticAssetsBucket/);

  test.each<[string, string, Origin]>([
    ['/_next/static/chunks/a.js', '/_next/static/*', 'assets bucket'],
    ['/_next/image?url=%2Fmedia%2Fp.jpg&w=640&q=75', '/_next/image*', 'shop'],
    ['/media/p.jpg', '/media/*', 'media bucket'],
    ['/store/products', 'default', 'shop'],
  ])('%s -> %s (%s)', (url, pattern, origin) => {
    const route = routeRequest(template, url);
    expect([route.pathPattern, originKind(route, media, assets)]).toEqual([pattern, origin]);
  });

  test('the assets bucket is read through an Origin Access Control, with the year-long policy', () => {
    const route = routeRequest(template, '/_next/static/chunks/a.js');
    expect(route.origin).toMatchObject({
      S3OriginConfig: { OriginAccessIdentity: '' },
      OriginAccessControlId: { 'Fn::GetAtt': [expect.any(String), 'Id'] },
    });
    expect({ ...route.cachePolicy, name: undefined }).toEqual({ ...STATIC, name: undefined });
  });
});
