import { Duration } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { NextJsStaticAssets } from './nextjs-static-assets';
import { OriginFramework } from './origin-framework';
import type { ShopStorefront } from '../shop/serverless/shop-storefront';

/**
 * Properties of a `ShopEdge`.
 */
export interface ShopEdgeProps {
  /**
   * The shop's dynamic origin, such as `new origins.HttpOrigin('origin.example.com')` for a load
   * balancer whose HTTPS listener has a certificate for that name (no certificate covers the
   * load balancer's own `*.elb.amazonaws.com` name, so `LoadBalancerV2Origin` over HTTPS fails).
   * Every path that no other behaviour takes goes there, with all methods and with every viewer
   * header, cookie and query string except `Host`; cached per `framework`.
   *
   * Keep the origin reachable over HTTPS only (the default of both origin classes), and let only
   * CloudFront reach it, e.g. with the `com.amazonaws.global.cloudfront.origin-facing` prefix list
   * on the load balancer's security group: otherwise the web ACL can be bypassed.
   *
   * Give exactly one of `origin` and `storefront`.
   *
   * @default - none: `storefront` serves every path no other behaviour takes
   */
  readonly origin?: cloudfront.IOrigin;

  /**
   * A static storefront (`ShopStorefront`, in the same stack) served as the default behaviour
   * instead of `origin`: from its bucket through an Origin Access Control, GET and HEAD only,
   * compressed, its rewrite function on viewer requests (`/products/42` to
   * `/products/42.html`, …), cached as long as each file's `Cache-Control` says (the hashed
   * assets a year, the pages revalidated every time) and keyed on the path only. The distribution's
   * default root object is `index.html`. The Next.js behaviours (`framework`), `cachedPathPatterns`,
   * `staticAssets` and `forwardHostHeader` belong to `origin` and are refused with it; the API
   * goes at `apiPathPattern` with `apiOrigin`, media at `mediaPathPattern` with `mediaBucket`.
   *
   * Give exactly one of `origin` and `storefront`.
   *
   * @default - none: `origin` serves every path no other behaviour takes
   */
  readonly storefront?: ShopStorefront;

  /**
   * The shop's API (such as `ShopApi.origin`, an `origins.HttpOrigin` of an API Gateway or a
   * Lambda function URL), served at `apiPathPattern` ahead of every other behaviour: every method,
   * never cached (`CachePolicy.CACHING_DISABLED`), with every viewer header (`Authorization`
   * included), cookie and query string but `Host` (`AllViewerExceptHostHeader`), so the API gets
   * its own name and the browser one origin (no CORS).
   *
   * @default - no API behaviour
   * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/using-managed-origin-request-policies.html
   */
  readonly apiOrigin?: cloudfront.IOrigin;

  /**
   * The path served from `apiOrigin`; the whole request path reaches the API (`/api/products`
   * stays `/api/products`), so the API's routes carry the prefix. Requires `apiOrigin`.
   *
   * @default '/api/*'
   */
  readonly apiPathPattern?: string;

  /**
   * The web framework the origin runs, which decides the cache behaviours.
   *
   * `NEXT_JS`: `/_next/static/*` cached a year, `/_next/image*` per query string and `Accept`,
   * and every other path as long as the origin's `Cache-Control` allows (default 0 s), keyed on
   * the query string, `Authorization` and the Next.js router headers. It defines three cache
   * policies: CloudFront allows 20 custom cache policies per account by default.
   *
   * `GENERIC`: every path uncached (`CACHING_DISABLED`) except `cachedPathPatterns`.
   *
   * @default OriginFramework.NEXT_JS
   */
  readonly framework?: OriginFramework;

  /**
   * Paths of immutable assets served from `origin` and cached at the edge: GET and HEAD only,
   * compressed, cached by path (`CachePolicy.CACHING_OPTIMIZED`; no cookies, headers or query
   * strings reach the origin). Each starts with '/'. They come after the framework's own
   * behaviours, which CloudFront tries first.
   *
   * @default - ['/static/*'] with `OriginFramework.NEXT_JS` (whose own behaviour serves
   * `/_next/static/*`), ['/_next/static/*', '/static/*'] with `OriginFramework.GENERIC`
   */
  readonly cachedPathPatterns?: string[];

  /**
   * Serve `/_next/static/*` from S3 instead of the origin: the build's `.next/static` directory is
   * uploaded at every deployment under `_next/static/`, without deleting earlier builds' files,
   * each with `Cache-Control: public, max-age=31536000, immutable`, and read through an Origin
   * Access Control. A page rendered by a task of the previous version still finds its chunks
   * during a rolling deployment. Requires `OriginFramework.NEXT_JS`.
   *
   * @default - `/_next/static/*` comes from `origin`
   */
  readonly staticAssets?: NextJsStaticAssets;

  /**
   * A bucket of product images and other media, served at `mediaPathPattern` through an Origin
   * Access Control: the bucket stays private, and CloudFront signs its requests. A bucket in the
   * same stack gets a bucket policy allowing this distribution to read it; for an imported bucket,
   * add that statement yourself. The whole request path is the object key: `/media/a.jpg` reads
   * `media/a.jpg`.
   *
   * @default - no media origin
   * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-restricting-access-to-s3.html
   */
  readonly mediaBucket?: s3.IBucket;

  /**
   * The path served from `mediaBucket`, cached at the edge. Requires `mediaBucket`.
   *
   * @default '/media/*'
   */
  readonly mediaPathPattern?: string;

  /**
   * Whether the pages (the default behaviour: what is not cached by path) send the origin the
   * viewer's `Host` header (managed origin request policy `AllViewer`) instead of the origin's own
   * name (`AllViewerExceptHostHeader`): for an origin that serves several names, or builds links
   * and checks requests from `Host` and reads no `X-Forwarded-Host`. The origin must answer for
   * every name in `domainNames`, and over HTTPS its certificate must cover them: CloudFront then
   * checks the origin's certificate against the viewer's `Host`. Not for S3, Lambda function URL
   * or API Gateway origins, which answer their own name only; requires `domainNames`. The cached
   * behaviours (`cachedPathPatterns`, the Next.js static files and images, media) keep sending
   * the origin's name.
   *
   * @default false
   * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cnames-and-https-requirements.html
   */
  readonly forwardHostHeader?: boolean;

  /**
   * The shop's domain names, such as `shop.example.com` (a wildcard such as `*.example.com`
   * is allowed). Requires `certificate`.
   *
   * @default - the shop is served at the distribution's `*.cloudfront.net` name only
   */
  readonly domainNames?: string[];

  /**
   * An ACM certificate in us-east-1 (the region CloudFront reads certificates from) that covers
   * every name in `domainNames`. Viewers then need TLS 1.2 or later
   * (`SecurityPolicyProtocol.TLS_V1_2_2021`). Requires `domainNames`.
   *
   * @default - none: CloudFront's `*.cloudfront.net` certificate
   * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cnames-and-https-requirements.html
   */
  readonly certificate?: acm.ICertificate;

  /**
   * The Route 53 zone that holds `domainNames`: an A and an AAAA alias record pointing at the
   * distribution are added for each name. Requires `domainNames`.
   *
   * @default - no records: point your DNS at `distribution.distributionDomainName` yourself
   */
  readonly hostedZone?: route53.IHostedZone;

  /**
   * Define an AWS WAF web ACL (CLOUDFRONT scope) in front of the distribution, with the AWS
   * managed rule groups `AWSManagedRulesAmazonIpReputationList`,
   * `AWSManagedRulesCommonRuleSet` and `AWSManagedRulesKnownBadInputsRuleSet`, and a rate-based
   * rule that answers 429 to an IP above `rateLimitPer5Minutes`. Metrics and sampled requests
   * are on for every rule.
   *
   * A CLOUDFRONT-scope web ACL exists only in us-east-1: the stack must deploy there. In an
   * environment-agnostic stack a CloudFormation rule stops a deployment to any other region
   * before anything is created. Elsewhere, give `webAclArn` of a web ACL defined in us-east-1.
   *
   * About $9 a month at us-east-1 list prices (web ACL $5 and 4 rules at $1), plus $0.60 per
   * million requests.
   *
   * @default - true, unless `webAclArn` is given
   */
  readonly webAcl?: boolean;

  /**
   * The ARN of an existing CLOUDFRONT-scope web ACL (AWS WAF, not WAF Classic) to use instead of
   * defining one.
   *
   * @default - the web ACL this construct defines (see `webAcl`)
   */
  readonly webAclArn?: string;

  /**
   * The most requests one IP address may send in any 5 minutes before the web ACL answers it
   * with 429 Too Many Requests, from 10 (AWS WAF's minimum) to 2,000,000,000. Count every
   * request a page view makes, assets included.
   *
   * @default 1000
   * @see https://docs.aws.amazon.com/waf/latest/developerguide/waf-rule-statement-type-rate-based-high-level-settings.html
   */
  readonly rateLimitPer5Minutes?: number;

  /**
   * Rules of `AWSManagedRulesCommonRuleSet` that only count matching requests instead of blocking
   * them. The usual candidates for a shop are `SizeRestrictions_BODY` (it blocks request bodies
   * over 8 KB, such as image uploads to an admin API) and `CrossSiteScripting_BODY` (rich-text
   * product descriptions).
   *
   * @default - none: every rule of the group blocks
   * @see https://docs.aws.amazon.com/waf/latest/developerguide/aws-managed-rule-groups-baseline.html
   */
  readonly commonRuleSetCountRules?: string[];

  /**
   * A bucket for CloudFront's standard access logs. CloudFront writes them with ACLs, so the
   * bucket needs ACLs enabled (`ObjectOwnership.OBJECT_WRITER` or `BUCKET_OWNER_PREFERRED`): a
   * bucket of the app without them is rejected; an imported bucket gets a warning.
   *
   * @default - a bucket of its own: SSE-S3, private, TLS only, versioned, logs expiring after
   * `logRetention`, retained when the stack is deleted
   * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/standard-logging-legacy-s3.html
   */
  readonly logBucket?: s3.IBucket;

  /**
   * How long the access logs stay in the bucket this construct defines, in whole days.
   *
   * @default Duration.days(90)
   */
  readonly logRetention?: Duration;

  /**
   * The edge locations that serve the shop. `PRICE_CLASS_100` (North America, Europe, Israel) is
   * the cheapest; visitors elsewhere are served from the nearest of those, a little slower.
   *
   * @default cloudfront.PriceClass.PRICE_CLASS_100
   */
  readonly priceClass?: cloudfront.PriceClass;

  /**
   * Countries to serve or refuse (for example where the shop does not sell or ship).
   *
   * @default - served everywhere
   */
  readonly geoRestriction?: cloudfront.GeoRestriction;
}
