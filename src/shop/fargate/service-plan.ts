import { Duration } from 'aws-cdk-lib';
import type { ShopCapacity } from './capacity';
import { DEFAULT_HEALTH_CHECK_GRACE } from './deployment';
import { FargateServiceSettings } from './fargate-service-options';
import { FargateShopPreset } from './fargate-shop-preset';
import type { FargateShopProps } from './fargate-shop-props';
import { prefixesToPathPatterns } from './routing';
import { MEDUSA_PATH_PREFIXES } from '../../private/shop-defaults';
import type { ShopContainerOptions, ShopImage } from '../base';

/** What a service is to the shop: its defaults and settings follow from it. */
export type ServiceRole = 'storefront' | 'backend' | 'worker' | 'extra';

/** The defaults of a `FargateShop`'s services, in one place (the props' docs say the same). */
export const FARGATE_SERVICE_DEFAULTS = {
  storefrontPort: 3000,
  backendPort: 9000,
  storefrontHealthPath: '/',
  backendHealthPath: '/health',
  extraHealthPath: '/',
  cpu: 512,
  /** Medusa v2 needs about 2 GB; Next.js and small services run in 1 GB. */
  memoryMiB: { storefront: 1024, backend: 2048, worker: 2048, extra: 1024 },
  /** The `node` user (UID 1000) of the official Node.js images. */
  user: '1000',
  /** Medusa's start command (`medusa start`, what `npm run start` runs in a Medusa v2 project). */
  medusaCommand: ['npx', 'medusa', 'start'],
  scratchDirectories: {
    storefront: ['/tmp', '/app/.next/cache'],
    backend: ['/tmp', '/app/static'],
    worker: ['/tmp', '/app/static'],
    extra: ['/tmp'],
  },
  /** Other public services: a minute to start before failed health checks count. */
  healthCheckGrace: Duration.seconds(60),
  /** Time for in-flight requests after SIGTERM before ECS kills the container (Fargate's most is 120 s). */
  stopTimeout: Duration.seconds(30),
} as const;

/** One service of the shop with every default applied; values are checked by the validation. */
export interface ServicePlan {
  readonly name: string;
  readonly role: ServiceRole;
  /** The prop its container comes from: `storefront`, `backend`, `worker`, `services[2]`. */
  readonly containerProp: string;
  /** The prop its settings come from: `storefrontService`, ..., `services[2]`. */
  readonly settingsProp: string;
  readonly image: ShopImage;
  /** The port it listens on; undefined for the worker, which serves no traffic. */
  readonly port?: number;
  /** The port its container health check asks (the worker's Medusa still answers `/health`). */
  readonly healthPort?: number;
  readonly healthPath: string;
  readonly environment: { [name: string]: string };
  readonly settings: FargateServiceSettings;
  readonly cpu: number;
  readonly memoryMiB: number;
  readonly minCapacity: number;
  readonly maxCapacity: number;
  readonly desiredCount: number;
  readonly capacity: ShopCapacity;
  /** Whether the load balancer routes to it. */
  readonly public: boolean;
  readonly pathPatterns: string[];
  readonly hostHeaders: string[];
  /** The props its path patterns and host headers come from. */
  readonly pathPatternsProp: string;
  readonly hostHeadersProp: string;
  readonly database: boolean;
  readonly cache: boolean;
  readonly command?: string[];
  readonly user: string;
  readonly scratchDirectories: string[];
  readonly healthCheckGracePeriod?: Duration;
}

/** The shop's services in order: storefront, backend, worker, then `services`. */
export function planServices(props: FargateShopProps, preset: FargateShopPreset): ServicePlan[] {
  const d = FARGATE_SERVICE_DEFAULTS;
  const capacity = props.capacity ?? preset.capacity;
  const plans: ServicePlan[] = [];
  const plan = (
    base: Omit<
      ServicePlan,
      | 'cpu'
      | 'memoryMiB'
      | 'minCapacity'
      | 'maxCapacity'
      | 'desiredCount'
      | 'capacity'
      | 'user'
      | 'scratchDirectories'
      | 'command'
      | 'healthCheckGracePeriod'
    > & { defaultCommand?: string[] },
  ): ServicePlan => {
    const s = base.settings;
    const min = s.minCapacity ?? Math.min(preset.tasksPerService, s.maxCapacity ?? preset.tasksPerService);
    const max = s.maxCapacity ?? Math.max(preset.maxTasksPerService, min);
    const { defaultCommand, ...rest } = base;
    return {
      ...rest,
      cpu: s.cpu ?? d.cpu,
      memoryMiB: s.memoryLimitMiB ?? d.memoryMiB[base.role],
      minCapacity: min,
      maxCapacity: max,
      desiredCount: s.desiredCount ?? min,
      capacity: s.capacity ?? capacity,
      user: s.user ?? d.user,
      scratchDirectories: s.scratchDirectories ?? [...d.scratchDirectories[base.role]],
      // the wrapper that sets DATABASE_URL/REDIS_URL drops the image's CMD: only then the default
      command: s.command ?? (base.database || base.cache ? defaultCommand : undefined),
      healthCheckGracePeriod:
        s.healthCheckGracePeriod ??
        (!base.public
          ? undefined
          : base.role === 'backend'
            ? DEFAULT_HEALTH_CHECK_GRACE
            : d.healthCheckGrace),
    };
  };

  const database = databaseEnabled(props);
  const cache = cacheEnabled(props);
  /**
   * The storefront, backend or worker: its props, defaults and data follow from the role;
   * `own` is what only that role has.
   */
  const partPlan = (
    role: 'storefront' | 'backend' | 'worker',
    container: ShopContainerOptions,
    own: {
      pathPatterns?: string[];
      pathPatternsProp?: string;
      environment?: { [name: string]: string };
    } = {},
  ): ServicePlan => {
    const storefront = role === 'storefront';
    const port = container.port ?? (storefront ? d.storefrontPort : d.backendPort);
    return plan({
      name: role,
      role,
      containerProp: role,
      settingsProp: `${role}Service`,
      image: container.image,
      // the worker serves no traffic; its Medusa still answers the health check on the backend's port
      port: role === 'worker' ? undefined : port,
      healthPort: port,
      healthPath: container.healthPath ?? (storefront ? d.storefrontHealthPath : d.backendHealthPath),
      environment: { ...(container.environment ?? {}), ...(own.environment ?? {}) },
      settings: props[`${role}Service`] ?? {},
      public: role !== 'worker',
      // the storefront is the listener's default action: no rule of its own
      pathPatterns: own.pathPatterns ?? [],
      hostHeaders: [],
      pathPatternsProp: own.pathPatternsProp ?? role,
      hostHeadersProp: role,
      // the backend and the worker run Medusa, which uses the database and the cache
      database: !storefront && database,
      cache: !storefront && cache,
      defaultCommand: storefront ? undefined : [...d.medusaCommand],
    });
  };

  if (props.storefront) plans.push(partPlan('storefront', props.storefront));
  if (props.backend) {
    plans.push(
      partPlan('backend', props.backend, {
        pathPatterns: prefixesToPathPatterns(props.backend.pathPrefixes ?? MEDUSA_PATH_PREFIXES),
        pathPatternsProp: 'backend.pathPrefixes',
      }),
    );
    if (props.worker) {
      plans.push(partPlan('worker', props.backend, { environment: props.worker.environment }));
    }
  }
  (props.services ?? []).forEach((service, i) => {
    const prop = `services[${i}]`;
    const pathPatterns = service.pathPatterns ?? [];
    const hostHeaders = service.hostHeaders ?? [];
    plans.push(
      plan({
        name: service.name,
        role: 'extra',
        containerProp: prop,
        settingsProp: prop,
        image: service.image,
        port: service.port,
        healthPort: service.port,
        healthPath: service.healthPath ?? d.extraHealthPath,
        environment: service.environment ?? {},
        settings: service,
        public: service.public ?? (pathPatterns.length > 0 || hostHeaders.length > 0),
        pathPatterns,
        hostHeaders,
        pathPatternsProp: `${prop}.pathPatterns`,
        hostHeadersProp: `${prop}.hostHeaders`,
        database: (service.database ?? false) && database,
        cache: (service.cache ?? false) && cache,
      }),
    );
  });
  return plans;
}

/**
 * Whether the shop has a database: `databaseEnabled`, else on when something uses or shapes one
 * (a backend, a service with `database: true`, `database`, `databasePreset`).
 */
export function databaseEnabled(props: FargateShopProps): boolean {
  return (
    props.databaseEnabled ??
    (props.backend !== undefined ||
      props.database !== undefined ||
      props.databasePreset !== undefined ||
      (props.services ?? []).some((service) => service.database === true))
  );
}

/**
 * Whether the shop has a cache: `cacheEnabled`, else on when something uses or shapes one
 * (a backend, a service with `cache: true`, `cache`, `cachePreset`), as for the database.
 */
export function cacheEnabled(props: FargateShopProps): boolean {
  return (
    props.cacheEnabled ??
    (props.backend !== undefined ||
      props.cache !== undefined ||
      props.cachePreset !== undefined ||
      (props.services ?? []).some((service) => service.cache === true))
  );
}
