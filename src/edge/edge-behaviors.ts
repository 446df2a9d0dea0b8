import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { pagesOriginRequestPolicy } from './edge-host-header';
import { DEFAULT_MEDIA_PATH_PATTERN } from './edge-validation';
import {
  NEXT_IMAGE_PATH_PATTERN,
  NEXT_STATIC_PATH_PATTERN,
  defineNextJsCachePolicies,
} from './nextjs-behaviors';
import type { NextJsCachePolicies } from './nextjs-cache-policies';
import { OriginFramework } from './origin-framework';
import type { ShopEdgeProps } from './shop-edge-props';
import { deployStaticAssets } from './static-assets';
import {
  DEFAULT_API_PATH_PATTERN,
  apiBehavior,
  defineStorefrontCachePolicy,
  storefrontBehavior,
} from './storefront-behaviors';

/** Next.js hashed build assets and the usual static folder. */
const GENERIC_CACHED_PATH_PATTERNS = ['/_next/static/*', '/static/*'];
/** The usual static folder; `/_next/static/*` has a behaviour of its own with Next.js. */
const NEXT_JS_CACHED_PATH_PATTERNS = ['/static/*'];

/** The framework a `ShopEdge` is set up for. */
export function frameworkOf(props: ShopEdgeProps): OriginFramework {
  return props.framework ?? OriginFramework.NEXT_JS;
}

/** `cachedPathPatterns`, or the framework's default (none with a storefront). */
export function cachedPathPatternsOf(props: ShopEdgeProps): string[] {
  if (props.cachedPathPatterns) return props.cachedPathPatterns;
  if (props.storefront) return [];
  return frameworkOf(props) === OriginFramework.NEXT_JS
    ? NEXT_JS_CACHED_PATH_PATTERNS
    : GENERIC_CACHED_PATH_PATTERNS;
}

/** The path the API is served at: `apiPathPattern`, or '/api/*' with an `apiOrigin`. */
export function apiPathPatternOf(props: ShopEdgeProps): string | undefined {
  if (!props.apiOrigin) return undefined;
  return props.apiPathPattern ?? DEFAULT_API_PATH_PATTERN;
}

/** The path patterns the framework's own behaviours take, in CloudFront's order. */
export function frameworkPathPatterns(framework: OriginFramework): string[] {
  return framework === OriginFramework.NEXT_JS ? [NEXT_STATIC_PATH_PATTERN, NEXT_IMAGE_PATH_PATTERN] : [];
}

/** What the behaviours of a `ShopEdge` are made of. */
export interface EdgeBehaviors {
  readonly defaultBehavior: cloudfront.BehaviorOptions;
  /** In the order CloudFront evaluates them. */
  readonly additionalBehaviors: Record<string, cloudfront.BehaviorOptions>;
  readonly cachePolicies?: NextJsCachePolicies;
  readonly storefrontCachePolicy?: cloudfront.CachePolicy;
  readonly staticAssetsBucket?: s3.IBucket;
  readonly staticAssetsDeployment?: s3deploy.BucketDeployment;
}

/**
 * The cache behaviours, in the order CloudFront evaluates them: the API's path, the framework's
 * own paths, then `cachedPathPatterns`, then the media path; every other path takes the default
 * behaviour (the origin's pages, or the storefront).
 */
export function planEdgeBehaviors(scope: Construct, props: ShopEdgeProps): EdgeBehaviors {
  if (props.storefront) return planStorefrontEdge(scope, props);
  const origin = props.origin!;
  const securityHeaders = cloudfront.ResponseHeadersPolicy.SECURITY_HEADERS;
  const readOnly = (
    from: cloudfront.IOrigin,
    cachePolicy: cloudfront.ICachePolicy,
  ): cloudfront.BehaviorOptions => ({
    origin: from,
    viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
    allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
    cachedMethods: cloudfront.CachedMethods.CACHE_GET_HEAD,
    cachePolicy,
    responseHeadersPolicy: securityHeaders,
    compress: true,
  });

  const nextJs = frameworkOf(props) === OriginFramework.NEXT_JS;
  const cachePolicies = nextJs ? defineNextJsCachePolicies(scope) : undefined;
  const assets = props.staticAssets ? deployStaticAssets(scope, props.staticAssets) : undefined;

  const additionalBehaviors = apiBehaviors(props);
  if (cachePolicies) {
    const staticOrigin = assets ? origins.S3BucketOrigin.withOriginAccessControl(assets.bucket) : origin;
    additionalBehaviors[NEXT_STATIC_PATH_PATTERN] = readOnly(staticOrigin, cachePolicies.staticAssets);
    additionalBehaviors[NEXT_IMAGE_PATH_PATTERN] = readOnly(origin, cachePolicies.images);
  }
  for (const pattern of cachedPathPatternsOf(props)) {
    additionalBehaviors[pattern] = readOnly(origin, cloudfront.CachePolicy.CACHING_OPTIMIZED);
  }
  Object.assign(additionalBehaviors, mediaBehaviors(props));

  return {
    defaultBehavior: {
      origin,
      viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
      cachedMethods: cloudfront.CachedMethods.CACHE_GET_HEAD,
      cachePolicy: cachePolicies?.pages ?? cloudfront.CachePolicy.CACHING_DISABLED,
      originRequestPolicy: pagesOriginRequestPolicy(props),
      responseHeadersPolicy: securityHeaders,
      compress: true,
    },
    additionalBehaviors,
    cachePolicies,
    staticAssetsBucket: assets?.bucket,
    staticAssetsDeployment: assets?.deployment,
  };
}

/** A storefront edge: the API's path, the media path, and the storefront as the default behaviour. */
function planStorefrontEdge(scope: Construct, props: ShopEdgeProps): EdgeBehaviors {
  const storefrontCachePolicy = defineStorefrontCachePolicy(scope);
  return {
    defaultBehavior: storefrontBehavior(props.storefront!, storefrontCachePolicy),
    additionalBehaviors: { ...apiBehaviors(props), ...mediaBehaviors(props) },
    storefrontCachePolicy,
  };
}

/** The API's behaviour, first of all, when there is an `apiOrigin`. */
function apiBehaviors(props: ShopEdgeProps): Record<string, cloudfront.BehaviorOptions> {
  const pattern = apiPathPatternOf(props);
  return pattern && props.apiOrigin ? { [pattern]: apiBehavior(props.apiOrigin) } : {};
}

/** The media bucket's behaviour: read through an Origin Access Control, cached by path. */
function mediaBehaviors(props: ShopEdgeProps): Record<string, cloudfront.BehaviorOptions> {
  if (!props.mediaBucket) return {};
  return {
    [props.mediaPathPattern ?? DEFAULT_MEDIA_PATH_PATTERN]: {
      origin: origins.S3BucketOrigin.withOriginAccessControl(props.mediaBucket),
      viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
      cachedMethods: cloudfront.CachedMethods.CACHE_GET_HEAD,
      cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
      responseHeadersPolicy: cloudfront.ResponseHeadersPolicy.SECURITY_HEADERS,
      compress: true,
    },
  };
}
