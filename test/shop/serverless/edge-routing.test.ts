import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { NEXT_EXPORT, VITE_BUILD, writeBuild } from './storefront-fixtures';
import { ShopEdge } from '../../../src/edge';
import { ShopStorefront, ShopStorefrontProps, StorefrontRouting } from '../../../src/shop/serverless';
import { CloudFrontRoute, requestPath, routeRequest } from '../../helpers/cloudfront-matcher';
import { EdgeOutcome, resolveEdgeRequest } from '../../helpers/storefront-edge-proof';

/*
 * The storefront edge proved on its template: each request of the table through the behaviour
 * CloudFront would pick, the template's own CloudFront Function run under Node, and the origin,
 * path, build file and edge TTL it ends at (test/helpers/storefront-edge-proof.ts).
 */

const API_DOMAIN = 'abc123.execute-api.us-east-1.amazonaws.com';
const YEAR = 31536000;

/** The stack of the last synthEdge, for its annotations. */
let lastStack: Stack | undefined;

function synthEdge(files: Record<string, string>, props: Partial<ShopStorefrontProps> = {}) {
  const app = new App();
  const stack = new Stack(app, 'Stack');
  lastStack = stack;
  const storefront = new ShopStorefront(stack, 'Storefront', { directory: writeBuild(files), ...props });
  const mediaBucket = new s3.Bucket(stack, 'Media', { enforceSSL: true });
  new ShopEdge(stack, 'Edge', { storefront, apiOrigin: new origins.HttpOrigin(API_DOMAIN), mediaBucket });
  return Template.fromStack(stack).toJSON() as { Resources: Record<string, any> };
}

type Origin = 'storefront' | 'api' | 'media';

/** What CloudFront does with a request (EdgeOutcome with this test's origin names). */
type Outcome = EdgeOutcome & { readonly origin: Origin };

function originKind(route: CloudFrontRoute): Origin {
  const domain = JSON.stringify(route.origin.DomainName);
  if (domain === JSON.stringify(API_DOMAIN)) return 'api';
  const bucket = route.origin.DomainName?.['Fn::GetAtt']?.[0] as string | undefined;
  if (bucket?.startsWith('StorefrontBucket')) return 'storefront';
  if (bucket?.startsWith('Media')) return 'media';
  throw new Error(`unexpected origin ${domain}`);
}

function resolveOutcome(template: any, files: Record<string, string>, url: string, method = 'GET'): Outcome {
  const subject = { template, classify: originKind, buildFiles: new Set(Object.keys(files)) };
  return resolveEdgeRequest(subject, url, method) as Outcome;
}

describe('a Next.js export behind ShopEdge with an API and media', () => {
  const template = synthEdge(NEXT_EXPORT);

  /** url, method, expected outcome. */
  const TABLE: [string, string, Outcome][] = [
    [
      '/',
      'GET',
      {
        pattern: 'default',
        origin: 'storefront',
        path: '/index.html',
        queryKept: true,
        methodAllowed: true,
        edgeTtl: 0,
        inBuild: true,
      },
    ],
    [
      '/products/42',
      'GET',
      {
        pattern: 'default',
        origin: 'storefront',
        path: '/products/42.html',
        queryKept: true,
        methodAllowed: true,
        edgeTtl: 0,
        inBuild: true,
      },
    ],
    [
      '/products/42/',
      'GET',
      {
        pattern: 'default',
        origin: 'storefront',
        path: '/products/42.html',
        queryKept: true,
        methodAllowed: true,
        edgeTtl: 0,
        inBuild: true,
      },
    ],
    [
      '/products/42?color=red&size=m',
      'GET',
      {
        pattern: 'default',
        origin: 'storefront',
        path: '/products/42.html',
        queryKept: true,
        methodAllowed: true,
        edgeTtl: 0,
        inBuild: true,
      },
    ],
    [
      '/products',
      'HEAD',
      {
        pattern: 'default',
        origin: 'storefront',
        path: '/products.html',
        queryKept: true,
        methodAllowed: true,
        edgeTtl: 0,
        inBuild: true,
      },
    ],
    [
      '/_next/static/chunks/app-3f2a.js',
      'GET',
      {
        pattern: 'default',
        origin: 'storefront',
        path: '/_next/static/chunks/app-3f2a.js',
        queryKept: true,
        methodAllowed: true,
        edgeTtl: YEAR,
        inBuild: true,
      },
    ],
    [
      '/_next/static/css/9c1e.css?v=1',
      'GET',
      {
        pattern: 'default',
        origin: 'storefront',
        path: '/_next/static/css/9c1e.css',
        queryKept: true,
        methodAllowed: true,
        edgeTtl: YEAR,
        inBuild: true,
      },
    ],
    [
      '/favicon.ico',
      'GET',
      {
        pattern: 'default',
        origin: 'storefront',
        path: '/favicon.ico',
        queryKept: true,
        methodAllowed: true,
        edgeTtl: 0,
        inBuild: true,
      },
    ],
    [
      '/api/products',
      'GET',
      {
        pattern: '/api/*',
        origin: 'api',
        path: '/api/products',
        queryKept: true,
        methodAllowed: true,
        edgeTtl: 'uncached',
      },
    ],
    [
      '/api/products?category=shoes&page=2',
      'GET',
      {
        pattern: '/api/*',
        origin: 'api',
        path: '/api/products',
        queryKept: true,
        methodAllowed: true,
        edgeTtl: 'uncached',
      },
    ],
    [
      '/api/orders',
      'POST',
      {
        pattern: '/api/*',
        origin: 'api',
        path: '/api/orders',
        queryKept: true,
        methodAllowed: true,
        edgeTtl: 'uncached',
      },
    ],
    [
      '/api/orders/7',
      'DELETE',
      {
        pattern: '/api/*',
        origin: 'api',
        path: '/api/orders/7',
        queryKept: true,
        methodAllowed: true,
        edgeTtl: 'uncached',
      },
    ],
    [
      '/media/p.jpg',
      'GET',
      {
        pattern: '/media/*',
        origin: 'media',
        path: '/media/p.jpg',
        queryKept: true,
        methodAllowed: true,
        edgeTtl: 'origin',
      },
    ],
    // no trailing slash: not under /api/, so the storefront (a page the build does not have: S3's 404)
    [
      '/api',
      'GET',
      {
        pattern: 'default',
        origin: 'storefront',
        path: '/api.html',
        queryKept: true,
        methodAllowed: true,
        edgeTtl: 0,
        inBuild: false,
      },
    ],
    // case-sensitive
    [
      '/API/products',
      'GET',
      {
        pattern: 'default',
        origin: 'storefront',
        path: '/API/products.html',
        queryKept: true,
        methodAllowed: true,
        edgeTtl: 0,
        inBuild: false,
      },
    ],
    // the storefront takes reads only
    [
      '/products/42',
      'POST',
      {
        pattern: 'default',
        origin: 'storefront',
        path: '/products/42.html',
        queryKept: true,
        methodAllowed: false,
        edgeTtl: 0,
        inBuild: true,
      },
    ],
  ];

  test.each(TABLE)('%s %s', (url, method, expected) => {
    expect(resolveOutcome(template, NEXT_EXPORT, url, method)).toEqual(expected);
  });

  test('every page of the build is reached by its path, with and without a trailing slash', () => {
    const pages = Object.keys(NEXT_EXPORT).filter((f) => f.endsWith('.html') && f !== 'index.html');
    for (const page of pages) {
      const url = `/${page.replace(/\.html$/, '')}`;
      for (const variant of [url, `${url}/`]) {
        const outcome = resolveOutcome(template, NEXT_EXPORT, variant);
        expect([variant, outcome.path, outcome.inBuild]).toEqual([variant, `/${page}`, true]);
      }
    }
  });

  test('the API gets every viewer header but Host, uncached; the storefront and media are read-only and compressed', () => {
    const api = routeRequest(template, '/api/products');
    expect(api.cachePolicy.name).toBe('CachingDisabled');
    expect(api.originRequestPolicy).toBe('AllViewerExceptHostHeader');
    expect(api.behavior.AllowedMethods).toEqual(['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE']);
    expect(api.behavior.FunctionAssociations).toBeUndefined();
    for (const url of ['/', '/media/p.jpg']) {
      const route = routeRequest(template, url);
      expect(route.behavior).toMatchObject({
        AllowedMethods: ['GET', 'HEAD'],
        Compress: true,
        ViewerProtocolPolicy: 'redirect-to-https',
      });
      expect(route.originRequestPolicy).toBeUndefined();
      // both buckets through an Origin Access Control, not an identity
      expect(route.origin).toMatchObject({
        S3OriginConfig: { OriginAccessIdentity: '' },
        OriginAccessControlId: expect.anything(),
      });
    }
    const storefront = routeRequest(template, '/');
    expect(storefront.cachePolicy).toMatchObject({
      minTtl: 0,
      defaultTtl: 0,
      maxTtl: YEAR,
      headers: [],
      cookies: 'none',
      queryStrings: 'none',
    });
  });

  test('the path patterns are the API first, then media', () => {
    const config = Object.values(template.Resources as Record<string, any>).find(
      (r) => r.Type === 'AWS::CloudFront::Distribution',
    )!.Properties.DistributionConfig;
    expect(config.CacheBehaviors.map((b: any) => b.PathPattern)).toEqual(['/api/*', '/media/*']);
    expect(config.DefaultRootObject).toBe('index.html');
    expect(requestPath('/api/products?x=/media/')).toBe('/api/products');
  });
});

describe('a single-page app behind ShopEdge', () => {
  const template = synthEdge(VITE_BUILD, { routing: StorefrontRouting.SINGLE_PAGE_APP });

  test.each<[string, string, number]>([
    ['/', '/index.html', 0],
    ['/account/orders', '/index.html', 0],
    ['/products/42/', '/index.html', 0],
    ['/assets/index-4b8e.js', '/assets/index-4b8e.js', YEAR],
    ['/favicon.ico', '/favicon.ico', 0],
  ])('%s -> %s, cached %i s', (url, key, ttl) => {
    const outcome = resolveOutcome(template, VITE_BUILD, url);
    expect([outcome.origin, outcome.path, outcome.edgeTtl, outcome.inBuild]).toEqual([
      'storefront',
      key,
      ttl,
      true,
    ]);
  });

  test('/api/* still reaches the API, its path untouched by the SPA rewrite', () => {
    expect(resolveOutcome(template, VITE_BUILD, '/api/cart', 'PUT')).toMatchObject({
      origin: 'api',
      path: '/api/cart',
      methodAllowed: true,
    });
  });
});

test('the storefront bucket lets this distribution get and list objects, and nothing else', () => {
  const template = synthEdge(NEXT_EXPORT);
  const policies = Object.values(template.Resources as Record<string, any>).filter(
    (r) =>
      r.Type === 'AWS::S3::BucketPolicy' && JSON.stringify(r.Properties.Bucket).includes('StorefrontBucket'),
  );
  expect(policies).toHaveLength(1);
  const allows = policies[0].Properties.PolicyDocument.Statement.filter((s: any) => s.Effect === 'Allow');
  const distributionId = Object.keys(template.Resources).find(
    (id) => template.Resources[id].Type === 'AWS::CloudFront::Distribution',
  );
  expect(allows).toHaveLength(1);
  // s3:ListBucket makes S3 answer a missing key 404, not 403; no list request reaches S3, since
  // the storefront's cache policy forwards no query string (list-type=2 and the like)
  expect(allows[0]).toMatchObject({
    Action: ['s3:GetObject', 's3:ListBucket'],
    Principal: { Service: 'cloudfront.amazonaws.com' },
  });
  const bucket = expect.stringMatching(/^StorefrontBucket/);
  expect(allows[0].Resource).toEqual([
    { 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucket, 'Arn'] }, '/*']] },
    { 'Fn::GetAtt': [bucket, 'Arn'] },
  ]);
  expect(JSON.stringify(allows[0].Condition.StringEquals['AWS:SourceArn'])).toContain(
    `"Ref":"${distributionId}"`,
  );
  expect(routeRequest(template, '/?list-type=2').cachePolicy.queryStrings).toBe('none');
  // aws-cdk-lib's warning about LIST asks for a default root object, which the edge sets
  expect(JSON.stringify(Annotations.fromStack(lastStack!).findWarning('*', Match.anyValue()))).not.toMatch(
    /listBucketSecurityRisk/,
  );
  expect(findDistribution(template).DefaultRootObject).toBe('index.html');
});

function findDistribution(template: any): any {
  return Object.values(template.Resources as Record<string, any>).find(
    (r) => r.Type === 'AWS::CloudFront::Distribution',
  ).Properties.DistributionConfig;
}

describe('a server-rendered shop (origin) with an API origin', () => {
  const app = new App();
  const stack = new Stack(app, 'Stack');
  new ShopEdge(stack, 'Edge', {
    origin: new origins.HttpOrigin('origin.example.com'),
    apiOrigin: new origins.HttpOrigin(API_DOMAIN),
    apiPathPattern: '/store/api/*',
  });
  const template = Template.fromStack(stack).toJSON() as { Resources: Record<string, any> };

  test('the API comes before the Next.js behaviours; pages still go to the origin', () => {
    expect(findDistribution(template).CacheBehaviors.map((b: any) => b.PathPattern)).toEqual([
      '/store/api/*',
      '/_next/static/*',
      '/_next/image*',
      '/static/*',
    ]);
    const api = routeRequest(template, '/store/api/carts/1?x=1');
    expect([api.origin.DomainName, api.cachePolicy.name, api.originRequestPolicy]).toEqual([
      API_DOMAIN,
      'CachingDisabled',
      'AllViewerExceptHostHeader',
    ]);
    expect(routeRequest(template, '/store/products').origin.DomainName).toBe('origin.example.com');
    expect(findDistribution(template).DefaultRootObject).toBeUndefined();
  });
});
