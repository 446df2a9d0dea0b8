import { Construct } from 'constructs';
import type { ShopDatabaseProps } from './shop-database';
import { invalidProp } from '../private/errors';
import { POSTGRES_IDENTIFIER } from '../private/shop-defaults';
import { zoneCount } from '../private/subnets';

const SUPPORTED_MAJORS = ['13', '14', '15', '16', '17'];

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
  if (props.databaseName !== undefined && !POSTGRES_IDENTIFIER.test(props.databaseName)) {
    throw invalidProp(
      scope,
      'databaseName',
      `'${props.databaseName}' is not a lower-case PostgreSQL identifier`,
      'Use letters, digits and underscores, such as shop.',
    );
  }

  const replicas = props.readReplicas ?? 0;
  if (!Number.isInteger(replicas) || replicas < 0 || replicas > 5) {
    throw invalidProp(
      scope,
      'readReplicas',
      `${replicas} is not between 0 and 5`,
      'RDS allows at most 5 read replicas of a PostgreSQL instance.',
    );
  }

  const zones = zoneCount(props.vpc, props.vpcSubnets);
  const multiAz = props.multiAz ?? props.preset?.multiAz ?? false;
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

  const storage = props.allocatedStorage?.toGibibytes() ?? props.preset?.allocatedStorage.toGibibytes() ?? 20;
  if (storage < 20 || storage > 65536) {
    throw invalidProp(
      scope,
      'allocatedStorage',
      `${storage} GiB is out of range for gp3`,
      'Give 20 to 65536 GiB.',
    );
  }
  const maxStorage = props.maxAllocatedStorage?.toGibibytes();
  if (maxStorage !== undefined && maxStorage < storage) {
    throw invalidProp(
      scope,
      'maxAllocatedStorage',
      `${maxStorage} GiB is below the allocated ${storage} GiB`,
      'Give a ceiling at least as large as allocatedStorage.',
    );
  }

  const retention = props.backupRetention;
  if (retention !== undefined && !retention.isUnresolved()) {
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
  if (rotation !== undefined && !rotation.isUnresolved()) {
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

  const size = props.instanceType?.toString().split('.')[1];
  if (
    props.proxy &&
    size &&
    ['micro', 'small'].includes(size) &&
    props.instanceType?.toString().startsWith('t')
  ) {
    throw invalidProp(
      scope,
      'proxy',
      `RDS Proxy does not support the burstable ${props.instanceType} classes below medium`,
      'Use db.t4g.medium or larger, or no proxy.',
    );
  }
  if (
    props.proxy &&
    !props.instanceType &&
    (props.preset === undefined || props.preset.name === 'DEVELOPMENT')
  ) {
    throw invalidProp(
      scope,
      'proxy',
      'the DEVELOPMENT preset runs db.t4g.micro, which RDS Proxy does not support',
      'Give instanceType db.t4g.medium or larger, or no proxy.',
    );
  }
}
