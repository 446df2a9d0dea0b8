import { Duration } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import { Construct } from 'constructs';
import type { NextJsCachePolicies } from './nextjs-cache-policies';

/** Next.js content-hashed build output: never changes under its name. */
export const NEXT_STATIC_PATH_PATTERN = '/_next/static/*';
/** The Next.js image optimizer (`/_next/image?url=…&w=…&q=…`). */
export const NEXT_IMAGE_PATH_PATTERN = '/_next/image*';

/**
 * The request headers a Next.js App Router response varies on (its `Vary` header, which
 * CloudFront does not honour): without them in the cache key, a cached React Server Component
 * payload could answer a browser's request for HTML, or the other way round.
 *
 * @see https://github.com/vercel/next.js/blob/canary/packages/next/src/client/components/app-router-headers.ts
 */
export const NEXT_ROUTER_HEADERS = [
  'rsc',
  'next-router-state-tree',
  'next-router-prefetch',
  'next-router-segment-prefetch',
  'next-url',
];

/**
 * Headers besides the router's in the pages' cache key. CloudFront forwards `Authorization` on a
 * cached GET only when the cache key holds it (an origin request policy may not name it), and it
 * keeps one visitor's token-authenticated answer from another.
 */
export const PAGE_EXTRA_HEADERS = ['authorization'];

/** A year: what Next.js itself sends on hashed assets (`max-age=31536000, immutable`). */
export const ONE_YEAR = Duration.days(365);
/** How long an optimized image is kept when the origin says nothing. */
export const IMAGE_DEFAULT_TTL = Duration.days(1);

/**
 * Defines the three cache policies of a Next.js edge. A policy counts against CloudFront's quota
 * of 20 custom cache policies per account, so each `ShopEdge` with `OriginFramework.NEXT_JS`
 * takes 3 of them.
 */
export function defineNextJsCachePolicies(scope: Construct): NextJsCachePolicies {
  const compressed = { enableAcceptEncodingGzip: true, enableAcceptEncodingBrotli: true };
  return {
    // minTtl 0, not a year: a 404 or `no-store` an old task answers for a hash it lacks stays uncached
    staticAssets: new cloudfront.CachePolicy(scope, 'StaticAssetsCachePolicy', {
      comment: 'cdk-shop: Next.js hashed build assets, a year by path',
      minTtl: Duration.seconds(0),
      defaultTtl: ONE_YEAR,
      maxTtl: ONE_YEAR,
      queryStringBehavior: cloudfront.CacheQueryStringBehavior.none(),
      headerBehavior: cloudfront.CacheHeaderBehavior.none(),
      cookieBehavior: cloudfront.CacheCookieBehavior.none(),
      ...compressed,
    }),
    images: new cloudfront.CachePolicy(scope, 'ImagesCachePolicy', {
      comment: 'cdk-shop: Next.js image optimizer, per query string and Accept (AVIF/WebP)',
      minTtl: Duration.seconds(0),
      defaultTtl: IMAGE_DEFAULT_TTL,
      maxTtl: ONE_YEAR,
      queryStringBehavior: cloudfront.CacheQueryStringBehavior.all(),
      headerBehavior: cloudfront.CacheHeaderBehavior.allowList('accept'),
      cookieBehavior: cloudfront.CacheCookieBehavior.none(),
      ...compressed,
    }),
    pages: new cloudfront.CachePolicy(scope, 'PagesCachePolicy', {
      comment: "cdk-shop: Next.js pages and APIs, as long as the origin's Cache-Control allows",
      minTtl: Duration.seconds(0),
      defaultTtl: Duration.seconds(0),
      maxTtl: ONE_YEAR,
      queryStringBehavior: cloudfront.CacheQueryStringBehavior.all(),
      headerBehavior: cloudfront.CacheHeaderBehavior.allowList(...PAGE_EXTRA_HEADERS, ...NEXT_ROUTER_HEADERS),
      cookieBehavior: cloudfront.CacheCookieBehavior.none(),
      ...compressed,
    }),
  };
}
