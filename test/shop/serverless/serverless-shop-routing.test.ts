import { CfnResource, Stack } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { STOREFRONT_DIR, synthShop } from './serverless-shop-fixtures';
import { ServerlessShop, ShopApiType } from '../../../src';
import { CloudFrontRoute } from '../../helpers/cloudfront-matcher';
import { EdgeOutcome, buildFilesOf, resolveEdgeRequest } from '../../helpers/storefront-edge-proof';

/*
 * The edge routing of a whole ServerlessShop proved on its template, as edge-routing.test.ts
 * proves a ShopEdge with a storefront: each request through the behaviour CloudFront picks and the
 * template's own rewrite function, to the origin and path it ends at, the build's file and the
 * edge TTL (test/helpers/storefront-edge-proof.ts).
 */

const YEAR = 31536000;

function logicalId(stack: Stack, construct: IConstruct): string {
  return stack.getLogicalId(construct.node.defaultChild as CfnResource);
}

/** Names a route's origin after the shop's part it reaches. */
function classifier(stack: Stack, shop: ServerlessShop): (route: CloudFrontRoute) => string {
  const storefront = logicalId(stack, shop.storefront.bucket);
  const media = logicalId(stack, shop.mediaBucket);
  const api = JSON.stringify(stack.resolve(shop.api.domainName));
  return (route) => {
    const domain = JSON.stringify(route.origin.DomainName);
    if (domain === api) return 'api';
    const bucket = route.origin.DomainName?.['Fn::GetAtt']?.[0];
    if (bucket === storefront) return 'storefront';
    if (bucket === media) return 'media';
    throw new Error(`unexpected origin ${domain}`);
  };
}

function subjectOf(apiType?: ShopApiType) {
  const { shop, stack, template } = synthShop(apiType ? { apiType } : {});
  return {
    template: template.toJSON() as { Resources: Record<string, any> },
    classify: classifier(stack, shop),
    buildFiles: buildFilesOf(STOREFRONT_DIR),
  };
}

const page = (path: string): Partial<EdgeOutcome> => ({
  origin: 'storefront',
  path,
  queryKept: true,
  methodAllowed: true,
  edgeTtl: 0,
  inBuild: true,
});

describe('ServerlessShop (HTTP API) routes each request', () => {
  const subject = subjectOf();

  test.each<[string, string, Partial<EdgeOutcome>]>([
    ['/', 'GET', page('/index.html')],
    ['/products/42', 'GET', page('/products/42.html')],
    ['/products/42/', 'GET', page('/products/42.html')],
    ['/products/42?ref=mail', 'HEAD', page('/products/42.html')],
    [
      '/_next/static/chunks/main-4f2a9c1e.js',
      'GET',
      { ...page('/_next/static/chunks/main-4f2a9c1e.js'), edgeTtl: YEAR },
    ],
    [
      '/api/products',
      'GET',
      { pattern: '/api/*', origin: 'api', path: '/api/products', edgeTtl: 'uncached' },
    ],
    ['/api/products?page=2', 'GET', { origin: 'api', path: '/api/products', queryKept: true }],
    ['/api/orders', 'POST', { origin: 'api', path: '/api/orders', methodAllowed: true, edgeTtl: 'uncached' }],
    [
      '/media/p.jpg',
      'GET',
      { pattern: '/media/*', origin: 'media', path: '/media/p.jpg', methodAllowed: true },
    ],
    ['/products/42', 'POST', { origin: 'storefront', methodAllowed: false }],
  ])('%s %s', (url, method, expected) => {
    expect(resolveEdgeRequest(subject, url, method)).toMatchObject(expected);
  });
});

test('with a REST API the request reaches its stage: /api/products is /<stage>/api/products', () => {
  const subject = subjectOf(ShopApiType.REST);
  const outcome = resolveEdgeRequest(subject, '/api/products');
  expect(outcome.origin).toBe('api');
  expect(outcome.path).toMatch(/^\/[A-Za-z0-9_-]+\/api\/products$/);
  expect(resolveEdgeRequest(subject, '/products/42').path).toBe('/products/42.html');
});
