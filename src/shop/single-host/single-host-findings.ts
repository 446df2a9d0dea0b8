import { CfnResource, Stack } from 'aws-cdk-lib';
import type { SingleHostShop } from './single-host-shop';
import { acknowledge } from '../../private/acknowledge';

/**
 * The cdk-nag and cfn-guard findings a single host accepts by design, each with its reason,
 * acknowledged on the resource it concerns.
 */
export function acknowledgeSingleHostFindings(shop: SingleHostShop, logRetentionDays: number): void {
  acknowledge(shop.securityGroup, {
    id: 'AwsSolutions-EC23',
    reason: "The host is the shop's web server: ports 80 and 443 are open to the internet, nothing else.",
  });

  const noDetailedMonitoring =
    'Detailed monitoring adds $2.10/month (7 metrics) to a $12 host; status checks are 1-minute anyway and alarms use 5-minute data.';
  acknowledge(
    shop.instance,
    { id: 'AwsSolutions-EC28', reason: noDetailedMonitoring },
    { id: 'guard:ec2_instance_detailed_monitoring_enabled_check', reason: noDetailedMonitoring },
    {
      id: 'AwsSolutions-EC29',
      reason:
        'Replacing the instance is how the host is updated (new AMI or user data); its data lives on a separate retained volume.',
    },
    {
      id: 'NIST.800.53.R5-EC2InstancesInVPC',
      reason:
        'The instance sits in a subnet of the VPC through its network interface; the rule reads only the top-level SubnetId.',
    },
    {
      id: 'guard:ec2_instance_nitro_encryption_in_transit_check',
      reason:
        'All traffic to the host is TLS (HTTPS, AWS APIs); instance types with Nitro in-transit encryption cost five times the t4g.small.',
    },
    {
      id: 'guard:ec2_instance_no_public_ip_check',
      reason:
        'The single host serves the shop from its Elastic IP; there is no load balancer in front of it by design.',
    },
  );

  acknowledge(shop.role, {
    id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/AmazonSSMManagedInstanceCore]',
    reason:
      'AmazonSSMManagedInstanceCore is the AWS-maintained minimum for Session Manager, which replaces SSH on this host.',
  });
  const policy = shop.role.node.tryFindChild('DefaultPolicy');
  if (policy) {
    const stack = Stack.of(shop);
    const arnOf = (resource: CfnResource) => `<${stack.getLogicalId(resource)}.Arn>`;
    const bucket = arnOf(shop.backupBucket.node.defaultChild as CfnResource);
    const logGroup = arnOf(shop.logGroup.node.defaultChild as CfnResource);
    acknowledge(
      policy,
      {
        id: `AwsSolutions-IAM5[Resource::${bucket}/postgres/*]`,
        reason:
          'The host writes and restores dumps under the postgres/ prefix of its own backup bucket, and nowhere else.',
      },
      {
        id: `AwsSolutions-IAM5[Resource::${logGroup}:log-stream:*]`,
        reason: "The CloudWatch agent writes streams it names itself, in the shop's own log group only.",
      },
      {
        id: 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ec2:<AWS::Region>:<AWS::AccountId>:instance/*]',
        reason:
          "The host attaches its data volume to itself; the statement only matches instances carrying this shop's attach tag (aws-cdk-lib grantAttachVolumeByResourceTag).",
      },
      {
        id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ssm:<AWS::Region>:<AWS::AccountId>:parameter${shop.secretParameterPath}*]`,
        reason:
          "The host generates and reads the shop's own secrets under its parameter path only (get and put, never delete).",
      },
      {
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          'ec2:DescribeVolumes takes no resource; cloudwatch:PutMetricData takes none either and is limited to the CdkShop namespace by condition.',
      },
      {
        id: 'NIST.800.53.R5-IAMNoInlinePolicy',
        reason:
          "The policy names only this host's resources and lives and dies with its role; a managed policy would add nothing.",
      },
    );
  }

  const logsEncryption =
    'CloudWatch Logs encrypts the log group at rest; a customer-managed key would add $1/month.';
  acknowledge(
    shop.logGroup,
    { id: 'NIST.800.53.R5-CloudWatchLogGroupEncrypted', reason: logsEncryption },
    { id: 'guard:cloudwatch_log_group_encrypted_check', reason: logsEncryption },
  );
  if (logRetentionDays < 365) {
    acknowledge(shop.logGroup, {
      id: 'guard:cloudwatch_log_group_retention_period_check',
      reason: `Application logs are kept ${logRetentionDays} days by choice (logRetention) to keep a small shop's bill small; the database itself is backed up separately.`,
    });
  }

  acknowledge(
    shop.backupBucket,
    {
      id: 'AwsSolutions-S1',
      reason:
        'Only the host writes and reads dumps; a second bucket for access logs would cost more than the backups.',
    },
    {
      id: 'NIST.800.53.R5-S3BucketLoggingEnabled',
      reason:
        'Only the host writes and reads dumps; a second bucket for access logs would cost more than the backups.',
    },
    {
      id: 'NIST.800.53.R5-S3BucketReplicationEnabled',
      reason:
        'The dumps are themselves the copy of the data volume, which AWS Backup also snapshots; cross-region copies are opt-in.',
    },
    {
      id: 'NIST.800.53.R5-S3DefaultEncryptionKMS',
      reason: 'SSE-S3 encrypts the dumps at rest; SSE-KMS would add a key ($1/month) and request charges.',
    },
    {
      id: 'guard:s3_bucket_default_encryption_kms_check',
      reason: 'SSE-S3 encrypts the dumps at rest; SSE-KMS would add a key ($1/month) and request charges.',
    },
    {
      id: 'guard:s3_bucket_logging_enabled_check',
      reason:
        'Only the host writes and reads dumps; a second bucket for access logs would cost more than the backups.',
    },
    {
      id: 'guard:s3_event_notifications_enabled_check',
      reason:
        'Backup success is tracked by the BackupSucceeded metric and its 26-hour alarm, not by S3 events.',
    },
    {
      id: 'guard:s3_bucket_object_lock_enabled_check',
      reason:
        'Dumps are versioned and expire by lifecycle; Object Lock (immutable until retention ends) cannot be undone and stays opt-in.',
    },
  );

  const topic = shop.alarmTopic.node.defaultChild;
  if (topic instanceof CfnResource) {
    acknowledge(topic, {
      id: 'NIST.800.53.R5-SNSEncryptedKMS',
      reason:
        'Alarm notifications carry no customer data, and CloudWatch cannot publish to a topic encrypted with the AWS managed key.',
    });
  }
}
