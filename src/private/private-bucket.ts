import { RemovalPolicy } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';

/**
 * The props every bucket of cdk-shop starts from: SSE-S3 encryption, no public access, ACLs off
 * (the bucket owner owns every object), TLS 1.2 or newer only, versioned, retained with the
 * stack. The caller adds its lifecycle rules (and may override `objectOwnership` where a
 * service writes with ACLs, as CloudFront standard logging does).
 */
export function privateBucketProps(): s3.BucketProps {
  return {
    encryption: s3.BucketEncryption.S3_MANAGED,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    enforceSSL: true,
    minimumTLSVersion: 1.2,
    versioned: true,
    removalPolicy: RemovalPolicy.RETAIN,
  };
}
