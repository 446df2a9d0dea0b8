import { Duration } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import { Construct } from 'constructs';
import type { ShopStorefront } from '../shop/serverless/shop-storefront';

/** Where the API is served when `apiPathPattern` is not given. */
export const DEFAULT_API_PATH_PATTERN = '/api/*';
/** The longest a storefront file is cached at the edge: a year, what the hashed assets say. */
const ONE_YEAR = Duration.days(365);

/**
 * Defines the storefront's cache policy: as long as each object's `Cache-Control` says (min 0 s,
 * so `max-age=0, must-revalidate` pages are revalidated with S3 on every request; max a year, so
 * the hashed assets' year holds), 0 s for an object without one. Keyed on the path only: S3
 * serves the same object whatever the query string, cookies or headers, so `?utm_source=…`
 * links share one cached copy (the query string still reaches the rewrite function).
 * Compressed with gzip and Brotli. One of CloudFront's 20 custom cache policies per account.
 *
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/Expiration.html
 */
export function defineStorefrontCachePolicy(scope: Construct): cloudfront.CachePolicy {
  return new cloudfront.CachePolicy(scope, 'StorefrontCachePolicy', {
    comment: "cdk-shop: static storefront, as long as each object's Cache-Control says",
    minTtl: Duration.seconds(0),
    defaultTtl: Duration.seconds(0),
    maxTtl: ONE_YEAR,
    queryStringBehavior: cloudfront.CacheQueryStringBehavior.none(),
    headerBehavior: cloudfront.CacheHeaderBehavior.none(),
    cookieBehavior: cloudfront.CacheCookieBehavior.none(),
    enableAcceptEncodingGzip: true,
    enableAcceptEncodingBrotli: true,
  });
}

/**
 * The default behaviour of a storefront edge: the bucket, GET and HEAD only, compressed, the
 * storefront's rewrite function on viewer requests.
 */
export function storefrontBehavior(
  storefront: ShopStorefront,
  cachePolicy: cloudfront.ICachePolicy,
): cloudfront.BehaviorOptions {
  return {
    origin: storefront.origin,
    viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
    allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
    cachedMethods: cloudfront.CachedMethods.CACHE_GET_HEAD,
    cachePolicy,
    responseHeadersPolicy: cloudfront.ResponseHeadersPolicy.SECURITY_HEADERS,
    compress: true,
    functionAssociations: [
      { function: storefront.rewriteFunction, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST },
    ],
  };
}

/**
 * The API's behaviour: every method, never cached, every viewer header (`Authorization`
 * included: with caching disabled the managed `AllViewerExceptHostHeader` policy forwards it),
 * cookie and query string but `Host`, so API Gateway or a function URL gets its own name.
 *
 * @see https://repost.aws/knowledge-center/cloudfront-authorization-header
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/using-managed-origin-request-policies.html
 */
export function apiBehavior(origin: cloudfront.IOrigin): cloudfront.BehaviorOptions {
  return {
    origin,
    viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
    allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
    cachedMethods: cloudfront.CachedMethods.CACHE_GET_HEAD,
    cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
    originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
    responseHeadersPolicy: cloudfront.ResponseHeadersPolicy.SECURITY_HEADERS,
    compress: true,
  };
}
