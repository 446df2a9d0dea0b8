import { Duration } from 'aws-cdk-lib';

/**
 * Uptime checks of a shop: one CloudWatch Synthetics canary that GETs the shop's URL and its
 * backend's health path from outside (no browser), and an alarm when a run fails.
 *
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Synthetics_Canaries.html
 */
export interface ShopUptimeOptions {
  /**
   * Whether to create the uptime canary.
   *
   * @default true - when there is a URL (the shop's or `url`); off when there is none
   */
  readonly enabled?: boolean;

  /**
   * The base URL checked, `http://` or `https://`, without a trailing path.
   *
   * @default - the shop's `url`
   */
  readonly url?: string;

  /**
   * The path of the backend's health check, checked through the public URL (both shops route
   * `/health` to the backend by default). Must start with `/`.
   *
   * @default '/health'
   */
  readonly healthPath?: string;

  /**
   * Whether to check `healthPath` besides the URL itself; turn it off when your backend's
   * health path is not reachable through the public URL.
   *
   * @default true - false for a `ServerlessShop` unless `healthPath` is given (its edge sends
   * only `/api/*` to the API, so `/health` is a storefront path that answers 404)
   */
  readonly checkHealthPath?: boolean;

  /**
   * More paths to check (each starting with `/`), e.g. `['/store/products']`.
   *
   * @default - none
   */
  readonly paths?: string[];

  /**
   * Text the storefront page (the URL itself) must contain, e.g. the shop's name.
   *
   * @default - any 2xx or 3xx answer passes
   */
  readonly expectedText?: string;

  /**
   * How often the canary runs, in whole minutes, at least 1 minute and at most 1 hour. Each
   * run costs the same, whatever the number of paths it checks.
   *
   * @default Duration.minutes(15) - 2,920 runs a month
   */
  readonly schedule?: Duration;

  /**
   * How long each request may take (whole seconds, from 1 second, not longer than `schedule`).
   *
   * @default Duration.seconds(10)
   */
  readonly timeout?: Duration;

  /**
   * Consecutive failed runs before the alarm fires. With the default schedule, 1 means the
   * alarm fires within 15 minutes of the shop going down.
   *
   * @default 1
   */
  readonly failedRunsToAlarm?: number;
}
