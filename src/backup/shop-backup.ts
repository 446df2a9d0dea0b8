import { Duration, Names, RemovalPolicy } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { acknowledgeBackupFindings } from './backup-findings';
import { validateBackupProps, validateSelectionId } from './backup-validation';
import { BACKUP_DEFAULTS } from '../private/block-defaults';
import { invalidProp } from '../private/errors';

/** Monthly backups move to cold storage after this many days... */
const COLD_AFTER_DAYS = 90;
/** ...when they stay there this long before deletion, AWS Backup's minimum in cold storage. */
const COLD_MIN_DAYS = 90;

/**
 * Properties of a `ShopBackup`.
 */
export interface ShopBackupProps {
  /**
   * The resources to back up; add more with `addResource`.
   *
   * @default - none: back up what carries `tagKey`, or what `addResource` adds
   */
  readonly resources?: backup.BackupResource[];

  /**
   * Back up every resource carrying this tag with the value `tagValue`. Give both or neither.
   *
   * @default - no selection by tag
   */
  readonly tagKey?: string;

  /**
   * The value of `tagKey` that selects a resource.
   *
   * @default - no selection by tag
   */
  readonly tagValue?: string;

  /**
   * How long the daily backups are kept, in whole days.
   *
   * @default Duration.days(35)
   */
  readonly dailyRetention?: Duration;

  /**
   * Keep a backup taken on Sundays this long, in whole days (7 or more, longer than `dailyRetention`).
   *
   * @default - no weekly backups
   */
  readonly weeklyRetention?: Duration;

  /**
   * Keep a backup taken on the 1st of each month this long, in whole days (28 or more, longer than the
   * daily and weekly retention). From 180 days on, backups move to cold storage after 90 days, for the
   * resource types AWS Backup can tier.
   *
   * @default - no monthly backups
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/backup-feature-availability.html
   */
  readonly monthlyRetention?: Duration;

  /**
   * The hour (UTC, 0 to 23) at which the backups start.
   *
   * @default 3
   */
  readonly scheduleHourUtc?: number;

  /**
   * A vault in a second region to copy every recovery point to, kept as long as the original.
   *
   * @default - no copies
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/cross-region-backup.html
   */
  readonly copyTo?: backup.IBackupVault;

  /**
   * Lock the vault in governance mode: no backup or copy job may keep recovery points shorter than the
   * shortest rule or longer than the longest, and nobody may delete them early, except principals
   * allowed `backup:DeleteBackupVaultLockConfiguration`, who can lift the lock.
   *
   * Compliance mode (a lock nobody, AWS included, can lift once its grace time ends, so recovery points
   * and the vault cannot be deleted before they expire) is irreversible and deliberately not offered:
   * set `lockConfiguration.changeableFor` on a vault of your own for that.
   *
   * @default false
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/vault-lock.html
   */
  readonly vaultLock?: boolean;

  /**
   * A customer-managed KMS key for the vault, needed for cross-account copies. The vault key encrypts
   * only the resource types AWS Backup fully manages (EFS, DynamoDB with advanced backup, S3 and
   * others); EBS snapshots and RDS snapshots keep the key of their source.
   *
   * @default - the AWS managed key aws/backup
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/encryption.html
   */
  readonly encryptionKey?: kms.IKey;
}

/**
 * An AWS Backup vault and plan for a shop: daily backups (optionally weekly and monthly ones),
 * copied to a second region on request, in a vault the stack never deletes.
 *
 * All rules start at the same hour; where they coincide, AWS Backup takes one backup and keeps it
 * for the longest of their retentions. The vault is retained when the stack is deleted: recovery
 * points outlive it, and a redeployed stack with the same construct path needs the old vault removed
 * or renamed first.
 *
 * @example
 * declare const volume: ec2.IVolume;
 * const backups = new ShopBackup(this, 'Backup', {
 *   weeklyRetention: Duration.days(90),
 *   monthlyRetention: Duration.days(365),
 * });
 * backups.addResource('DataVolume', backup.BackupResource.fromArn(
 *   Stack.of(this).formatArn({ service: 'ec2', resource: 'volume', resourceName: volume.volumeId }),
 * ));
 */
export class ShopBackup extends Construct {
  /** The vault the recovery points are kept in; retained when the stack is deleted. */
  public readonly vault: backup.BackupVault;
  /** The plan with the daily, weekly and monthly rules. */
  public readonly plan: backup.BackupPlan;
  /** The role AWS Backup assumes to back up every selection; grant it use of customer-managed keys of the sources. */
  public readonly role: iam.Role;
  /** The customer-managed key of the vault, when one was given. */
  public readonly encryptionKey?: kms.IKey;

  private selections = 0;

  constructor(scope: Construct, id: string, props: ShopBackupProps = {}) {
    super(scope, id);
    validateBackupProps(this, props);
    this.encryptionKey = props.encryptionKey;
    const hour = String(props.scheduleHourUtc ?? BACKUP_DEFAULTS.scheduleHourUtc);
    const rules = [
      {
        name: 'Daily',
        days: props.dailyRetention?.toDays() ?? BACKUP_DEFAULTS.dailyRetentionDays,
        schedule: events.Schedule.cron({ minute: '0', hour }),
      },
      ...(props.weeklyRetention
        ? [
            {
              name: 'Weekly',
              days: props.weeklyRetention.toDays(),
              schedule: events.Schedule.cron({ minute: '0', hour, weekDay: 'SUN' }),
            },
          ]
        : []),
      ...(props.monthlyRetention
        ? [
            {
              name: 'Monthly',
              days: props.monthlyRetention.toDays(),
              schedule: events.Schedule.cron({ minute: '0', hour, day: '1' }),
            },
          ]
        : []),
    ];

    const shortest = Math.min(...rules.map((r) => r.days));
    const longest = Math.max(...rules.map((r) => r.days));
    this.vault = new backup.BackupVault(this, 'Vault', {
      encryptionKey: props.encryptionKey,
      removalPolicy: RemovalPolicy.RETAIN,
      // governance mode: no changeableFor. aws-cdk-lib requires max > min, so one rule sets no maximum.
      lockConfiguration: props.vaultLock
        ? {
            minRetention: Duration.days(shortest),
            maxRetention: longest > shortest ? Duration.days(longest) : undefined,
          }
        : undefined,
    });

    this.plan = new backup.BackupPlan(this, 'Plan', {
      // plan names are unique per account and region
      backupPlanName: Names.uniqueResourceName(this, { maxLength: 50 }),
      backupVault: this.vault,
    });
    for (const rule of rules) {
      const deleteAfter = Duration.days(rule.days);
      const moveToColdStorageAfter =
        rule.name === 'Monthly' && rule.days >= COLD_AFTER_DAYS + COLD_MIN_DAYS
          ? Duration.days(COLD_AFTER_DAYS)
          : undefined;
      this.plan.addRule(
        new backup.BackupPlanRule({
          ruleName: rule.name,
          scheduleExpression: rule.schedule,
          deleteAfter,
          moveToColdStorageAfter,
          copyActions: props.copyTo
            ? [{ destinationBackupVault: props.copyTo, deleteAfter, moveToColdStorageAfter }]
            : undefined,
        }),
      );
    }

    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('backup.amazonaws.com'),
      description: 'AWS Backup creates and copies the recovery points of the shop backup plan',
      managedPolicies: [
        iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSBackupServiceRolePolicyForBackup'),
      ],
    });

    if (props.resources && props.resources.length > 0) {
      this.select('Resources', props.resources);
    }
    if (props.tagKey !== undefined && props.tagValue !== undefined) {
      this.select('Tagged', [backup.BackupResource.fromTag(props.tagKey, props.tagValue)]);
    }
    this.node.addValidation({
      validate: () =>
        this.selections > 0
          ? []
          : [
              invalidProp(
                this,
                'resources',
                'the plan backs up nothing: no resources, no tagKey, and addResource() was never called',
                'Give resources, tagKey and tagValue, or call addResource().',
              ).message,
            ],
    });
    acknowledgeBackupFindings(this);
  }

  /**
   * Backs up one more resource with the plan's rules, in a selection of its own.
   *
   * @param id the selection's construct id and name: letters, digits, '-', '_' or '.', up to 50
   * @param resource what to back up, by ARN, construct or tag
   */
  public addResource(id: string, resource: backup.BackupResource): backup.BackupSelection {
    validateSelectionId(this, id, (taken) => this.plan.node.tryFindChild(taken) !== undefined);
    return this.select(id, [resource]);
  }

  private select(id: string, resources: backup.BackupResource[]): backup.BackupSelection {
    this.selections++;
    return this.plan.addSelection(id, { resources, role: this.role, backupSelectionName: id });
  }
}
