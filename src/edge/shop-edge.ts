import { Aws, CfnRule, Duration, Fn, Stack, Token } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as targets from 'aws-cdk-lib/aws-route53-targets';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { planEdgeBehaviors } from './edge-behaviors';
import { acknowledgeEdgeFindings } from './edge-findings';
import { certificateStackIsHere, validateEdgeProps } from './edge-validation';
import { defineWebAcl } from './edge-web-acl';
import { NextJsCachePolicies } from './nextjs-cache-policies';
import { ShopEdgeProps } from './shop-edge-props';
import { EDGE_DEFAULTS } from '../private/block-defaults';
import { privateBucketProps } from '../private/private-bucket';

/** The only region a CLOUDFRONT-scope web ACL (and a CloudFront certificate) can live in. */
const CLOUDFRONT_REGION = 'us-east-1';

/**
 * CloudFront and AWS WAF in front of a shop's origin (a load balancer or any HTTPS origin).
 *
 * By default (`OriginFramework.NEXT_JS`) Next.js build assets (`/_next/static/*`, from the origin
 * or, with `staticAssets`, from S3) are cached a year, optimized images (`/_next/image*`) per query
 * string and `Accept` header, `/static/*` by path and, with `mediaBucket`, media (`/media/*`, from
 * a private bucket through an Origin Access Control); every other path goes to the origin with
 * all viewer headers but `Host`, cached only as long as the origin's `Cache-Control` allows, per
 * query string, `Authorization` and the Next.js router headers. With `storefront` instead of
 * `origin`, a static storefront in S3 serves those paths (see `ShopStorefront`); with
 * `apiOrigin`, the API answers `/api/*` uncached. Viewers are redirected from HTTP to HTTPS, speak HTTP/2
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
  /**
   * The cache policies of the Next.js behaviours (`staticAssets`, `images`, `pages`), defined
   * here; undefined with `OriginFramework.GENERIC`.
   */
  public readonly cachePolicies?: NextJsCachePolicies;
  /**
   * The cache policy of the storefront (the default behaviour with `storefront`): each file's
   * `Cache-Control`, keyed on the path; undefined with `origin`.
   */
  public readonly storefrontCachePolicy?: cloudfront.ICachePolicy;
  /** The bucket `/_next/static/*` is served from, defined here or given; undefined without `staticAssets`. */
  public readonly staticAssetsBucket?: s3.IBucket;
  /** The upload of `staticAssets`; undefined without them. */
  public readonly staticAssetsDeployment?: s3deploy.BucketDeployment;
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

    const behaviors = planEdgeBehaviors(this, props);
    this.cachePolicies = behaviors.cachePolicies;
    this.storefrontCachePolicy = behaviors.storefrontCachePolicy;
    this.staticAssetsBucket = behaviors.staticAssetsBucket;
    this.staticAssetsDeployment = behaviors.staticAssetsDeployment;

    this.distribution = new cloudfront.Distribution(this, 'Resource', {
      comment: `cdk-shop ShopEdge ${this.node.path}`.slice(0, 128),
      defaultBehavior: behaviors.defaultBehavior,
      additionalBehaviors: behaviors.additionalBehaviors,
      // the rewrite function maps '/' too; this keeps '/' right without it
      defaultRootObject: props.storefront ? 'index.html' : undefined,
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
      ...privateBucketProps(),
      // CloudFront standard logging grants its log delivery account access with a bucket ACL
      objectOwnership: s3.ObjectOwnership.OBJECT_WRITER,
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
