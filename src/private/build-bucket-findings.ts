import * as s3 from 'aws-cdk-lib/aws-s3';
import { acknowledge } from './acknowledge';

/** What a bucket of build output holds, in the words its acknowledgements use. */
export interface BuildBucketContents {
  /** What it serves, the start of a sentence: 'The assets are public JavaScript and CSS'. */
  readonly served: string;
  /** What deployments delete, after 'The bucket is versioned and ': 'the deployment never deletes (prune false)'. */
  readonly deletions: string;
}

/**
 * The cdk-nag and cfn-guard findings a bucket of build output served through CloudFront (Origin
 * Access Control) accepts by design: a deployment writes it from the build, CloudFront reads it.
 */
export function acknowledgeBuildBucket(bucket: s3.Bucket, contents: BuildBucketContents): void {
  const readThroughEdge =
    'Every read comes through CloudFront (Origin Access Control) and is in its standard logs; the only writer is the deployment, recorded by CloudTrail.';
  acknowledge(
    bucket,
    { id: 'AwsSolutions-S1', reason: readThroughEdge },
    { id: 'NIST.800.53.R5-S3BucketLoggingEnabled', reason: readThroughEdge },
    { id: 'guard:s3_bucket_logging_enabled_check', reason: readThroughEdge },
    {
      id: 'NIST.800.53.R5-S3BucketReplicationEnabled',
      reason:
        'The bucket holds build output that the next deployment uploads again from the build; a copy in a second region adds cost and no recovery.',
    },
    {
      id: 'NIST.800.53.R5-S3DefaultEncryptionKMS',
      reason: `${contents.served} served to every visitor; SSE-S3 encrypts them at rest, and SSE-KMS would need a key policy for CloudFront and $1 a month.`,
    },
    {
      id: 'guard:s3_bucket_default_encryption_kms_check',
      reason: `${contents.served} served to every visitor; SSE-S3 encrypts them at rest without a key policy for CloudFront.`,
    },
    {
      id: 'guard:s3_event_notifications_enabled_check',
      reason: 'Nothing reacts to an upload: the deployment writes build output that CloudFront serves as is.',
    },
    {
      id: 'guard:s3_bucket_object_lock_enabled_check',
      reason: `The bucket is versioned and ${contents.deletions}; Object Lock cannot be turned off once on and adds nothing to rebuildable output.`,
    },
  );
}
