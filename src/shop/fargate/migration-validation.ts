import { Annotations, Duration, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { describeSizes, FARGATE_TASK_SIZES } from './fargate-sizes';
import type { FargateMigrationOptions } from './migration-options';
import { invalidProp, requireLiteral } from '../../private/errors';

/** The migration's timeout range: the provider framework waits at most an hour in all. */
export const MIGRATION_TIMEOUT_RANGE = { min: Duration.minutes(1), max: Duration.minutes(50) };

/** Commands that run Medusa's migrations, which a service's own command must not (every task would). */
const MIGRATING_COMMAND = /\b(db:migrate|migrations?\s+run|predeploy)\b/;

/** What the migration is made of, with the shop's answers (validated before any resource). */
export interface MigrationContext {
  readonly options: FargateMigrationOptions;
  readonly hasBackend: boolean;
  readonly hasDatabase: boolean;
  /** The backend's task size, the migration's default. */
  readonly backendCpu: number;
  readonly backendMemoryMiB: number;
  /** The backend's own command, if the user gave one (`backendService.command`). */
  readonly backendCommand?: string[];
}

/**
 * Checks the `migration` props; returns whether the shop runs migrations (`enabled` or its
 * default: a backend and a database).
 */
export function validateMigrationOptions(scope: IConstruct, c: MigrationContext): boolean {
  const o = c.options;
  requireLiteral(scope, 'migration.enabled', o.enabled, 'true or false');
  const enabled = o.enabled ?? (c.hasBackend && c.hasDatabase);
  if (o.enabled === true && !c.hasBackend) {
    throw invalidProp(
      scope,
      'migration.enabled',
      'the migration runs the backend image, but no backend is given',
      'Give backend, or remove migration.',
    );
  }
  if (o.enabled === true && !c.hasDatabase) {
    throw invalidProp(
      scope,
      'migration.enabled',
      'the shop has no database to migrate (databaseEnabled: false)',
      'Give the shop a database, or set migration.enabled to false.',
    );
  }
  if (!enabled) {
    const set = (['command', 'timeout', 'cpu', 'memoryLimitMiB'] as const).filter((k) => o[k] !== undefined);
    if (set.length > 0) {
      throw invalidProp(
        scope,
        `migration.${set[0]}`,
        c.hasBackend ? 'migrations are off (migration.enabled: false)' : 'there is no backend to migrate for',
        'Remove it, or turn migrations on.',
      );
    }
    return false;
  }
  if (o.command !== undefined) {
    requireLiteral(scope, 'migration.command', o.command, 'a list of words');
    if (o.command.length === 0 || o.command.some((word) => typeof word !== 'string' || word.trim() === '')) {
      throw invalidProp(
        scope,
        'migration.command',
        'is empty or has an empty word',
        "Give the command as words, such as ['npx', 'medusa', 'db:migrate'].",
      );
    }
    o.command.forEach((word, i) => requireLiteral(scope, `migration.command[${i}]`, word, 'a word'));
  }
  if (o.timeout !== undefined) validateMigrationTimeout(scope, 'migration.timeout', o.timeout);
  // an inherited size is checked after the backend's own (addShopMigration), whose error names its prop
  if (o.cpu !== undefined || o.memoryLimitMiB !== undefined) {
    validateMigrationSize(scope, o.cpu ?? c.backendCpu, o.memoryLimitMiB ?? c.backendMemoryMiB, o);
  }
  if (c.backendCommand && MIGRATING_COMMAND.test(c.backendCommand.join(' '))) {
    Annotations.of(scope).addWarningV2(
      'cdk-shop:migrationInServiceCommand',
      `backendService.command (${c.backendCommand.join(' ')}) seems to migrate at task start: every task would migrate at once. The shop runs migration.command once before the backend takes a new version; start the server only (npx medusa start).`,
    );
  }
  return true;
}

/** The timeout: a literal from 1 to 50 minutes in whole seconds. */
export function validateMigrationTimeout(scope: IConstruct, prop: string, timeout: Duration): void {
  requireLiteral(scope, prop, timeout, 'a Duration such as Duration.minutes(15)');
  const seconds = timeout.toSeconds({ integral: false });
  if (!Number.isInteger(seconds)) {
    throw invalidProp(
      scope,
      prop,
      `${seconds} s is not a whole number of seconds`,
      'Give whole seconds or minutes.',
    );
  }
  const { min, max } = MIGRATION_TIMEOUT_RANGE;
  if (seconds < min.toSeconds() || seconds > max.toSeconds()) {
    throw invalidProp(
      scope,
      prop,
      `${timeout.toHumanString()} is outside ${min.toMinutes()} to ${max.toMinutes()} minutes (CloudFormation waits for a custom resource at most an hour)`,
      `Give a Duration from Duration.minutes(${min.toMinutes()}) to Duration.minutes(${max.toMinutes()}); a longer migration belongs in a maintenance window of its own.`,
    );
  }
}

/** The migration's task size, a Fargate one (the migration always runs on Fargate). */
export function validateMigrationSize(
  scope: IConstruct,
  cpu: number,
  memoryMiB: number,
  o: FargateMigrationOptions,
): void {
  requireLiteral(scope, 'migration.cpu', o.cpu, 'vCPU units such as 512');
  requireLiteral(scope, 'migration.memoryLimitMiB', o.memoryLimitMiB, 'MiB such as 2048');
  if (Token.isUnresolved(cpu) || Token.isUnresolved(memoryMiB)) return;
  const memories = FARGATE_TASK_SIZES[cpu];
  const cpuProp = o.cpu !== undefined ? 'migration.cpu' : 'backendService.cpu';
  if (!memories) {
    throw invalidProp(
      scope,
      cpuProp,
      `the migration task runs on Fargate, which has no task size of ${cpu} vCPU units`,
      `Give migration.cpu one of ${describeSizes(Object.keys(FARGATE_TASK_SIZES).map(Number))}.`,
    );
  }
  if (!memories.includes(memoryMiB)) {
    throw invalidProp(
      scope,
      o.memoryLimitMiB !== undefined ? 'migration.memoryLimitMiB' : cpuProp,
      `Fargate does not offer ${memoryMiB} MiB with ${cpu} vCPU units for the migration task`,
      `With cpu ${cpu} give migration.memoryLimitMiB ${describeSizes(memories)}.`,
    );
  }
}
