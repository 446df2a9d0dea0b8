import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import { Construct } from 'constructs';
import type { ShopEdgeProps } from './shop-edge-props';
import { invalidProp } from '../private/errors';

/**
 * The origin request policy of the pages (the default behaviour): every viewer header, cookie and
 * query string; the viewer's `Host` too with `forwardHostHeader`, else CloudFront sends the
 * origin's own name as `Host`.
 *
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/using-managed-origin-request-policies.html
 */
export function pagesOriginRequestPolicy(props: ShopEdgeProps): cloudfront.IOriginRequestPolicy {
  return props.forwardHostHeader
    ? cloudfront.OriginRequestPolicy.ALL_VIEWER
    : cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER;
}

/**
 * Origins that answer for their own name only: S3 (a bucket is found by its host name), Lambda
 * function URLs and API Gateway without a custom domain (403 with another `Host`).
 *
 * @see https://aws.amazon.com/premiumsupport/knowledge-center/configure-cloudfront-to-forward-headers
 */
function ownNameOnly(origin: cloudfront.IOrigin): string | undefined {
  if (origin instanceof origins.S3BucketOrigin || origin instanceof origins.S3Origin) {
    return 'an S3 bucket origin';
  }
  if (origin instanceof origins.S3StaticWebsiteOrigin) return 'an S3 website origin';
  if (origin instanceof origins.FunctionUrlOrigin) return 'a Lambda function URL origin';
  if (origin instanceof origins.RestApiOrigin) return 'an API Gateway origin';
  return undefined;
}

/**
 * `forwardHostHeader` needs an origin that answers for the viewer's names, and names of the
 * shop's own: without `domainNames` the viewer's `Host` is the distribution's `*.cloudfront.net`
 * name, which no origin's certificate covers.
 */
export function validateHostHeader(scope: Construct, props: ShopEdgeProps): void {
  if (!props.forwardHostHeader || !props.origin) return;
  const own = ownNameOnly(props.origin);
  if (own) {
    throw invalidProp(
      scope,
      'forwardHostHeader',
      `the origin is ${own}, which answers for its own name only (another Host gets 403 or the wrong site)`,
      'Remove forwardHostHeader: CloudFront then sends the origin its own name (a custom header such as X-Forwarded-Host can carry the viewer name).',
    );
  }
  if (!props.domainNames || props.domainNames.length === 0) {
    throw invalidProp(
      scope,
      'forwardHostHeader',
      "without domainNames the viewer's Host is the distribution's *.cloudfront.net name, which the origin does not serve",
      'Give domainNames (and certificate), or remove forwardHostHeader.',
    );
  }
}
