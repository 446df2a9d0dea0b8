import { Annotations, CfnResource } from 'aws-cdk-lib';
import type { ShopEdge } from './shop-edge';
import type { ShopEdgeProps } from './shop-edge-props';
import { acknowledge } from '../private/acknowledge';
import { acknowledgeLogBucket } from '../private/log-bucket-findings';

/**
 * The cdk-nag and cfn-guard findings a `ShopEdge` accepts by design, with their reasons, each
 * only while it applies. Findings on what the user gives (origin, media bucket, log bucket) are
 * left for the user's own checks to report.
 */
export function acknowledgeEdgeFindings(edge: ShopEdge, props: ShopEdgeProps): void {
  const distribution = edge.distribution.node.defaultChild as CfnResource;

  if (props.storefront) {
    // the storefront's origin may list the bucket so that a missing file answers 404
    Annotations.of(edge.distribution).acknowledgeWarning(
      '@aws-cdk/aws-cloudfront-origins:listBucketSecurityRisk',
      "The default root object is index.html, the rewrite function maps '/' to it, and the storefront's cache policy forwards no query string: no list request reaches the bucket.",
    );
    acknowledge(distribution, {
      id: 'guard:cloudfront_origin_failover_enabled_check',
      reason:
        'The storefront is one bucket that every deployment fills from the build; an origin group would need a second bucket replicated from it, and S3 Standard is designed for 99.99% availability (https://aws.amazon.com/s3/storage-classes/).',
    });
  } else {
    acknowledge(
      distribution,
      {
        id: 'guard:cloudfront_default_root_object_configured_check',
        reason:
          "The shop's origin answers '/' itself with the storefront's home page; a default root object would rewrite '/' to a file, which suits a bucket, not an application.",
      },
      {
        id: 'guard:cloudfront_origin_failover_enabled_check',
        reason:
          'The shop has one dynamic origin; an origin group fails over only GET, HEAD and OPTIONS, so checkouts and carts (POST) would not follow it, and a second origin means a second shop deployment.',
      },
    );
  }

  if (!props.geoRestriction) {
    acknowledge(distribution, {
      id: 'AwsSolutions-CFR1',
      reason:
        'An online shop serves visitors from every country by default; where it sells and ships is a business decision, made with the geoRestriction prop.',
    });
  }

  if (!props.certificate) {
    const defaultCertificate =
      'Without domainNames and certificate the shop is served at its *.cloudfront.net name with the certificate CloudFront provides, whose TLS policy and SNI CloudFront fixes; giving them turns on SNI and TLSv1.2_2021.';
    acknowledge(
      distribution,
      { id: 'AwsSolutions-CFR4', reason: defaultCertificate },
      { id: 'guard:cloudfront_custom_ssl_certificate_check', reason: defaultCertificate },
      { id: 'guard:cloudfront_sni_enabled_check', reason: defaultCertificate },
      { id: 'guard:cloudfront_security_policy_check', reason: defaultCertificate },
    );
  }

  if (edge.webAcl) {
    acknowledge(edge.webAcl, {
      id: 'NIST.800.53.R5-WAFv2LoggingEnabled',
      reason:
        "Every request, blocked ones included (403 or 429 in the edge's access logs), is in CloudFront's standard logs, and every rule publishes CloudWatch metrics and sampled requests; full AWS WAF logs would add $0.50 per GB ingested.",
    });
  }

  // only the bucket this construct defines: a given log bucket is the user's to check
  if (!props.logBucket) {
    acknowledgeLogBucket(edge.logBucket, {
      source: "the distribution's",
      retention: 'logRetention days',
      encryptionReason:
        'SSE-S3 encrypts the logs at rest; SSE-KMS would need a customer-managed key ($1/month) with a key policy for CloudFront log delivery: give a logBucket of your own for that.',
      replicationRemark: 'and can be had with a logBucket of your own',
      objectLockRemark: 'stays opt-in with a logBucket of your own',
    });
  }
}
