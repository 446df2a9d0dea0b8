import type { Duration } from 'aws-cdk-lib';

/**
 * The database migrations a `FargateShop` runs before the backend takes a new version: a
 * one-off ECS task of the backend's image, run once per change of the backend's image or
 * settings, awaited by the backend's and the worker's service updates. A migration that exits
 * non-zero, fails to start or times out fails the deployment.
 */
export interface FargateMigrationOptions {
  /**
   * Whether the shop runs the migrations before the backend's service takes a new version.
   *
   * @default - true when the shop has a backend and a database
   */
  readonly enabled?: boolean;

  /**
   * The migration's command, run behind the same wrapper as the backend's (so it gets
   * `DATABASE_URL` with TLS and `REDIS_URL`).
   *
   * @default ['npx', 'medusa', 'db:migrate']
   */
  readonly command?: string[];

  /**
   * The longest the migration task may take, from RunTask to its stop, whole minutes from 1 to
   * 50 (the provider framework waits at most an hour). Past it the task is stopped and the
   * deployment fails.
   *
   * @default Duration.minutes(15)
   */
  readonly timeout?: Duration;

  /**
   * The migration task's vCPU units (Fargate task sizes).
   *
   * @default - the backend's `cpu`
   */
  readonly cpu?: number;

  /**
   * The migration task's memory in MiB (Fargate task sizes).
   *
   * @default - the backend's `memoryLimitMiB`
   */
  readonly memoryLimitMiB?: number;
}
