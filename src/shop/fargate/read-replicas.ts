import { Fn } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import type { FargateShopProps } from './fargate-shop-props';
import { databaseEnabled } from './service-plan';
import type { ShopDatabase } from '../../database';
import { rdsRootCertificates } from '../../database/rds-certificates';
import { checkWholeNumber } from '../../private/checks';
import { invalidProp } from '../../private/errors';

/** RDS for PostgreSQL's most read replicas of one instance, as `ShopDatabase` allows. */
export const MAX_READ_REPLICAS = 5;

/** The variables the read replicas add to a service that gets `DATABASE_URL`. */
export const READ_REPLICA_VARIABLES = ['DATABASE_READ_URL', 'DATABASE_READ_HOST', 'DATABASE_READ_HOSTS'];

/** What a service that gets `DATABASE_URL` also gets when the database has read replicas. */
export interface ReadReplicaSettings {
  readonly environment: { [name: string]: string };
  /** Shell commands for the wrapper, after the CA file is written. */
  readonly commands: string[];
}

/** Checks `databaseReadReplicas`: a whole number up to 5, for a database the shop creates. */
export function validateReadReplicas(scope: IConstruct, props: FargateShopProps): void {
  const replicas = props.databaseReadReplicas;
  if (replicas === undefined) return;
  if (props.database) {
    throw invalidProp(
      scope,
      'databaseReadReplicas',
      'it shapes the new database, and database is given',
      'Give readReplicas to your ShopDatabase instead (the shop uses its replicas), or remove database.',
    );
  }
  if (!databaseEnabled(props)) {
    throw invalidProp(
      scope,
      'databaseReadReplicas',
      'the shop has no database (databaseEnabled is false, or nothing uses one)',
      'Remove databaseReadReplicas, or give the shop a database.',
    );
  }
  checkWholeNumber(
    scope,
    'databaseReadReplicas',
    replicas,
    0,
    MAX_READ_REPLICAS,
    'replicas',
    `ShopDatabase creates at most ${MAX_READ_REPLICAS} read replicas; each is billed as a separate instance of the database's class.`,
  );
}

/**
 * The read-only endpoint settings: `DATABASE_READ_HOSTS` (every replica's address, comma
 * separated), and from the wrapper `DATABASE_READ_HOST` (the replica this task reads from, one
 * picked at random per task, which spreads the tasks over the replicas) and `DATABASE_READ_URL`
 * (its URL with the same user, password and `sslmode=verify-full` as `DATABASE_URL`). None without
 * replicas. With an RDS Proxy, whose certificate chains to other roots than the instances', the CA
 * bundle holds both.
 */
export function readReplicaSettings(database: ShopDatabase, caFile: string): ReadReplicaSettings {
  const hosts = database.readEndpoints;
  if (hosts.length === 0) return { environment: {}, commands: [] };
  const env = database.containerEnvironment();
  const environment: { [name: string]: string } = {
    DATABASE_READ_HOSTS: Fn.join(',', hosts),
  };
  if (database.proxy) {
    environment.DATABASE_CA_CERTIFICATES = `${database.rootCertificates()}\n${rdsRootCertificates(database, false)}`;
  }
  return {
    environment,
    commands: readUrlCommands(hosts, {
      user: env.DATABASE_USER,
      port: env.DATABASE_PORT,
      databaseName: env.DATABASE_NAME,
      caFile,
    }),
  };
}

/** Where the read URL points, apart from the host. */
export interface ReadUrlParts {
  readonly user: string;
  readonly port: string;
  readonly databaseName: string;
  readonly caFile: string;
}

/**
 * POSIX shell commands that export `DATABASE_READ_HOST` (one of `hosts`, at random with two or
 * more: the checksum of a kernel UUID modulo their number) and `DATABASE_READ_URL`. Variables
 * are written without braces so CloudFormation does not read them as `Fn::Sub` parameters.
 */
export function readUrlCommands(hosts: string[], parts: ReadUrlParts): string[] {
  const commands: string[] = [];
  if (hosts.length === 1) {
    commands.push(`export DATABASE_READ_HOST="${hosts[0]}"`);
  } else {
    const cases = hosts.map((host, i) => `${i}) DATABASE_READ_HOST="${host}";;`).join(' ');
    commands.push(
      `r=$(( $(cksum < /proc/sys/kernel/random/uuid | cut -d " " -f 1) % ${hosts.length} ))`,
      `case $r in ${cases} esac`,
      'export DATABASE_READ_HOST',
    );
  }
  commands.push(
    `export DATABASE_READ_URL="postgres://${parts.user}:$DATABASE_PASSWORD@$DATABASE_READ_HOST:${parts.port}/${parts.databaseName}?sslmode=verify-full&sslrootcert=${parts.caFile}"`,
  );
  return commands;
}
