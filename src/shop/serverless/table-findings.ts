import type { ShopTable } from './shop-table';
import { acknowledge, Finding } from '../../private/acknowledge';

/** The choices of a `ShopTable` that decide which findings it accepts. */
export interface TableChoices {
  readonly pointInTimeRecovery: boolean;
}

const BACKUP_PLAN =
  'Point-in-time recovery keeps continuous backups of the table (35 days by default) and restores to any second; add the table to a ShopBackup (ServerlessShop does) for longer retention or copies in another vault.';
const PITR_OFF =
  'Point-in-time recovery turned off by choice (pointInTimeRecovery: false), for data that can be rebuilt from elsewhere, such as a cache or a copy; the default keeps it on.';

/**
 * The cdk-nag and cfn-guard findings a `ShopTable` accepts by design, with their reasons.
 */
export function acknowledgeTableFindings(shopTable: ShopTable, choices: TableChoices): void {
  const findings: Finding[] = choices.pointInTimeRecovery
    ? [{ id: 'NIST.800.53.R5-DynamoDBInBackupPlan', reason: BACKUP_PLAN }]
    : [
        {
          id: 'NIST.800.53.R5-DynamoDBInBackupPlan',
          reason: `${PITR_OFF} Add the table to a ShopBackup if its data must be restorable.`,
        },
        { id: 'AwsSolutions-DDB3', reason: PITR_OFF },
        { id: 'NIST.800.53.R5-DynamoDBPITREnabled', reason: PITR_OFF },
        { id: 'guard:dynamodb_table_pitr_enabled_check', reason: PITR_OFF },
      ];
  acknowledge(shopTable.table, ...findings);
}
