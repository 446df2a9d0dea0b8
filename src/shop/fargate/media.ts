import { Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { acknowledge } from '../../private/acknowledge';
import { privateBucketProps } from '../../private/private-bucket';

/** The default path of product images at the edge; the object keys start with `media/`. */
export const DEFAULT_MEDIA_PATH = '/media/*';

/**
 * The product-image bucket: private (Block Public Access, ACLs disabled), SSE-S3, TLS 1.2 or
 * later only, versioned (a replaced or deleted image stays recoverable for 30 days), retained
 * when the stack is deleted. CloudFront reads it through an Origin Access Control (the
 * `ShopEdge` adds that bucket policy statement); the backend and the worker write it.
 *
 * SSE-S3 rather than a KMS key: an Origin Access Control reads SSE-KMS objects only when the key
 * policy lets CloudFront decrypt, each image read at the edge would then be a KMS request, and
 * product images are published to every visitor anyway.
 */
export function defineMediaBucket(scope: Construct): s3.Bucket {
  const bucket = new s3.Bucket(scope, 'MediaBucket', {
    ...privateBucketProps(),
    lifecycleRules: [
      {
        id: 'NoncurrentImages',
        noncurrentVersionExpiration: Duration.days(30),
        abortIncompleteMultipartUploadAfter: Duration.days(1),
      },
    ],
  });
  const published = 'Product images are published to every visitor through CloudFront';
  acknowledge(
    bucket,
    {
      id: 'AwsSolutions-S1',
      reason: `${published}, whose standard logs record every read; writes come from the shop's own task roles (CloudTrail).`,
    },
    {
      id: 'NIST.800.53.R5-S3BucketLoggingEnabled',
      reason: `${published}, whose standard logs record every read.`,
    },
    {
      id: 'guard:s3_bucket_logging_enabled_check',
      reason: `${published}, whose standard logs record every read.`,
    },
    {
      id: 'NIST.800.53.R5-S3BucketReplicationEnabled',
      reason:
        'The bucket is versioned and retained; a copy in a second region would double its cost for images the merchant also keeps.',
    },
    {
      id: 'NIST.800.53.R5-S3DefaultEncryptionKMS',
      reason: `${published}: SSE-S3 encrypts them at rest without a KMS request per edge read or a key policy for CloudFront.`,
    },
    {
      id: 'guard:s3_bucket_default_encryption_kms_check',
      reason: `${published}: SSE-S3 encrypts them at rest without a KMS request per edge read or a key policy for CloudFront.`,
    },
    {
      id: 'guard:s3_event_notifications_enabled_check',
      reason: 'Nothing reacts to a new image: Medusa records each upload itself.',
    },
    {
      id: 'guard:s3_bucket_object_lock_enabled_check',
      reason:
        'Merchants replace and delete product images; versioning keeps old ones 30 days, and Object Lock cannot be turned off once on.',
    },
  );
  return bucket;
}

/** `/media/*` -> `media/`: the key prefix of the objects a path pattern serves. */
export function mediaKeyPrefix(pathPattern: string): string {
  return pathPattern.replace(/^\//, '').replace(/\*$/, '');
}

/**
 * Medusa's S3 file module settings (`@medusajs/medusa/file-s3`, read in medusa-config by the
 * names below): the bucket, its region, the key prefix, and the URL files are served at
 * (`<S3_FILE_URL>/<key>`, the edge's URL).
 */
export function mediaEnvironment(
  bucket: s3.IBucket,
  url: string,
  pathPattern: string,
): { [name: string]: string } {
  return {
    S3_BUCKET: bucket.bucketName,
    S3_REGION: Stack.of(bucket).region,
    S3_PREFIX: mediaKeyPrefix(pathPattern),
    S3_FILE_URL: url,
  };
}

/** Lets `role` put, read and delete objects under the media prefix, and nothing else. */
export function grantMediaWrite(bucket: s3.Bucket, role: iam.IRole, pathPattern: string): void {
  const keys = `${mediaKeyPrefix(pathPattern)}*`;
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      actions: ['s3:PutObject', 's3:GetObject', 's3:DeleteObject'],
      resources: [bucket.arnForObjects(keys)],
    }),
  );
  const bucketId = Stack.of(bucket).getLogicalId(bucket.node.defaultChild as s3.CfnBucket);
  acknowledge(role, {
    id: `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/${keys}]`,
    reason:
      "Medusa names each uploaded image with a fresh id (name-ULID.ext), so the keys are not known in advance; the grant is limited to the media prefix of the shop's own bucket.",
  });
}
