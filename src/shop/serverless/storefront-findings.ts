import * as s3 from 'aws-cdk-lib/aws-s3';
import { acknowledge } from '../../private/acknowledge';

/** The cdk-nag and cfn-guard findings the storefront's bucket accepts by design, with their reasons. */
export function acknowledgeStorefrontBucket(bucket: s3.Bucket): void {
  const readThroughEdge =
    'Every read comes through CloudFront (Origin Access Control) and is in its standard logs; the only writer is the deployment, recorded by CloudTrail.';
  const rebuildable =
    'The bucket holds the storefront build, which the next deployment uploads again from the build';
  acknowledge(
    bucket,
    { id: 'AwsSolutions-S1', reason: readThroughEdge },
    { id: 'NIST.800.53.R5-S3BucketLoggingEnabled', reason: readThroughEdge },
    { id: 'guard:s3_bucket_logging_enabled_check', reason: readThroughEdge },
    {
      id: 'NIST.800.53.R5-S3BucketReplicationEnabled',
      reason: `${rebuildable}; a copy in a second region adds cost and no recovery.`,
    },
    {
      id: 'NIST.800.53.R5-S3DefaultEncryptionKMS',
      reason:
        'The storefront is public HTML, JavaScript and CSS served to every visitor; SSE-S3 encrypts it at rest, and SSE-KMS would need a key policy for CloudFront and $1 a month.',
    },
    {
      id: 'guard:s3_bucket_default_encryption_kms_check',
      reason:
        'The storefront is public HTML, JavaScript and CSS served to every visitor; SSE-S3 encrypts it at rest without a key policy for CloudFront.',
    },
    {
      id: 'guard:s3_event_notifications_enabled_check',
      reason: 'Nothing reacts to an upload: the deployment writes build output that CloudFront serves as is.',
    },
    {
      id: 'guard:s3_bucket_object_lock_enabled_check',
      reason: `${rebuildable}; it is versioned, and Object Lock cannot be turned off once on and adds nothing to rebuildable output.`,
    },
  );
}
