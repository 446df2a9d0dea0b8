import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import { OriginLock } from './origin-lock';
import type { NextJsStaticAssets } from '../../edge/nextjs-static-assets';
import type { OriginFramework } from '../../edge/origin-framework';

/**
 * How the `ShopEdge` in front of a `FargateShop` (`edge`) is set up. The web ACL, price class
 * and geo restriction mean what the `ShopEdge` props of the same names mean.
 */
export interface FargateShopEdgeSettings {
  /**
   * How only CloudFront may reach the load balancer.
   *
   * @default OriginLock.PREFIX_LIST_AND_SECRET_HEADER
   */
  readonly originLock?: OriginLock;

  /**
   * The name CloudFront reaches the load balancer at over HTTPS: an A alias record to the load
   * balancer in `hostedZone`, covered by the load balancer's certificate (no certificate covers
   * its own `*.elb.amazonaws.com` name). A name in the zone, other than `domainName`.
   *
   * @default - `origin.<domainName>`
   */
  readonly originDomainName?: string;

  /**
   * CloudFront's certificate for `domainName`, from us-east-1.
   *
   * @default - in a us-east-1 or environment-agnostic stack, the load balancer's certificate; in
   * a stack of another region, a DNS-validated certificate defined in a us-east-1 stack of the
   * same app that this stack depends on
   */
  readonly cloudFrontCertificate?: acm.ICertificate;

  /**
   * The ARN of an existing CLOUDFRONT-scope web ACL to use instead of defining one.
   *
   * @default - a web ACL of AWS managed rules and a per-IP rate limit, defined in this stack in
   * us-east-1 (or an environment-agnostic stack), else in the us-east-1 stack beside it
   */
  readonly webAclArn?: string;

  /**
   * Requests one IP may send in 5 minutes before the web ACL answers 429 (10 to 2,000,000,000).
   * Not with `webAclArn`.
   *
   * @default 1000
   */
  readonly rateLimitPer5Minutes?: number;

  /**
   * Rules of `AWSManagedRulesCommonRuleSet` that only count instead of blocking. Not with
   * `webAclArn`. Give `[]` to have every rule block.
   *
   * @default - ['SizeRestrictions_BODY'] with a backend (Medusa's admin uploads product images
   * and saves products through the edge, request bodies over that rule's 8 KB); none without
   */
  readonly commonRuleSetCountRules?: string[];

  /**
   * The edge locations that serve the shop.
   *
   * @default cloudfront.PriceClass.PRICE_CLASS_100
   */
  readonly priceClass?: cloudfront.PriceClass;

  /**
   * Countries to serve or refuse.
   *
   * @default - served everywhere
   */
  readonly geoRestriction?: cloudfront.GeoRestriction;

  /**
   * A private bucket of product images (`shop.mediaBucket`) served at `mediaPathPattern`
   * through an Origin Access Control; the backend and the worker may write it, and get Medusa's
   * S3 file settings (`S3_BUCKET`, `S3_REGION`, `S3_PREFIX`, `S3_FILE_URL`). Needs a backend.
   *
   * @default - true with a backend
   */
  readonly media?: boolean;

  /**
   * The edge path of product images, `/<prefix>/*`: the objects' keys start with `<prefix>/`.
   *
   * @default '/media/*'
   */
  readonly mediaPathPattern?: string;

  /**
   * Whether the pages reach the load balancer with the viewer's `Host` (`domainName`) instead of
   * the origin name (ShopEdge's `forwardHostHeader`); the load balancer's certificate covers both.
   * `X-Forwarded-Host` carries `domainName` either way.
   *
   * @default false
   */
  readonly forwardHostHeader?: boolean;

  /**
   * How the storefront's paths are cached at the edge (ShopEdge's `framework`).
   *
   * @default OriginFramework.NEXT_JS
   */
  readonly framework?: OriginFramework;

  /**
   * The storefront's `.next/static`, uploaded to S3 so that assets of the previous build keep
   * answering during a rolling deployment (ShopEdge's `staticAssets`).
   *
   * @default - `/_next/static/*` comes from the load balancer
   */
  readonly staticAssets?: NextJsStaticAssets;
}
