import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { acknowledge } from '../../private/acknowledge';

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
  const noAccessLogs =
    "This bucket receives the load balancer's access logs; logging the reads of those logs would need yet another bucket, and only operators read them.";
  const sseS3 =
    'ALB access logs support only SSE-S3 (Amazon S3-managed keys); delivery to a bucket encrypted with a KMS key fails.';
  acknowledge(
    bucket,
    { id: 'AwsSolutions-S1', reason: noAccessLogs },
    { id: 'NIST.800.53.R5-S3BucketLoggingEnabled', reason: noAccessLogs },
    { id: 'guard:s3_bucket_logging_enabled_check', reason: noAccessLogs },
    {
      id: 'NIST.800.53.R5-S3BucketReplicationEnabled',
      reason:
        'Access logs are operational records kept 90 days; a copy in a second region would double their cost for data that is not the shop itself.',
    },
    { id: 'NIST.800.53.R5-S3DefaultEncryptionKMS', reason: sseS3 },
    { id: 'guard:s3_bucket_default_encryption_kms_check', reason: sseS3 },
    {
      id: 'guard:s3_event_notifications_enabled_check',
      reason:
        'Nothing reacts to a new log file: logs are queried on demand (Athena, download) when investigating.',
    },
    {
      id: 'guard:s3_bucket_object_lock_enabled_check',
      reason:
        'The bucket is versioned and logs expire by lifecycle after 90 days; Object Lock cannot be turned off once on and would keep logs past their expiry.',
    },
  );
}
