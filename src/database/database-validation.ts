import { Annotations, Size, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { DatabasePreset } from './database-preset';
import type { ShopDatabaseProps } from './shop-database-props';
import { checkKeyRegion, wholeGibibytes } from '../private/checks';
import { invalidProp, requireLiteral, withPropContext } from '../private/errors';
import { POSTGRES_IDENTIFIER, POSTGRES_ROLE } from '../private/shop-defaults';
import { checkSubnetSelection, zoneCount } from '../private/subnets';

const SUPPORTED_MAJORS = ['13', '14', '15', '16', '17'];
/** gp3 storage of an RDS for PostgreSQL instance, in GiB. */
const MIN_STORAGE = 20;
const MAX_STORAGE = 65536;
/** Read replicas RDS allows per PostgreSQL source instance. */
const MAX_REPLICAS = 5;

/**
 * Rejects props that would synthesize a database that cannot deploy or cannot keep data,
 * naming the prop and the fix.
 */
export function validateDatabaseProps(scope: Construct, props: ShopDatabaseProps): void {
  const major = props.engineVersion?.postgresMajorVersion;
  if (major !== undefined && !SUPPORTED_MAJORS.includes(major)) {
    throw invalidProp(
      scope,
      'engineVersion',
      `PostgreSQL ${props.engineVersion!.postgresFullVersion} is not a version RDS offers here (majors ${SUPPORTED_MAJORS.join(', ')})`,
      'Use rds.PostgresEngineVersion.VER_16 or another supported major.',
    );
  }
  requireLiteral(scope, 'databaseName', props.databaseName, 'a PostgreSQL identifier such as shop');
  if (props.databaseName !== undefined && !POSTGRES_IDENTIFIER.test(props.databaseName)) {
    throw invalidProp(
      scope,
      'databaseName',
      `'${props.databaseName}' is not a lower-case PostgreSQL identifier`,
      'Use letters, digits and underscores, such as shop.',
    );
  }

  const replicas = props.readReplicas ?? 0;
  requireLiteral(scope, 'readReplicas', props.readReplicas, `a whole number from 0 to ${MAX_REPLICAS}`);
  if (!Number.isInteger(replicas) || replicas < 0 || replicas > MAX_REPLICAS) {
    throw invalidProp(
      scope,
      'readReplicas',
      `${replicas} is not between 0 and ${MAX_REPLICAS}`,
      `RDS allows at most ${MAX_REPLICAS} read replicas of a PostgreSQL instance.`,
    );
  }

  const preset = props.preset ?? DatabasePreset.DEVELOPMENT;
  validatePreset(scope, preset);
  const instanceType = props.instanceType ?? preset.instanceType;
  validateInstanceType(scope, props.instanceType ? 'instanceType' : 'preset', instanceType);
  checkKeyRegion(scope, 'storageEncryptionKey', props.storageEncryptionKey);

  checkSubnetSelection(scope, props.vpc, props.vpcSubnets);
  const zones = zoneCount(props.vpc, props.vpcSubnets);
  const multiAz = props.multiAz ?? preset.multiAz;
  if (zones < 2) {
    if (multiAz) {
      throw invalidProp(
        scope,
        'multiAz',
        'a Multi-AZ database needs subnets in two availability zones, and the selected subnets span one',
        'Use a network with two or more zones, or turn multiAz off.',
      );
    }
    if (replicas > 0) {
      throw invalidProp(
        scope,
        'readReplicas',
        'read replicas are spread over the zones of the subnets, and the selected subnets span one',
        'Use a network with two or more zones, or no replicas.',
      );
    }
    throw invalidProp(
      scope,
      'vpcSubnets',
      'an RDS subnet group needs subnets in at least two availability zones',
      'Use a network with two or more zones, such as NetworkProfile.TWO_AZ_SINGLE_NAT.',
    );
  }

  const storage = storageGibibytes(
    scope,
    'allocatedStorage',
    props.allocatedStorage ?? preset.allocatedStorage,
  );
  const maxStorage = storageGibibytes(
    scope,
    'maxAllocatedStorage',
    props.maxAllocatedStorage ?? preset.maxAllocatedStorage,
  );
  if (maxStorage < storage) {
    const ceiling = props.maxAllocatedStorage
      ? `${maxStorage} GiB`
      : `the ${preset.name} preset's ceiling of ${maxStorage} GiB`;
    throw invalidProp(
      scope,
      'maxAllocatedStorage',
      `${ceiling} is below the allocated ${storage} GiB, which RDS refuses`,
      `Give a ceiling at least as large as allocatedStorage, such as maxAllocatedStorage: Size.gibibytes(${Math.min(storage * 2, MAX_STORAGE)}).`,
    );
  }
  const lowestCeiling = Math.ceil((storage * 11) / 10);
  if (maxStorage > storage && maxStorage < lowestCeiling) {
    throw invalidProp(
      scope,
      'maxAllocatedStorage',
      `${maxStorage} GiB is less than 10% above the allocated ${storage} GiB, and RDS refuses a smaller step`,
      `Give at least Size.gibibytes(${lowestCeiling}), or exactly allocatedStorage to turn storage autoscaling off.`,
    );
  }

  const retention = props.backupRetention;
  if (retention?.isUnresolved()) {
    // a number of days from a parameter is fine for RDS; another unit cannot be converted
    withPropContext(scope, 'backupRetention', 'Give Duration.days(n) of a parameter, or a literal.', () =>
      retention.toDays(),
    );
  } else if (retention !== undefined) {
    const days = retention.toHours({ integral: false }) / 24;
    if (!Number.isInteger(days) || days < 7 || days > 35) {
      throw invalidProp(
        scope,
        'backupRetention',
        `${retention.toHumanString()} is not 7 to 35 whole days`,
        'Keep point-in-time recovery at least a week: give Duration.days(7) to Duration.days(35).',
      );
    }
  }
  const rotation = props.passwordRotation;
  requireLiteral(scope, 'passwordRotation', rotation, 'Duration.days(n), n from 1 to 365');
  if (rotation !== undefined) {
    const days = rotation.toHours({ integral: false }) / 24;
    if (!Number.isInteger(days) || days < 1 || days > 365) {
      throw invalidProp(
        scope,
        'passwordRotation',
        `${rotation.toHumanString()} is not 1 to 365 whole days`,
        'Give Duration.days(n).',
      );
    }
  }

  if (props.endToEndIamAuthentication && !(props.proxy && props.iamAuthentication)) {
    throw invalidProp(
      scope,
      'endToEndIamAuthentication',
      `it is IAM authentication from the proxy to the database, and the database has ${props.proxy ? 'no IAM authentication' : 'no proxy'}`,
      'Set proxy: true and iamAuthentication: true with it, or remove it.',
    );
  }
  if (props.proxy && !Token.isUnresolved(instanceType.toString())) {
    const [family, size] = instanceType.toString().split('.');
    if (family.startsWith('t') && ['micro', 'small'].includes(size)) {
      throw invalidProp(
        scope,
        'proxy',
        `RDS Proxy does not support the burstable classes below medium, and the database runs db.${instanceType}${props.instanceType ? '' : ` (the ${preset.name} preset's)`}`,
        'Give instanceType db.t4g.medium or larger, or no proxy.',
      );
    }
  }
}

/**
 * Checks the fields of a preset, which a subclass may set to anything: whole GiB in range, a
 * ceiling at least the initial storage, an instance class without the `db.` prefix.
 */
function validatePreset(scope: Construct, preset: DatabasePreset): void {
  const storage = storageGibibytes(scope, 'preset', preset.allocatedStorage);
  const maxStorage = storageGibibytes(scope, 'preset', preset.maxAllocatedStorage);
  if (maxStorage < storage) {
    throw invalidProp(
      scope,
      'preset',
      `${preset.name} sets maxAllocatedStorage ${maxStorage} GiB below its allocatedStorage ${storage} GiB, which RDS refuses`,
      'Give the preset a ceiling at least as large as its initial storage.',
    );
  }
}

function storageGibibytes(scope: Construct, prop: string, size: Size): number {
  const gib = wholeGibibytes(scope, prop, size, 'Size.gibibytes(100)');
  if (gib < MIN_STORAGE || gib > MAX_STORAGE) {
    throw invalidProp(
      scope,
      prop,
      `${gib} GiB is out of range for gp3${prop === 'preset' ? ' storage of the preset' : ''}`,
      `Give ${MIN_STORAGE} to ${MAX_STORAGE} GiB (64 TiB, the RDS for PostgreSQL maximum).`,
    );
  }
  return gib;
}

/** aws-cdk-lib prefixes the instance class with `db.`: a class given with it would read `db.db.`. */
function validateInstanceType(scope: Construct, prop: string, instanceType: ec2.InstanceType): void {
  const name = instanceType.toString();
  if (Token.isUnresolved(name)) return;
  if (name.startsWith('db.')) {
    throw invalidProp(
      scope,
      prop,
      `'${name}' starts with 'db.', which aws-cdk-lib adds itself, so RDS would be asked for 'db.${name}'`,
      `Give the class without the prefix: new ec2.InstanceType('${name.slice(3)}') or ec2.InstanceType.of(ec2.InstanceClass.T4G, ec2.InstanceSize.MICRO).`,
    );
  }
  if (!/^[a-z][a-z0-9-]*\.[a-z0-9]+$/.test(name)) {
    throw invalidProp(
      scope,
      prop,
      `'${name}' is not an instance class of the form <family>.<size>`,
      "Give a class such as new ec2.InstanceType('t4g.micro') or 'r6g.large'.",
    );
  }
}

/**
 * Rejects a database user that is not a PostgreSQL user name: aws-cdk-lib reads an empty one as
 * "the master user". Granting the master user itself is accepted with a warning.
 */
export function validateDatabaseUser(
  scope: Construct,
  grantee: iam.IGrantable,
  databaseUser: string,
  masterUser: string,
): void {
  if (Token.isUnresolved(databaseUser)) return;
  if (!POSTGRES_ROLE.test(databaseUser)) {
    throw invalidProp(
      scope,
      'databaseUser',
      `'${databaseUser}' is not a PostgreSQL user name${databaseUser.trim() === '' ? ' (with an empty user aws-cdk-lib would grant login as the master user)' : ''}`,
      'Give the user the principal connects as, granted rds_iam in the database, such as shop_reader.',
    );
  }
  if (databaseUser === masterUser) {
    Annotations.of(scope).addWarningV2(
      'cdk-shop:grant-connect-master-user',
      `grantConnect lets ${grantee.grantPrincipal} log in as the master user ${masterUser}, who owns every table: give it a user of its own with only the privileges it needs.`,
    );
  }
}
