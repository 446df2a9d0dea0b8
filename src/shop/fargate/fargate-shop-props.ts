import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { ShopCapacity } from './capacity';
import { ShopDeploymentStrategy } from './deployment-strategy';
import { FargateShopEdgeSettings } from './edge-settings';
import { FargateServiceOptions, FargateServiceSettings } from './fargate-service-options';
import { FargateShopPreset } from './fargate-shop-preset';
import { FargateMigrationOptions } from './migration-options';
import { FargateTracing } from './tracing';
import { FargateWorkerQueue } from './worker-queue';
import { CachePreset, ShopCache } from '../../cache';
import { DatabasePreset, ShopDatabase } from '../../database';
import { NatType, NetworkProfile } from '../../network';
import { ShopProps } from '../base';

/**
 * Properties of a `FargateShop`. The props it shares with `SingleHostShop` (`storefront`,
 * `backend`, `worker`, `domainName`, `hostedZone`, `alarmEmail`, ...) mean the same there.
 */
export interface FargateShopProps extends ShopProps {
  /**
   * The starting shape: network, capacity, tasks per service, data tier, protection.
   *
   * @default FargateShopPreset.DEVELOPMENT
   */
  readonly preset?: FargateShopPreset;

  /**
   * Extra services beside the storefront, the backend and the worker.
   *
   * @default - none
   */
  readonly services?: FargateServiceOptions[];

  /**
   * How the storefront's service runs: size, scaling, secrets, command.
   *
   * @default - the `FargateServiceSettings` defaults
   */
  readonly storefrontService?: FargateServiceSettings;

  /**
   * The storefront's `NEXT_SERVER_ACTIONS_ENCRYPTION_KEY`, given to every storefront task as an
   * ECS secret so all tasks, and every deployment, encrypt Server Actions with one key: a secret
   * whose value is a base64-encoded AES key of 16, 24 or 32 bytes (`openssl rand -base64 32`).
   * Give one when your image's build reads the same key.
   *
   * @default - a secret of its own, filled at the first deployment with 32 random bytes in base64
   * by a deploy-time function, retained
   * @see https://nextjs.org/docs/messages/failed-to-find-server-action
   */
  readonly serverActionsKey?: secretsmanager.ISecret;

  /**
   * How the backend's service runs.
   *
   * @default - the `FargateServiceSettings` defaults
   */
  readonly backendService?: FargateServiceSettings;

  /**
   * How the worker's service runs.
   *
   * @default - the `FargateServiceSettings` defaults
   */
  readonly workerService?: FargateServiceSettings;

  /**
   * Where every service's tasks run, unless its settings say otherwise.
   *
   * @default - the preset's `capacity`
   */
  readonly capacity?: ShopCapacity;

  /**
   * The load balancer's certificate for `domainName`.
   *
   * @default - a new certificate, DNS-validated in `hostedZone`
   */
  readonly certificate?: acm.ICertificate;

  /**
   * The new VPC's shape. Not with `vpc`.
   *
   * @default - the preset's `networkProfile`
   */
  readonly networkProfile?: NetworkProfile;

  /**
   * NAT instances or NAT gateways in the new VPC. Not with `vpc`.
   *
   * @default - the preset's `natType`
   */
  readonly natType?: NatType;

  /**
   * Deletion protection on the load balancer and the new database.
   *
   * @default - the preset's `deletionProtection`
   */
  readonly deletionProtection?: boolean;

  /**
   * CloudWatch Container Insights on the cluster.
   *
   * @default - the preset's `containerInsights`
   */
  readonly containerInsights?: boolean;

  /**
   * The database. Not with `databasePreset` or `databaseEnabled: false`.
   *
   * @default - a new `ShopDatabase` when the shop has a database (`databaseEnabled`)
   */
  readonly database?: ShopDatabase;

  /**
   * The new database's shape.
   *
   * @default - the preset's `databasePreset`
   */
  readonly databasePreset?: DatabasePreset;

  /**
   * Read replicas of the new database (0 to 5), spread over the zones. Every service that gets
   * `DATABASE_URL` then also gets `DATABASE_READ_URL`, `DATABASE_READ_HOST` and
   * `DATABASE_READ_HOSTS`. Not with `database` (give your `ShopDatabase` its `readReplicas`).
   *
   * @default 0
   */
  readonly databaseReadReplicas?: number;

  /**
   * Whether the shop has a database.
   *
   * @default - true with a backend, a service with `database: true`, `database` or `databasePreset`;
   * false for a storefront-only shop (a database nothing uses costs money)
   */
  readonly databaseEnabled?: boolean;

  /**
   * Redeploy every service that reads the database password (the backend, the worker, services
   * with `database: true`) when a rotation of the password succeeds, so no task keeps the old
   * one (ECS reads it at task start). An EventBridge rule and a Step Functions state machine
   * (`redeployOnRotation`); failures alarm to the alarm topic.
   *
   * @default true
   */
  readonly redeployOnPasswordRotation?: boolean;

  /**
   * The cache. Not with `cachePreset` or `cacheEnabled: false`.
   *
   * @default - a new `ShopCache` when `cacheEnabled`
   */
  readonly cache?: ShopCache;

  /**
   * The new cache's shape.
   *
   * @default - the preset's `cachePreset`
   */
  readonly cachePreset?: CachePreset;

  /**
   * Whether the shop has a cache.
   *
   * @default - true when something uses or shapes one: a backend, a service with `cache: true`,
   * `cache` or `cachePreset`
   */
  readonly cacheEnabled?: boolean;

  /**
   * Serve IPv6 too: a dual-stack load balancer and an AAAA record. Needs a VPC with IPv6.
   *
   * @default false
   */
  readonly dualStack?: boolean;

  /**
   * How ECS deploys the public services (a service's own `deploymentStrategy` wins). The worker
   * and private services deploy rolling whatever this says: they have no listener rule.
   *
   * @default ShopDeploymentStrategy.rolling()
   */
  readonly deploymentStrategy?: ShopDeploymentStrategy;

  /**
   * The database migrations run once before the backend and the worker take a new version:
   * a one-off task of the backend's image (`npx medusa db:migrate`) that fails the deployment
   * unless it exits 0.
   *
   * @default - migrations on when the shop has a backend and a database, with the
   * `FargateMigrationOptions` defaults
   */
  readonly migration?: FargateMigrationOptions;

  /**
   * Allow ECS Exec (a shell in a running task), sessions encrypted and logged.
   *
   * @default false
   */
  readonly enableExecuteCommand?: boolean;

  /**
   * The worker's SQS queue: shape it, give your own `ShopQueue`, or turn it off. Its URL is
   * `QUEUE_URL` in the backend (send), the worker (receive) and services with `queue: true`
   * (send); the worker scales on its backlog per task.
   *
   * @default - a new `ShopQueue` when the shop has a worker, with the `FargateWorkerQueue` defaults
   */
  readonly workerQueue?: FargateWorkerQueue;

  /**
   * CloudFront and AWS WAF (a `ShopEdge`, `shop.edge`) in front of the load balancer, which
   * then admits only CloudFront: HTTPS from CloudFront's origin-facing prefix list, and every
   * listener rule requires a secret origin header (the default action answers 403). `domainName`
   * points at CloudFront; CloudFront reaches the load balancer over HTTPS at `origin.<domainName>`.
   * Needs `domainName` and `hostedZone`.
   *
   * @default - the preset's `edge` (on in HIGHLY_AVAILABLE) when the shop has `domainName` and
   * `hostedZone`; off without them
   */
  readonly edge?: boolean;

  /**
   * How the edge is set up: origin lock, certificates, web ACL, product images. Needs the edge.
   *
   * @default - the `FargateShopEdgeSettings` defaults
   */
  readonly edgeSettings?: FargateShopEdgeSettings;

  /**
   * OpenTelemetry tracing to AWS X-Ray: an ADOT collector sidecar in every service's task and
   * `OTEL_EXPORTER_OTLP_ENDPOINT` (and the SDK settings) in the app containers.
   *
   * @default - the preset's `tracing`, with the `FargateTracing` defaults
   */
  readonly tracing?: FargateTracing;
}
