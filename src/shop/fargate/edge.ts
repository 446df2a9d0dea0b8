import { Stack, Token } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as route53Targets from 'aws-cdk-lib/aws-route53-targets';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { CLOUDFRONT_REGION, defineUsEast1EdgeResources, literalZone } from './edge-us-east-1';
import type { FargateShopProps } from './fargate-shop-props';
import { defineMediaBucket } from './media';
import { defineOriginSecret, OriginSecret } from './origin-lock';
import { ShopEdge } from '../../edge/shop-edge';
import { invalidProp } from '../../private/errors';

/** What the edge of a `FargateShop` is made of, decided before the load balancer exists. */
export interface EdgePlan {
  /** The name CloudFront reaches the load balancer at; the load balancer's certificate covers it. */
  readonly originDomainName: string;
  /** The edge path of product images; undefined without media. */
  readonly mediaPath?: string;
}

/** The edge's parts, for the shop's public properties. */
export interface FargateEdgeParts {
  readonly edge: ShopEdge;
  readonly originSecret: OriginSecret;
  readonly originRecord: route53.ARecord;
  readonly mediaBucket?: s3.Bucket;
}

/** The origin name: `edgeSettings.originDomainName`, else `origin.<domainName>`. */
export function planEdge(props: FargateShopProps, mediaPath: string | undefined): EdgePlan {
  return {
    originDomainName: props.edgeSettings?.originDomainName ?? `origin.${props.domainName}`,
    mediaPath,
  };
}

/**
 * Puts a `ShopEdge` in front of the shop's load balancer: CloudFront reaches it at the origin
 * name (an A alias record) over HTTPS only with TLS 1.2, adding the secret origin header; the
 * distribution serves `domainName` (the shop's A and AAAA records) with CloudFront's certificate and a
 * web ACL from us-east-1 (this stack's own there or when environment-agnostic, else a us-east-1
 * stack beside it); product images come from a private bucket through an Origin Access Control.
 */
export function defineFargateShopEdge(
  shop: Construct,
  props: FargateShopProps,
  plan: EdgePlan,
  lb: { readonly loadBalancer: elbv2.ApplicationLoadBalancer; readonly certificate: acm.ICertificate },
): FargateEdgeParts {
  const settings = props.edgeSettings ?? {};
  const zone = props.hostedZone!;
  const domainName = props.domainName!;
  const originRecord = new route53.ARecord(shop, 'OriginRecord', {
    zone,
    recordName: plan.originDomainName,
    target: route53.RecordTarget.fromAlias(new route53Targets.LoadBalancerTarget(lb.loadBalancer)),
  });
  const originSecret = defineOriginSecret(shop);
  const mediaBucket = plan.mediaPath ? defineMediaBucket(shop) : undefined;

  const region = Stack.of(shop).region;
  const here = Token.isUnresolved(region) || region === CLOUDFRONT_REGION;
  let certificate = settings.cloudFrontCertificate;
  let webAclArn = settings.webAclArn;
  const webAcl = {
    rateLimit: settings.rateLimitPer5Minutes ?? 1000,
    countRules: settings.commonRuleSetCountRules ?? defaultCountRules(props),
  };
  if (here) {
    certificate ??= cloudFrontUsable(shop, lb.certificate);
  } else if (!certificate || !webAclArn) {
    const usEast1 = defineUsEast1EdgeResources(shop, {
      certificateNames: certificate ? undefined : [domainName],
      zone: certificate
        ? undefined
        : literalZone(
            shop,
            zone,
            'edgeSettings.cloudFrontCertificate',
            'Give hostedZone with HostedZone.fromHostedZoneAttributes (literal id and name), or cloudFrontCertificate from us-east-1.',
          ),
      webAcl: webAclArn ? undefined : webAcl,
    });
    certificate ??= usEast1.certificate;
    webAclArn ??= usEast1.webAclArn;
  }

  const edge = new ShopEdge(shop, 'Edge', {
    origin: new origins.HttpOrigin(plan.originDomainName, {
      protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
      originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2],
      customHeaders: {
        [originSecret.header.name]: originSecret.header.value,
        // the Host CloudFront sends is the origin name: the apps learn the viewer's from here
        // (Next.js compares it with Origin on every Server Action, and builds redirects from it)
        'X-Forwarded-Host': domainName,
      },
    }),
    domainNames: [domainName],
    certificate,
    // no hostedZone: the shop's own records of domainName point at the distribution, so turning
    // the edge on updates them in place (two records of one name would fail to create)
    webAclArn,
    rateLimitPer5Minutes: webAclArn ? undefined : settings.rateLimitPer5Minutes,
    commonRuleSetCountRules: webAclArn ? undefined : webAcl.countRules,
    framework: settings.framework,
    forwardHostHeader: settings.forwardHostHeader,
    staticAssets: settings.staticAssets,
    priceClass: settings.priceClass,
    geoRestriction: settings.geoRestriction,
    mediaBucket,
    mediaPathPattern: mediaBucket ? plan.mediaPath : undefined,
  });
  // CloudFront checks the origin's name resolves and its certificate when the distribution deploys
  edge.distribution.node.addDependency(originRecord);
  return { edge, originSecret, originRecord, mediaBucket };
}

/**
 * The load balancer's certificate, when CloudFront may use it too (it is in us-east-1 or in this
 * environment-agnostic stack, which the edge's CloudFormation rule keeps in us-east-1).
 */
function cloudFrontUsable(shop: Construct, certificate: acm.ICertificate): acm.ICertificate {
  const arn = certificate.certificateArn;
  const region = Token.isUnresolved(arn) ? undefined : arn.split(':')[3];
  if (region !== undefined && region !== CLOUDFRONT_REGION) {
    throw invalidProp(
      shop,
      'edgeSettings.cloudFrontCertificate',
      `CloudFront needs a certificate from us-east-1 for the edge, and the load balancer's certificate is in ${region}`,
      'Give cloudFrontCertificate, a certificate from us-east-1 for domainName.',
    );
  }
  return certificate;
}

/**
 * With a backend, `SizeRestrictions_BODY` counts instead of blocking: Medusa's admin uploads
 * product images and saves products through the edge, bodies over the rule's 8 KB.
 */
function defaultCountRules(props: FargateShopProps): string[] {
  return props.backend ? ['SizeRestrictions_BODY'] : [];
}
