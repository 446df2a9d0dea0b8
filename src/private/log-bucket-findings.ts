import { IConstruct } from 'constructs';
import { acknowledge } from './acknowledge';

/** What differs between the access-log buckets cdk-shop defines, for their reasons. */
export interface LogBucketFindingsOptions {
  /** Whose access logs the bucket receives, possessive: `the load balancer's`. */
  readonly source: string;
  /** How long the logs are kept, as the reasons say it: `90 days`. */
  readonly retention: string;
  /** Why the bucket is encrypted with SSE-S3 and not with a KMS key. */
  readonly encryptionReason: string;
  /** Ends "a copy in a second region would double their cost ...": why not, or how to get one. */
  readonly replicationRemark: string;
  /** Ends "Object Lock cannot be turned off once on and ...". */
  readonly objectLockRemark: string;
}

/**
 * Acknowledges the cdk-nag (AwsSolutions, NIST 800-53 R5) and cfn-guard findings that a bucket
 * receiving a service's access logs accepts by design: no access logs of its own, no
 * replication, SSE-S3, no event notifications, no Object Lock.
 */
export function acknowledgeLogBucket(bucket: IConstruct, options: LogBucketFindingsOptions): void {
  const noAccessLogs = `This bucket receives ${options.source} access logs; logging the reads of those logs would need yet another bucket, and only operators read them.`;
  acknowledge(
    bucket,
    { id: 'AwsSolutions-S1', reason: noAccessLogs },
    { id: 'NIST.800.53.R5-S3BucketLoggingEnabled', reason: noAccessLogs },
    { id: 'guard:s3_bucket_logging_enabled_check', reason: noAccessLogs },
    {
      id: 'NIST.800.53.R5-S3BucketReplicationEnabled',
      reason: `Access logs are operational records kept ${options.retention}; a copy in a second region would double their cost ${options.replicationRemark}.`,
    },
    { id: 'NIST.800.53.R5-S3DefaultEncryptionKMS', reason: options.encryptionReason },
    { id: 'guard:s3_bucket_default_encryption_kms_check', reason: options.encryptionReason },
    {
      id: 'guard:s3_event_notifications_enabled_check',
      reason:
        'Nothing reacts to a new log file: logs are queried on demand (Athena, download) when investigating.',
    },
    {
      id: 'guard:s3_bucket_object_lock_enabled_check',
      reason: `The bucket is versioned and logs expire by lifecycle after ${options.retention}; Object Lock cannot be turned off once on and ${options.objectLockRemark}.`,
    },
  );
}
