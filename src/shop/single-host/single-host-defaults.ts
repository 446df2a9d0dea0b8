import { Duration, Size } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { SingleHostShopProps } from './single-host-shop-props';
import { MEDUSA_PATH_PREFIXES } from '../../private/shop-defaults';

/**
 * The defaults of a `SingleHostShop`, in one place: the construct, its validation and its
 * findings all read them from here (the props' `@default` docs say the same).
 */
export const SINGLE_HOST_DEFAULTS = {
  instanceType: 't4g.small',
  storefrontPort: 3000,
  backendPort: 9000,
  storefrontHealthPath: '/',
  backendHealthPath: '/health',
  postgresVersion: '16',
  redisVersion: '7',
  databaseName: 'shop',
  /** The Amazon Linux 2023 image's own size: the system and swap; Docker is on the data volume. */
  rootVolumeGib: 8,
  dataVolumeGib: 20,
  swapGib: 2,
  backupHourUtc: 3,
  backupRetentionDays: 30,
  logRetention: logs.RetentionDays.ONE_MONTH,
} as const;

/** PostgreSQL major versions of the `postgres:<version>-alpine` images the shop supports. */
export const POSTGRES_VERSIONS = ['13', '14', '15', '16', '17'];
/** Redis major versions of the `redis:<version>-alpine` images the shop supports. */
export const REDIS_VERSIONS = ['6', '7', '8'];
/** Host ports taken by nginx (80, 443) and sshd (22). */
export const RESERVED_PORTS = [22, 80, 443];

/** A container's settings with its defaults applied. */
export interface ResolvedContainer {
  readonly port: number;
  readonly healthPath: string;
}

/** The props of a `SingleHostShop` with every default applied. */
export interface ResolvedSingleHost {
  readonly instanceType: ec2.InstanceType;
  readonly storefront?: ResolvedContainer;
  readonly backend?: ResolvedContainer & { readonly pathPrefixes: string[] };
  readonly postgresVersion: string;
  readonly redisVersion: string;
  readonly databaseName: string;
  readonly rootVolumeSize: Size;
  readonly dataVolumeSize: Size;
  readonly swapSize: Size;
  readonly backupHourUtc: number;
  readonly backupRetention: Duration;
  readonly logRetention: logs.RetentionDays;
}

/** Applies the defaults. Values are not checked here: `validateSingleHostShopProps` does that. */
export function resolveSingleHost(props: SingleHostShopProps): ResolvedSingleHost {
  const d = SINGLE_HOST_DEFAULTS;
  return {
    instanceType: props.instanceType ?? new ec2.InstanceType(d.instanceType),
    storefront: props.storefront && {
      port: props.storefront.port ?? d.storefrontPort,
      healthPath: props.storefront.healthPath ?? d.storefrontHealthPath,
    },
    backend: props.backend && {
      port: props.backend.port ?? d.backendPort,
      healthPath: props.backend.healthPath ?? d.backendHealthPath,
      pathPrefixes: props.backend.pathPrefixes ?? MEDUSA_PATH_PREFIXES,
    },
    postgresVersion: props.postgresVersion ?? d.postgresVersion,
    redisVersion: props.redisVersion ?? d.redisVersion,
    databaseName: props.databaseName ?? d.databaseName,
    rootVolumeSize: props.rootVolumeSize ?? Size.gibibytes(d.rootVolumeGib),
    dataVolumeSize: props.dataVolumeSize ?? Size.gibibytes(d.dataVolumeGib),
    swapSize: props.swapSize ?? Size.gibibytes(d.swapGib),
    backupHourUtc: props.backupHourUtc ?? d.backupHourUtc,
    backupRetention: props.backupRetention ?? Duration.days(d.backupRetentionDays),
    logRetention: props.logRetention ?? d.logRetention,
  };
}
