import { Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as synthetics from 'aws-cdk-lib/aws-synthetics';
import { UPTIME_RETENTION } from './uptime-validation';
import { acknowledge } from '../private/acknowledge';

/*
 * The cdk-nag (AwsSolutions, NIST 800-53 R5) and cfn-guard findings the uptime canary accepts
 * by design. The canary role is aws-cdk-lib's: the permissions AWS documents a canary needs
 * ("Required roles and permissions for canaries",
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Synthetics_Canaries_CanaryPermissions.html).
 */

/** Acknowledges the findings on the artifacts bucket and the canary's role. */
export function acknowledgeUptimeFindings(bucket: s3.Bucket, canary: synthetics.Canary): void {
  const days = `${UPTIME_RETENTION.failureDays} days`;
  const noAccessLogs =
    "The bucket holds only the canary's own run artifacts (logs and reports of GETs of the shop's public URL), " +
    'written by the canary and read by operators; logging the reads would need yet another bucket.';
  const sseS3 =
    'Run artifacts hold no customer data, only what the public URL answered; SSE-S3 encrypts them at rest ' +
    'without a KMS key to pay for and keep.';
  acknowledge(
    bucket,
    { id: 'AwsSolutions-S1', reason: noAccessLogs },
    { id: 'NIST.800.53.R5-S3BucketLoggingEnabled', reason: noAccessLogs },
    { id: 'guard:s3_bucket_logging_enabled_check', reason: noAccessLogs },
    {
      id: 'NIST.800.53.R5-S3BucketReplicationEnabled',
      reason: `Run artifacts expire after ${days} and are recreated by every run; a copy in a second region would only add cost.`,
    },
    { id: 'NIST.800.53.R5-S3DefaultEncryptionKMS', reason: sseS3 },
    { id: 'guard:s3_bucket_default_encryption_kms_check', reason: sseS3 },
    {
      id: 'guard:s3_event_notifications_enabled_check',
      reason:
        "Nothing reacts to a new artifact: a failed run is reported by the canary's alarm, artifacts are read on demand.",
    },
    {
      id: 'guard:s3_bucket_object_lock_enabled_check',
      reason: `The bucket is versioned and artifacts expire by lifecycle after ${days}; Object Lock would keep them past that for nothing.`,
    },
  );
  const logGroups = `arn:<AWS::Partition>:logs:<AWS::Region>:<AWS::AccountId>:log-group:/aws/lambda/cwsyn-*`;
  const bucketId = Stack.of(bucket).getLogicalId(bucket.node.defaultChild as s3.CfnBucket);
  acknowledge(
    canary.role,
    {
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Two actions on *, as AWS documents for canaries: s3:ListAllMyBuckets (the Synthetics runtime lists buckets ' +
        'to find its artifacts bucket; the action has no resource type) and cloudwatch:PutMetricData limited to the ' +
        'CloudWatchSynthetics namespace by condition (PutMetricData has no resource type).',
    },
    {
      id: `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/*]`,
      reason:
        'The canary writes its run artifacts (s3:PutObject only) under keys it names per run in its own bucket.',
    },
    {
      id: `AwsSolutions-IAM5[Resource::${logGroups}]`,
      reason:
        "The canary's Lambda function is named by Synthetics at creation (cwsyn-<canary>-<id>), so its log group " +
        'is known only by that prefix; the actions are the three a function needs to write its logs.',
    },
    {
      id: 'NIST.800.53.R5-IAMNoInlinePolicy',
      reason:
        "The policy is the canary role's own (aws-cdk-lib's canary construct), used by nothing else, and lives and dies with it.",
    },
  );
}
