import { ShopImage } from './shop-image';

/**
 * A container of the shop that serves HTTP.
 */
export interface ShopContainerOptions {
  /**
   * The image to run.
   */
  readonly image: ShopImage;

  /**
   * The port the container listens on.
   *
   * @default - 3000 for the storefront, 9000 for the backend
   */
  readonly port?: number;

  /**
   * The path that answers 200 when the container is healthy.
   *
   * @default - '/' for the storefront, '/health' for the backend
   */
  readonly healthPath?: string;

  /**
   * Environment variables, in plain text. Put nothing secret here: generated secrets
   * (`DATABASE_URL`, `REDIS_URL`, `JWT_SECRET`, `COOKIE_SECRET`) are added by the shop at run time.
   *
   * @default - none besides those the shop adds
   */
  readonly environment?: { [name: string]: string };
}

/**
 * The storefront, such as a Next.js app. Serves every path the backend does not.
 */
export interface StorefrontOptions extends ShopContainerOptions {}

/**
 * The backend, such as Medusa.js. Serves the path prefixes in `pathPrefixes`.
 */
export interface BackendOptions extends ShopContainerOptions {
  /**
   * URL path prefixes routed to the backend; everything else goes to the storefront.
   * A prefix matches itself and what follows a `/` after it: `/store` matches `/store` and
   * `/store/products`, not `/storefront`.
   *
   * @default - Medusa's: ['/store', '/admin', '/auth', '/app', '/health']
   */
  readonly pathPrefixes?: string[];
}

/**
 * A background worker that runs the backend image in worker mode.
 */
export interface WorkerOptions {
  /**
   * Environment variables added to the backend's for the worker.
   *
   * @default - the backend's, with MEDUSA_WORKER_MODE=worker
   */
  readonly environment?: { [name: string]: string };
}
