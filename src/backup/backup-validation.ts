import { Duration, Stack, Token } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { ShopBackupProps } from './shop-backup';
import { BACKUP_DEFAULTS } from '../private/block-defaults';
import { checkKeyRegion } from '../private/checks';
import { invalidProp, requireLiteral } from '../private/errors';

/** 100 years as AWS counts them: the longest retention a Vault Lock can enforce. */
const MAX_DAYS = 36500;
/** AWS Backup selection names. */
const SELECTION_NAME = /^[a-zA-Z0-9\-_.]{1,50}$/;

/**
 * Rejects props that would synthesize a plan that cannot deploy or keeps nothing useful,
 * naming the prop and the fix.
 */
export function validateBackupProps(scope: Construct, props: ShopBackupProps): void {
  const daily = retentionDays(scope, 'dailyRetention', props.dailyRetention, 1, 'a day');
  const weekly = retentionDays(
    scope,
    'weeklyRetention',
    props.weeklyRetention,
    7,
    'a week, the time between weekly backups',
  );
  const monthly = retentionDays(
    scope,
    'monthlyRetention',
    props.monthlyRetention,
    28,
    'a month, the time between monthly backups',
  );

  const dailyDays =
    daily ?? (props.dailyRetention === undefined ? BACKUP_DEFAULTS.dailyRetentionDays : undefined);
  if (weekly !== undefined && dailyDays !== undefined && weekly <= dailyDays) {
    throw invalidProp(
      scope,
      'weeklyRetention',
      `${weekly} days is not longer than the daily backups' ${dailyDays} days, so weekly backups would add nothing`,
      'Keep weekly backups longer than daily ones, or leave weeklyRetention out.',
    );
  }
  const shorter = Math.max(dailyDays ?? 0, weekly ?? 0);
  if (monthly !== undefined && monthly <= shorter) {
    throw invalidProp(
      scope,
      'monthlyRetention',
      `${monthly} days is not longer than the ${shorter} days the daily or weekly backups are kept, so monthly backups would add nothing`,
      'Keep monthly backups longer than the others, or leave monthlyRetention out.',
    );
  }

  if ((props.tagKey === undefined) !== (props.tagValue === undefined)) {
    const [given, missing] = props.tagKey === undefined ? ['tagValue', 'tagKey'] : ['tagKey', 'tagValue'];
    throw invalidProp(
      scope,
      missing,
      `it is required with '${given}'`,
      'Give both tagKey and tagValue, or neither.',
    );
  }
  if (
    props.tagKey !== undefined &&
    !Token.isUnresolved(props.tagKey) &&
    (props.tagKey.length < 1 || props.tagKey.length > 128)
  ) {
    throw invalidProp(
      scope,
      'tagKey',
      `'${props.tagKey}' is not 1 to 128 characters`,
      'Give the tag key as it is set on the resources.',
    );
  }
  if (props.tagValue !== undefined && !Token.isUnresolved(props.tagValue) && props.tagValue.length > 256) {
    throw invalidProp(
      scope,
      'tagValue',
      'it is longer than 256 characters',
      'Give the tag value as it is set on the resources.',
    );
  }

  const hour = props.scheduleHourUtc;
  requireLiteral(scope, 'scheduleHourUtc', hour, 'the UTC hour from 0 to 23, such as 3');
  if (hour !== undefined && !(Number.isInteger(hour) && hour >= 0 && hour <= 23)) {
    throw invalidProp(
      scope,
      'scheduleHourUtc',
      `${hour} is not a whole hour from 0 to 23`,
      'Give the UTC hour, such as 3 for 03:00 UTC.',
    );
  }

  checkKeyRegion(scope, 'encryptionKey', props.encryptionKey);

  if (props.copyTo) {
    const here = Stack.of(scope).region;
    const there = props.copyTo.env.region;
    // the same string is the same region, also when both are the deploy-time region token
    if (here === there) {
      const where = Token.isUnresolved(here) ? 'the region of this stack' : here;
      throw invalidProp(
        scope,
        'copyTo',
        `the vault is in ${where}, the region of the backups, so a copy would not survive a regional outage`,
        "Give a vault in a second region, e.g. backup.BackupVault.fromBackupVaultArn(this, 'Copy', 'arn:aws:backup:us-west-2:…').",
      );
    }
  }
}

/** The selection ids ShopBackup gives the `resources` and `tagKey` props. */
export const INTERNAL_SELECTION_IDS = ['Resources', 'Tagged'];

/**
 * Rejects a selection id AWS Backup cannot use as a selection name, one ShopBackup uses for its
 * props, or one already taken.
 */
export function validateSelectionId(scope: Construct, id: string, taken: (id: string) => boolean): void {
  requireLiteral(scope, 'id', id, 'a selection name such as DataVolume');
  if (INTERNAL_SELECTION_IDS.includes(id)) {
    throw invalidProp(
      scope,
      'id',
      `'${id}' is the selection ShopBackup makes for the '${id === 'Resources' ? 'resources' : 'tagKey'}' prop`,
      `Give another name, such as '${id}2' or the resource's name, or add the resource to the '${id === 'Resources' ? 'resources' : 'tagKey'}' prop.`,
    );
  }
  if (taken(id)) {
    throw invalidProp(
      scope,
      'id',
      `a selection '${id}' was already added`,
      'Give each addResource call an id of its own.',
    );
  }
  if (!SELECTION_NAME.test(id)) {
    throw invalidProp(
      scope,
      'id',
      `'${id}' is not a backup selection name`,
      "Use up to 50 letters, digits, '-', '_' or '.'.",
    );
  }
}

/** The retention in whole days, or undefined when not given or resolved at deploy time. */
function retentionDays(
  scope: Construct,
  prop: string,
  retention: Duration | undefined,
  minDays: number,
  period: string,
): number | undefined {
  if (retention === undefined) return undefined;
  requireLiteral(scope, prop, retention, `Duration.days(n), n from ${minDays} to ${MAX_DAYS}`);
  const days = retention.toHours({ integral: false }) / 24;
  const given = retention.toHumanString();
  if (days <= 0) {
    throw invalidProp(
      scope,
      prop,
      `${given} keeps no backup at all`,
      `Give Duration.days(${Math.max(minDays, 1)}) or more.`,
    );
  }
  if (days < minDays) {
    throw invalidProp(
      scope,
      prop,
      `${given} is shorter than ${period}`,
      `Give Duration.days(${minDays}) or more.`,
    );
  }
  if (!Number.isInteger(days)) {
    throw invalidProp(
      scope,
      prop,
      `${given} is not a whole number of days`,
      'AWS Backup counts retention in days: give Duration.days(n).',
    );
  }
  if (days > MAX_DAYS) {
    throw invalidProp(
      scope,
      prop,
      `${given} is longer than 100 years (${MAX_DAYS} days), the longest retention a Vault Lock can enforce`,
      `Give at most Duration.days(${MAX_DAYS}).`,
    );
  }
  return days;
}
