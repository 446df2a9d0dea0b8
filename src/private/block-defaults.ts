import * as logs from 'aws-cdk-lib/aws-logs';

/**
 * The defaults of the building blocks, in one place, so the construct, its validation and its
 * findings read the same value.
 */

/** `ShopDatabase`: PostgreSQL's port, the master user, retention of backups and logs. */
export const DATABASE_DEFAULTS = {
  port: 5432,
  masterUser: 'shop_admin',
  backupRetentionDays: 7,
  passwordRotationDays: 30,
  logRetention: logs.RetentionDays.ONE_MONTH,
};

/** `ShopCache`: the Valkey/Redis port, snapshots, windows and logs. */
export const CACHE_DEFAULTS = {
  port: 6379,
  snapshotRetentionDays: 7,
  snapshotWindow: '03:00-04:00',
  maintenanceWindow: 'sun:04:30-sun:05:30',
  logRetention: logs.RetentionDays.ONE_MONTH,
};

/** `ShopBackup`: how long daily backups are kept, and when the rules start. */
export const BACKUP_DEFAULTS = {
  dailyRetentionDays: 35,
  scheduleHourUtc: 3,
};

/** `ShopEdge`: the rate limit and how long access logs are kept. */
export const EDGE_DEFAULTS = {
  rateLimitPer5Minutes: 1000,
  logRetentionDays: 90,
};
