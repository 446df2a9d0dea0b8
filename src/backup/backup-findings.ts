import type { ShopBackup } from './shop-backup';
import { acknowledge } from '../private/acknowledge';

/**
 * The cdk-nag and cfn-guard findings a `ShopBackup` accepts by design, with their reasons.
 */
export function acknowledgeBackupFindings(shopBackup: ShopBackup): void {
  acknowledge(shopBackup.role, {
    id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup]',
    reason:
      'AWSBackupServiceRolePolicyForBackup is the AWS-maintained policy AWS Backup documents for its service role; AWS updates it as resource types are added, and the role can be assumed by AWS Backup only.',
  });
}
