import { Duration } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';

/** Standard-IA bills at least 30 days, Glacier Flexible Retrieval at least 90. */
const STANDARD_IA = { after: 30, minimumDays: 30 };
const GLACIER = { after: 90, minimumDays: 90 };

/**
 * Dumps expire after the retention; they move to a colder class only when they stay there at
 * least its minimum storage duration (as ShopBackup does for cold storage), since a shorter stay
 * is billed as the minimum and would cost more than Standard.
 */
export function backupLifecycle(retentionDays: number): s3.LifecycleRule {
  const transitions: s3.Transition[] = [];
  if (retentionDays >= STANDARD_IA.after + STANDARD_IA.minimumDays) {
    transitions.push({
      storageClass: s3.StorageClass.INFREQUENT_ACCESS,
      transitionAfter: Duration.days(STANDARD_IA.after),
    });
  }
  if (retentionDays >= GLACIER.after + GLACIER.minimumDays) {
    transitions.push({
      storageClass: s3.StorageClass.GLACIER,
      transitionAfter: Duration.days(GLACIER.after),
    });
  }
  return {
    id: 'BackupRetention',
    transitions,
    expiration: Duration.days(retentionDays),
    noncurrentVersionExpiration: Duration.days(7),
    abortIncompleteMultipartUploadAfter: Duration.days(1),
  };
}
