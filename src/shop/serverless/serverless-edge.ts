import { Stack, Token } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { ServerlessShopProps } from './serverless-shop-props';
import type { ShopApi } from './shop-api';
import type { ShopStorefront } from './shop-storefront';
import { ShopEdge } from '../../edge/shop-edge';
import { CLOUDFRONT_REGION, defineUsEast1EdgeResources, literalZone } from '../fargate/edge-us-east-1';

/** The web ACL's settings of a serverless shop: `ShopEdge`'s defaults. */
const WEB_ACL = { rateLimit: 1000, countRules: [] as string[] };

/**
 * Puts a `ShopEdge` in front of the storefront (every path), the API (`/api/*`) and the media
 * bucket (`/media/*`), with the shop's domain. CloudFront reads its certificate and web ACL from
 * us-east-1: this stack's own when it is there or environment-agnostic (the edge's
 * CloudFormation rule keeps it there), else a us-east-1 stack beside it.
 */
export function defineServerlessEdge(
  shop: Construct,
  props: ServerlessShopProps,
  parts: { storefront: ShopStorefront; api: ShopApi; mediaBucket: s3.IBucket },
): ShopEdge {
  const region = Stack.of(shop).region;
  const here = Token.isUnresolved(region) || region === CLOUDFRONT_REGION;
  let certificate = props.certificate;
  let webAclArn = props.webAclArn;
  if (props.domainName && !certificate && here) {
    certificate = new acm.Certificate(shop, 'Certificate', {
      domainName: props.domainName,
      validation: acm.CertificateValidation.fromDns(props.hostedZone),
    });
  } else if (!here && ((props.domainName && !certificate) || !webAclArn)) {
    const usEast1 = defineUsEast1EdgeResources(shop, {
      certificateNames: props.domainName && !certificate ? [props.domainName] : undefined,
      zone:
        props.domainName && !certificate
          ? literalZone(
              shop,
              props.hostedZone!,
              'hostedZone',
              'Give hostedZone with HostedZone.fromHostedZoneAttributes (literal id and name), or certificate from us-east-1.',
            )
          : undefined,
      webAcl: webAclArn ? undefined : WEB_ACL,
    });
    certificate ??= usEast1.certificate;
    webAclArn ??= usEast1.webAclArn;
  }
  return new ShopEdge(shop, 'Edge', {
    storefront: parts.storefront,
    apiOrigin: parts.api.origin,
    mediaBucket: parts.mediaBucket,
    domainNames: props.domainName ? [props.domainName] : undefined,
    certificate,
    hostedZone: props.domainName ? props.hostedZone : undefined,
    webAclArn,
  });
}
