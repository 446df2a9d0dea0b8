import type { ShopDatabase } from './shop-database';
import { acknowledge } from '../private/acknowledge';

const DEFAULT_PORT =
  'Applications and drivers expect 5432; only the security groups given to allowFrom can reach it, so another port would add no protection.';
const ENHANCED_MONITORING =
  'Performance Insights (free tier) covers query load; OS-level Enhanced Monitoring adds an IAM role and log ingestion and stays opt-in.';
const BACKUP_PLAN =
  'RDS automated backups with point-in-time recovery (7+ days) protect the data; add the instance to a ShopBackup for longer or cross-region copies.';

/** The choices of a `ShopDatabase` that decide which findings it accepts. */
export interface DatabaseChoices {
  readonly multiAz: boolean;
  readonly iamAuthentication: boolean;
  readonly customerManagedKey: boolean;
}

/**
 * The cdk-nag and cfn-guard findings a `ShopDatabase` accepts by design, with their reasons.
 */
export function acknowledgeDatabaseFindings(database: ShopDatabase, choices: DatabaseChoices): void {
  if (!choices.multiAz) {
    const singleAz =
      'Single-AZ by choice (the DEVELOPMENT preset or multiAz: false) to halve the cost; use DatabasePreset.HIGHLY_AVAILABLE in production.';
    acknowledge(
      database.instance,
      { id: 'AwsSolutions-RDS3', reason: singleAz },
      { id: 'NIST.800.53.R5-RDSMultiAZSupport', reason: singleAz },
      { id: 'guard:rds_instance_multi_az_support_check', reason: singleAz },
    );
  }
  if (!choices.iamAuthentication) {
    acknowledge(database.instance, {
      id: 'guard:rds_instance_iam_authentication_enabled_check',
      reason:
        'Shop backends connect with the rotated password from Secrets Manager over TLS; IAM authentication is opt-in (iamAuthentication) for clients that use grantConnect.',
    });
  }
  if (!choices.customerManagedKey) {
    acknowledge(database.instance, {
      id: 'guard:rds_storage_encrypted_kms_key_check',
      reason:
        'Storage and snapshots are encrypted with the AWS managed key aws/rds; storageEncryptionKey takes a customer managed key where policy requires one.',
    });
  }
  acknowledge(
    database.instance,
    { id: 'AwsSolutions-RDS11', reason: DEFAULT_PORT },
    { id: 'guard:rds_instance_no_default_ports_check', reason: DEFAULT_PORT },
    { id: 'NIST.800.53.R5-RDSEnhancedMonitoringEnabled', reason: ENHANCED_MONITORING },
    { id: 'guard:rds_instance_enhanced_monitoring_enabled_check', reason: ENHANCED_MONITORING },
    { id: 'NIST.800.53.R5-RDSInBackupPlan', reason: BACKUP_PLAN },
  );
  for (const replica of database.readReplicas) {
    acknowledge(
      replica,
      { id: 'AwsSolutions-RDS11', reason: DEFAULT_PORT },
      { id: 'NIST.800.53.R5-RDSEnhancedMonitoringEnabled', reason: ENHANCED_MONITORING },
      {
        id: 'NIST.800.53.R5-RDSInBackupPlan',
        reason: 'A read replica is a copy of the primary, whose backups cover its data.',
      },
      {
        id: 'AwsSolutions-RDS3',
        reason:
          "Replicas serve reads; availability comes from the primary's Multi-AZ standby, and a failed replica is recreated from it.",
      },
      {
        id: 'NIST.800.53.R5-RDSMultiAZSupport',
        reason:
          "Replicas serve reads; availability comes from the primary's Multi-AZ standby, and a failed replica is recreated from it.",
      },
    );
  }
  // instance.secret is the attachment; the secret itself is the instance's child 'Secret'.
  const secret = database.instance.node.tryFindChild('Secret');
  if (secret) {
    acknowledge(secret, {
      id: 'NIST.800.53.R5-SecretsManagerUsingKMSKey',
      reason:
        'Encrypted with the AWS managed key aws/secretsmanager; a customer-managed key would add $1/month.',
    });
  }

  // aws-cdk-lib admits the rotation function through the instance's own connections, whose port
  // is a token the rules cannot read; peers of allowFrom get the literal port and need nothing.
  const group = database.node.tryFindChild('SecurityGroup');
  if (group) {
    const unreadablePort =
      "The rule cannot resolve the port token: the ingress admits only the named security group, on PostgreSQL's port.";
    for (const rule of group.node.children.filter((c) => c.node.id.startsWith('from '))) {
      acknowledge(
        rule,
        { id: 'NIST.800.53.R5-EC2RestrictedCommonPorts', reason: unreadablePort },
        { id: 'NIST.800.53.R5-EC2RestrictedSSH', reason: unreadablePort },
      );
    }
  }

  const endpointGroup = database.secretsManagerEndpoint?.node.tryFindChild('SecurityGroup');
  if (endpointGroup) {
    const vpcOnly =
      "The endpoint admits HTTPS (443) from the VPC's own CIDR only, which the rule reads as an unresolvable token; it serves the VPC's clients of Secrets Manager.";
    acknowledge(
      endpointGroup,
      { id: 'AwsSolutions-EC23', reason: vpcOnly },
      { id: 'NIST.800.53.R5-EC2RestrictedCommonPorts', reason: vpcOnly },
      { id: 'NIST.800.53.R5-EC2RestrictedSSH', reason: vpcOnly },
    );
  }

  const proxyPolicy = database.proxy?.node.tryFindChild('IAMRole')?.node.tryFindChild('DefaultPolicy');
  if (proxyPolicy) {
    acknowledge(proxyPolicy, {
      id: 'NIST.800.53.R5-IAMNoInlinePolicy',
      reason:
        'aws-cdk-lib grants the proxy read on the one database secret inline; a managed policy would add nothing.',
    });
  }
}
