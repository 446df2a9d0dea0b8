import { Duration } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { ShopCapacity } from './capacity';
import { ShopDeploymentStrategy } from './deployment-strategy';
import { ServiceScaling } from './scaling';
import { ShopContainerOptions } from '../base';

/**
 * How one ECS service of a `FargateShop` runs: its size, task count, scaling, secrets and
 * command. Every field has a default fit for the service it sets.
 */
export interface FargateServiceSettings {
  /**
   * The task's CPU in vCPU units (1024 = 1 vCPU). On Fargate only the sizes Fargate offers
   * with `memoryLimitMiB` (256, 512, 1024, 2048, 4096, 8192, 16384).
   *
   * @default - 512 (0.5 vCPU)
   */
  readonly cpu?: number;

  /**
   * The task's memory in MiB, also the container's hard limit. On Fargate only a size
   * Fargate offers with `cpu`.
   *
   * @default - 2048 for the backend and the worker (Medusa needs 2 GB), 1024 otherwise
   */
  readonly memoryLimitMiB?: number;

  /**
   * How many tasks run after a deployment before autoscaling moves it.
   *
   * @default - the preset's `tasksPerService`, at least `minCapacity`
   */
  readonly desiredCount?: number;

  /**
   * The fewest tasks autoscaling leaves running.
   *
   * @default - the preset's `tasksPerService`
   */
  readonly minCapacity?: number;

  /**
   * The most tasks autoscaling runs. Equal to `minCapacity`, the service does not autoscale.
   *
   * @default - the preset's `maxTasksPerService`, at least `minCapacity`
   */
  readonly maxCapacity?: number;

  /**
   * What autoscaling tracks (CPU, memory, requests per target) and its schedules.
   *
   * @default - the `ServiceScaling` defaults
   */
  readonly scaling?: ServiceScaling;

  /**
   * Secrets the container gets as environment variables, read by ECS from Secrets Manager or
   * SSM Parameter Store at task start and never written in the template.
   *
   * @default - only those the shop adds
   */
  readonly secrets?: { [name: string]: ecs.Secret };

  /**
   * The container command. Services that get `DATABASE_URL` or `REDIS_URL` run behind a shell
   * wrapper that sets them from the secrets and then executes this command; a wrapper drops the
   * image's own CMD, so such services need it.
   *
   * @default - the backend and the worker behind the wrapper: `npx medusa start` (Medusa's start
   * command); otherwise the image's CMD
   */
  readonly command?: string[];

  /**
   * How long ECS ignores failing load balancer health checks after a task starts.
   *
   * @default - DEFAULT_HEALTH_CHECK_GRACE for the backend (Medusa's boot and migrations
   * check), 60 seconds for other public services
   */
  readonly healthCheckGracePeriod?: Duration;

  /**
   * Where the service's tasks run.
   *
   * @default - the shop's `capacity`
   */
  readonly capacity?: ShopCapacity;

  /**
   * How ECS deploys this service; blue/green, canary and linear only for a public service.
   *
   * @default - the shop's `deploymentStrategy`
   */
  readonly deploymentStrategy?: ShopDeploymentStrategy;

  /**
   * The user (name or UID, optionally `:group`) the container runs as. Not `root` or `0`.
   *
   * @default '1000' (the `node` user of the official Node.js images Next.js and Medusa images
   * are built from)
   */
  readonly user?: string;

  /**
   * Writable directories on the otherwise read-only root file system: each is an empty task
   * volume (Fargate has no tmpfs), writable by `user`, discarded with the task.
   *
   * @default - the storefront: `/tmp` and `/app/.next/cache` (Next.js's image and fetch
   * cache); the backend and the worker: `/tmp` and `/app/static` (Medusa's local file uploads);
   * others: `/tmp`
   */
  readonly scratchDirectories?: string[];
}

/**
 * An extra service of a `FargateShop`, such as seed 003's product and order services: its own
 * image, port, routes, size and secrets.
 */
export interface FargateServiceOptions extends ShopContainerOptions, FargateServiceSettings {
  /**
   * The service's name: lower-case letters, digits and '-', starting with a letter, at most
   * 32 characters, not `storefront`, `backend` or `worker`. Other services reach it as
   * `http://<name>:<port>` through ECS Service Connect.
   */
  readonly name: string;

  /**
   * ALB path patterns routed to the service (case-sensitive, `*` and `?` wildcards), such as
   * `/products` and `/products/*`.
   *
   * @default - none
   */
  readonly pathPatterns?: string[];

  /**
   * ALB host headers routed to the service (`*` and `?` wildcards), such as `api.example.com`.
   *
   * @default - none
   */
  readonly hostHeaders?: string[];

  /**
   * Whether the load balancer routes to the service. A service that is not public gets no
   * target group and no listener rule; other services reach it through ECS Service Connect only.
   *
   * @default - true when it has path patterns or host headers
   */
  readonly public?: boolean;

  /**
   * Give the service `DATABASE_URL` (and the database's security group admits it).
   *
   * @default false
   */
  readonly database?: boolean;

  /**
   * Give the service `REDIS_URL` (and the cache's security group admits it).
   *
   * @default false
   */
  readonly cache?: boolean;

  /**
   * Let the service send to the worker's queue: `QUEUE_URL` and `sqs:SendMessage` on it. Needs a
   * worker with its queue.
   *
   * @default false
   */
  readonly queue?: boolean;
}
