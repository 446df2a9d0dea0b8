import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type { ParsedRoute } from './api-route-key';
import type { ShopApiRoute } from './shop-api-route';

/** One route with its parsed key, the function answering it and a construct-id part. */
export interface RouteBinding {
  readonly route: ShopApiRoute;
  readonly parsed: ParsedRoute;
  readonly function: lambda.IFunction;
  /** PascalCase from the route key, unique in the API (`GET /api/products/{id}` → `GetApiProductsId`). */
  readonly id: string;
}

/** A stage's rate limits, resolved. */
export interface StageThrottle {
  readonly rateLimit: number;
  readonly burstLimit: number;
}

/** Construct-id parts for route keys: PascalCase words, a counter on a clash. */
export function routeIds(keys: string[]): string[] {
  const used = new Set<string>();
  return keys.map((key) => {
    const base =
      key
        .split(/[^A-Za-z0-9]+/)
        .filter((w) => w.length > 0)
        .map((w) => w[0].toUpperCase() + w.slice(1).toLowerCase())
        .join('') || 'Root';
    let id = base;
    for (let n = 2; used.has(id); n++) id = `${base}${n}`;
    used.add(id);
    return id;
  });
}
