import { IConstruct } from 'constructs';
import { ShopUptimeOptions } from './uptime-options';

/*
 * What a shop tells ShopObservability's uptime check about itself. A ServerlessShop's edge sends
 * only /api/* to its API: /health is a storefront path there, answered 404 by the bucket, so the
 * default check of it would fail every run and report the shop down while it serves customers.
 */

/** Shops whose public URL has no health path. */
const NO_HEALTH_PATH = new WeakSet<IConstruct>();

/** Records that `shop`'s URL has no health path: the uptime check leaves it out by default. */
export function recordNoHealthPath(shop: IConstruct): void {
  NO_HEALTH_PATH.add(shop);
}

/**
 * `options` with the defaults `shop` calls for: for a shop without a health path,
 * `checkHealthPath` is false unless `healthPath` (or `checkHealthPath`) is given.
 */
export function uptimeOptionsFor(
  shop: IConstruct | undefined,
  options: ShopUptimeOptions | undefined,
): ShopUptimeOptions | undefined {
  if (!shop || !NO_HEALTH_PATH.has(shop)) return options;
  return { checkHealthPath: options?.healthPath !== undefined, ...options };
}
