import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { acknowledgeLogBucket } from '../../private/log-bucket-findings';

/** How long the load balancer's access logs are kept: a quarter, enough to look back at an incident or a bill. */
export const ACCESS_LOG_RETENTION = Duration.days(90);

/**
 * The bucket the load balancer writes its access logs to: retained when the stack goes, SSE-S3
 * (the only server-side encryption ALB access logs support: "Access log files" in the ALB user
 * guide; aws-cdk-lib's `logAccessLogs` refuses a KMS bucket), private, TLS only, versioned, ACLs
 * off (ALB delivers through the bucket policy), logs expiring after {@link ACCESS_LOG_RETENTION}.
 */
export function createAccessLogBucket(scope: Construct): s3.Bucket {
  const bucket = new s3.Bucket(scope, 'AccessLogs', {
    encryption: s3.BucketEncryption.S3_MANAGED,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    enforceSSL: true,
    minimumTLSVersion: 1.2,
    versioned: true,
    removalPolicy: RemovalPolicy.RETAIN,
    lifecycleRules: [
      {
        id: 'ExpireAccessLogs',
        expiration: ACCESS_LOG_RETENTION,
        // a deleted or overwritten log file stays recoverable for a week
        noncurrentVersionExpiration: Duration.days(7),
        abortIncompleteMultipartUploadAfter: Duration.days(1),
      },
    ],
  });
  acknowledgeAccessLogBucket(bucket);
  return bucket;
}

function acknowledgeAccessLogBucket(bucket: s3.Bucket): void {
  acknowledgeLogBucket(bucket, {
    source: "the load balancer's",
    retention: `${ACCESS_LOG_RETENTION.toDays()} days`,
    encryptionReason:
      'ALB access logs support only SSE-S3 (Amazon S3-managed keys); delivery to a bucket encrypted with a KMS key fails.',
    replicationRemark: 'for data that is not the shop itself',
    objectLockRemark: 'would keep logs past their expiry',
  });
}
