import { App, Duration, RemovalPolicy, Stack, StackProps } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { ShopEdge, ShopEdgeProps } from '../../src/edge';
import { acknowledge } from '../../src/private/acknowledge';

/* What the ShopEdge tests share: a synth with props, the template's parts, test resources. */

export const ACCOUNT = '123456789012';
export const US_EAST_1: StackProps = { env: { account: ACCOUNT, region: 'us-east-1' } };
export const CERTIFICATE_ARN = `arn:aws:acm:us-east-1:${ACCOUNT}:certificate/11111111-2222-3333-4444-555555555555`;
export const WEB_ACL_ARN = `arn:aws:wafv2:us-east-1:${ACCOUNT}:global/webacl/shop/aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee`;
/** The managed policies' ids, as CloudFront documents them. */
export const CACHING_DISABLED = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';
export const CACHING_OPTIMIZED = '658327ea-f89d-4fab-a63d-7e88639e58f6';
export const ALL_VIEWER_EXCEPT_HOST_HEADER = 'b689b0a8-53d0-40ab-baf2-68738e2966ac';
export const SECURITY_HEADERS = '67f7725c-6f97-4210-82d7-5512b31e9d03';
/** The Route 53 zone id of every CloudFront alias target. */
export const CLOUDFRONT_ZONE_ID = 'Z2FDTNDATAQYW2';

/** What a test may give: the props, or a function of the stack for props holding constructs. */
export type Props = Partial<ShopEdgeProps> | ((stack: Stack) => Partial<ShopEdgeProps>);

export function synth(
  props: Props = {},
  stackProps: StackProps = {},
  outdir?: string,
  context?: Record<string, any>,
) {
  const app = new App({ ...(outdir ? { outdir } : {}), context });
  const stack = new Stack(app, 'Stack', stackProps);
  const given = typeof props === 'function' ? props(stack) : props;
  const edge = new ShopEdge(stack, 'Edge', {
    origin: new origins.HttpOrigin('origin.example.com'),
    ...given,
  });
  let template: Template | undefined;
  return {
    app,
    stack,
    edge,
    /** Synthesizes on first use. */
    get template(): Template {
      template ??= Template.fromStack(stack);
      return template;
    },
  };
}

export function onlyResource(template: Template, type: string): { logicalId: string; resource: any } {
  const found = template.findResources(type);
  const ids = Object.keys(found);
  expect(ids).toHaveLength(1);
  return { logicalId: ids[0], resource: found[ids[0]] };
}

export function distributionConfig(template: Template): any {
  return onlyResource(template, 'AWS::CloudFront::Distribution').resource.Properties.DistributionConfig;
}

export function zone(stack: Stack, zoneName = 'example.com'): route53.IHostedZone {
  return route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', {
    hostedZoneId: 'Z0123456789',
    zoneName,
  });
}

export function certificate(stack: Stack, arn = CERTIFICATE_ARN): acm.ICertificate {
  return acm.Certificate.fromCertificateArn(stack, 'Certificate', arn);
}

/** A shop with its own name: two domain names in the zone, the certificate and the zone. */
export function withDomain(stack: Stack): Partial<ShopEdgeProps> {
  return {
    domainNames: ['shop.example.com', 'www.example.com'],
    certificate: certificate(stack),
    hostedZone: zone(stack),
  };
}

/** A private, encrypted media bucket that passes the checks on its own. */
export function mediaBucket(stack: Stack): s3.Bucket {
  const bucket = new s3.Bucket(stack, 'Media', {
    encryption: s3.BucketEncryption.S3_MANAGED,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    enforceSSL: true,
    versioned: true,
    lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(30) }],
    removalPolicy: RemovalPolicy.RETAIN,
  });
  const testBucket =
    'A test bucket of product images; the checks on it are the test owner’s, not ShopEdge’s.';
  acknowledge(
    bucket,
    { id: 'AwsSolutions-S1', reason: testBucket },
    { id: 'NIST.800.53.R5-S3BucketLoggingEnabled', reason: testBucket },
    { id: 'NIST.800.53.R5-S3BucketReplicationEnabled', reason: testBucket },
    { id: 'NIST.800.53.R5-S3DefaultEncryptionKMS', reason: testBucket },
    { id: 'guard:s3_bucket_default_encryption_kms_check', reason: testBucket },
    { id: 'guard:s3_bucket_logging_enabled_check', reason: testBucket },
    { id: 'guard:s3_event_notifications_enabled_check', reason: testBucket },
    { id: 'guard:s3_bucket_object_lock_enabled_check', reason: testBucket },
  );
  return bucket;
}

/** The shop's Rules section without the bootstrap version check of the default synthesizer. */
export function ownRules(template: Template): Record<string, any> {
  const rules = { ...(template.toJSON().Rules ?? {}) };
  delete rules.CheckBootstrapVersion;
  return rules;
}
