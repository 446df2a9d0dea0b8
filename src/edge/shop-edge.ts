import { Aws, CfnRule, Duration, Fn, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as targets from 'aws-cdk-lib/aws-route53-targets';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { acknowledgeEdgeFindings } from './edge-findings';
import {
  DEFAULT_CACHED_PATH_PATTERNS,
  DEFAULT_MEDIA_PATH_PATTERN,
  certificateStackIsHere,
  validateEdgeProps,
} from './edge-validation';
import { defineWebAcl } from './edge-web-acl';
import { EDGE_DEFAULTS } from '../private/block-defaults';

/** The only region a CLOUDFRONT-scope web ACL (and a CloudFront certificate) can live in. */
const CLOUDFRONT_REGION = 'us-east-1';

/**
 * Properties of a `ShopEdge`.
 */
export interface ShopEdgeProps {
  /**
   * The shop's dynamic origin, such as `new origins.HttpOrigin('origin.example.com')` for a load
   * balancer whose HTTPS listener has a certificate for that name (no certificate covers the
   * load balancer's own `*.elb.amazonaws.com` name, so `LoadBalancerV2Origin` over HTTPS fails).
   * Every path goes there uncached, with all methods, and with every viewer header, cookie and
   * query string except `Host`.
   *
   * Keep the origin reachable over HTTPS only (the default of both origin classes), and let only
   * CloudFront reach it, e.g. with the `com.amazonaws.global.cloudfront.origin-facing` prefix list
   * on the load balancer's security group: otherwise the web ACL can be bypassed.
   */
  readonly origin: cloudfront.IOrigin;

  /**
   * Paths of immutable assets served from `origin` and cached at the edge: GET and HEAD only,
   * compressed, cached by path (`CachePolicy.CACHING_OPTIMIZED`; no cookies, headers or query
   * strings reach the origin). Each starts with '/'.
   *
   * @default ['/_next/static/*', '/static/*'] - Next.js hashed build assets and the usual static folder
   */
  readonly cachedPathPatterns?: string[];

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

/**
 * CloudFront and AWS WAF in front of a shop's origin (a load balancer or any HTTPS origin).
 *
 * By default every path goes to the origin uncached; Next.js build assets (`/_next/static/*`,
 * `/static/*`) and, with `mediaBucket`, media (`/media/*`, from a private bucket through an Origin
 * Access Control) are cached at the edge. Viewers are redirected from HTTP to HTTPS, speak HTTP/2
 * or HTTP/3, and get the managed `SECURITY_HEADERS` response headers (HSTS and others) on every
 * path. A web ACL with AWS managed rules and a per-IP rate limit filters requests, and standard
 * access logs go to a bucket that outlives the stack.
 *
 * Fixed cost at us-east-1 list prices: $9 a month for the web ACL ($5) and its 4 rules ($1 each),
 * plus $0.60 per million requests for AWS WAF and CloudFront's $0.085 per GB out and $0.01 per
 * 10,000 HTTPS requests (North America; the first 1 TB and 10 million requests a month are free).
 *
 * @exampleMetadata nofixture
 * @example
 * import { Stack } from 'aws-cdk-lib';
 * import * as acm from 'aws-cdk-lib/aws-certificatemanager';
 * import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
 * import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
 * import * as route53 from 'aws-cdk-lib/aws-route53';
 * import { ShopEdge } from 'cdk-shop';
 *
 * declare const stack: Stack; // in us-east-1
 * declare const alb: elbv2.IApplicationLoadBalancer; // HTTPS listener with a certificate for origin.shop.example.com
 * declare const zone: route53.IHostedZone;
 * declare const certificate: acm.ICertificate; // from us-east-1
 * // no certificate covers the ALB's own *.elb.amazonaws.com name: give CloudFront a name of yours
 * new route53.CnameRecord(stack, 'Origin', {
 *   zone,
 *   recordName: 'origin.shop.example.com',
 *   domainName: alb.loadBalancerDnsName,
 * });
 * new ShopEdge(stack, 'Edge', {
 *   origin: new origins.HttpOrigin('origin.shop.example.com'),
 *   domainNames: ['shop.example.com'],
 *   certificate,
 *   hostedZone: zone,
 * });
 */
export class ShopEdge extends Construct {
  /** The CloudFront distribution. */
  public readonly distribution: cloudfront.Distribution;
  /** The web ACL this construct defines; undefined with `webAcl: false` or `webAclArn`. */
  public readonly webAcl?: wafv2.CfnWebACL;
  /** The ARN of the web ACL in front of the distribution, defined here or given; undefined without one. */
  public readonly webAclArn?: string;
  /** The bucket CloudFront writes its standard access logs to, defined here or given. */
  public readonly logBucket: s3.IBucket;
  /** The A and AAAA alias records of every domain name; empty without `hostedZone`. */
  public readonly records: route53.RecordSet[];
  /**
   * The shop's address: `https://` and the first domain name that is not a wildcard, or the
   * distribution's `*.cloudfront.net` name.
   */
  public readonly url: string;

  constructor(scope: Construct, id: string, props: ShopEdgeProps) {
    super(scope, id);
    validateEdgeProps(this, props);
    const stack = Stack.of(this);
    const defineAcl = props.webAcl ?? props.webAclArn === undefined;

    this.logBucket =
      props.logBucket ??
      this.defineLogBucket(props.logRetention ?? Duration.days(EDGE_DEFAULTS.logRetentionDays));

    if (defineAcl) {
      this.webAcl = defineWebAcl(this, 'WebAcl', {
        rateLimit: props.rateLimitPer5Minutes ?? EDGE_DEFAULTS.rateLimitPer5Minutes,
        countRules: props.commonRuleSetCountRules ?? [],
      });
    }
    this.webAclArn = this.webAcl?.attrArn ?? props.webAclArn;

    // what must be in us-east-1, with the way out for each
    const regionBound = [
      ...(defineAcl
        ? [['a CLOUDFRONT-scope AWS WAF web ACL', 'give webAclArn of a web ACL defined there']]
        : []),
      ...(props.certificate && certificateStackIsHere(this, props.certificate)
        ? [['the CloudFront certificate', 'define the certificate in a us-east-1 stack']]
        : []),
    ];
    if (regionBound.length > 0 && Token.isUnresolved(stack.region)) {
      new CfnRule(this, 'UsEast1Only', {
        assertions: [
          {
            assert: Fn.conditionEquals(Aws.REGION, CLOUDFRONT_REGION),
            assertDescription: `${this.node.path} defines ${regionBound.map(([what]) => what).join(' and ')}, which CloudFront accepts from us-east-1 only: deploy this stack to us-east-1, or ${regionBound.map(([, fix]) => fix).join(' and ')}.`,
          },
        ],
      });
    }

    const securityHeaders = cloudfront.ResponseHeadersPolicy.SECURITY_HEADERS;
    const cached = (origin: cloudfront.IOrigin): cloudfront.BehaviorOptions => ({
      origin,
      viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
      cachedMethods: cloudfront.CachedMethods.CACHE_GET_HEAD,
      cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
      responseHeadersPolicy: securityHeaders,
      compress: true,
    });
    const additionalBehaviors: Record<string, cloudfront.BehaviorOptions> = {};
    for (const pattern of props.cachedPathPatterns ?? DEFAULT_CACHED_PATH_PATTERNS) {
      additionalBehaviors[pattern] = cached(props.origin);
    }
    if (props.mediaBucket) {
      additionalBehaviors[props.mediaPathPattern ?? DEFAULT_MEDIA_PATH_PATTERN] = cached(
        origins.S3BucketOrigin.withOriginAccessControl(props.mediaBucket),
      );
    }

    this.distribution = new cloudfront.Distribution(this, 'Resource', {
      comment: `cdk-shop ShopEdge ${this.node.path}`.slice(0, 128),
      defaultBehavior: {
        origin: props.origin,
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
        cachedMethods: cloudfront.CachedMethods.CACHE_GET_HEAD,
        cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
        originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
        responseHeadersPolicy: securityHeaders,
        compress: true,
      },
      additionalBehaviors,
      domainNames: props.domainNames,
      certificate: props.certificate,
      minimumProtocolVersion: props.certificate ? cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021 : undefined,
      sslSupportMethod: props.certificate ? cloudfront.SSLMethod.SNI : undefined,
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      enableIpv6: true,
      priceClass: props.priceClass ?? cloudfront.PriceClass.PRICE_CLASS_100,
      geoRestriction: props.geoRestriction,
      webAclId: this.webAclArn,
      enableLogging: true,
      logBucket: this.logBucket,
      logIncludesCookies: false,
    });

    this.records = [];
    if (props.hostedZone) {
      const target = route53.RecordTarget.fromAlias(new targets.CloudFrontTarget(this.distribution));
      for (const name of props.domainNames ?? []) {
        const options = { zone: props.hostedZone, recordName: name, target };
        this.records.push(
          new route53.ARecord(this, `Alias ${name} A`, options),
          new route53.AaaaRecord(this, `Alias ${name} AAAA`, options),
        );
      }
    }

    const shopName = (props.domainNames ?? []).find((name) => !name.startsWith('*.'));
    this.url = `https://${shopName ?? this.distribution.distributionDomainName}`;
    acknowledgeEdgeFindings(this, props);
  }

  private defineLogBucket(retention: Duration): s3.Bucket {
    return new s3.Bucket(this, 'LogBucket', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      // CloudFront standard logging grants its log delivery account access with a bucket ACL
      objectOwnership: s3.ObjectOwnership.OBJECT_WRITER,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      versioned: true,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [
        {
          id: 'LogRetention',
          expiration: Duration.days(retention.toDays()),
          // a deleted or overwritten log file stays recoverable for a week
          noncurrentVersionExpiration: Duration.days(7),
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
      ],
    });
  }
}
