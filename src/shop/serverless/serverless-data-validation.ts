import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import type { ServerlessDataOptions } from './serverless-data';
import { DATABASE_DEFAULTS } from '../../private/block-defaults';
import { invalidProp, requireLiteral } from '../../private/errors';
import { POSTGRES_ROLE } from '../../private/shop-defaults';
import { dataSubnets, zoneCount } from '../../private/subnets';

/** The PostgreSQL user the functions connect as by default (as ShopApi's `databaseUser`). */
export const DEFAULT_DATABASE_USER = 'shop_api';

/**
 * Rejects options that would make a data tier the functions cannot use, naming the prop (as
 * `database.<prop>` for the database options) and the fix. The database's own props are checked
 * again by `ShopDatabase`.
 */
export function validateServerlessData(scope: Construct, props: ServerlessDataOptions): void {
  const database = props.database;
  if (props.tables.length === 0 && !database) {
    throw invalidProp(
      scope,
      'tables',
      'the backup plan would back up nothing: no table and no database',
      'Give the shop at least one table (ServerlessShop makes a catalog table by default).',
    );
  }
  const seen = new Set<string>();
  for (const table of props.tables) {
    if (seen.has(table.node.path)) {
      throw invalidProp(
        scope,
        'tables',
        `${table.node.path} is given twice, and AWS Backup refuses the same resource twice in one selection`,
        'Give each table once.',
      );
    }
    seen.add(table.node.path);
  }
  if (!database) return;

  const user = database.user;
  requireLiteral(scope, 'database.user', user, 'a PostgreSQL user name such as shop_api');
  if (user !== undefined && !POSTGRES_ROLE.test(user)) {
    throw invalidProp(
      scope,
      'database.user',
      `'${user}' is not a PostgreSQL user name`,
      'Give a letter or _, then letters, digits, _ or $ (63 at most), such as shop_api.',
    );
  }
  if (user === DATABASE_DEFAULTS.masterUser) {
    throw invalidProp(
      scope,
      'database.user',
      `${user} is the master user, who owns every table, and the functions would all log in as it`,
      `Give the functions a user of their own, granted rds_iam and only what they need, such as ${DEFAULT_DATABASE_USER}.`,
    );
  }
  const pitr = database.pointInTimeRecovery;
  requireLiteral(scope, 'database.pointInTimeRecovery', pitr, 'Duration.days(n), n from 7 to 35');
  if (pitr !== undefined) {
    const days = pitr.toHours({ integral: false }) / 24;
    if (!Number.isInteger(days) || days < 7 || days > 35) {
      throw invalidProp(
        scope,
        'database.pointInTimeRecovery',
        `${pitr.toHumanString()} is not 7 to 35 whole days`,
        'RDS keeps automated backups 35 days at most; keep at least a week: give Duration.days(7) to Duration.days(35).',
      );
    }
  }
  if (database.vpc) validateGivenVpc(scope, database.vpc);
}

function validateGivenVpc(scope: Construct, vpc: ec2.IVpc): void {
  if (vpc.isolatedSubnets.length === 0 && vpc.privateSubnets.length === 0) {
    throw invalidProp(
      scope,
      'database.vpc',
      'the VPC has public subnets only, and neither the database nor functions in the VPC may sit in them',
      'Give a VPC with isolated or private subnets, or leave vpc out for a new network without NAT.',
    );
  }
  const zones = zoneCount(vpc, dataSubnets(vpc));
  if (zones < 2) {
    throw invalidProp(
      scope,
      'database.vpc',
      `the VPC's ${vpc.isolatedSubnets.length > 0 ? 'isolated' : 'private'} subnets span ${zones} availability zone, and RDS and RDS Proxy need two`,
      'Give a VPC whose isolated (or private) subnets span two zones or more.',
    );
  }
}
