import * as lambda from 'aws-cdk-lib/aws-lambda';
import { IConstruct } from 'constructs';
import { connectFunctionToCache, connectFunctionToDatabase } from './data-access';
import type { ShopApiProps } from './shop-api-props';
import type { ShopApiRoute } from './shop-api-route';
import { invalidProp } from '../../private/errors';

/** The database user `database` routes connect as when `databaseUser` is not given. */
export const DEFAULT_DATABASE_USER = 'shop_api';

/**
 * Connects a `database` route's function to the orders database (through the proxy, IAM
 * auth, as `databaseUser`) and a `sessions` route's function to the session cache
 * (`connectFunctionToDatabase` / `connectFunctionToCache`). The function is already in the VPC
 * (`defineRouteFunction`); props were checked (`validateApiProps`).
 */
export function connectRoute(
  scope: IConstruct,
  prop: string,
  fn: lambda.IFunction,
  route: ShopApiRoute,
  props: ShopApiProps,
): void {
  if (!route.database && !route.sessions) return;
  if (!(fn instanceof lambda.Function)) {
    // validateApiProps refuses this first; kept so the casts below are safe
    throw invalidProp(
      scope,
      prop,
      'an imported function cannot be connected',
      'Give code instead of function.',
    );
  }
  if (route.database) {
    connectFunctionToDatabase(fn, props.database!, props.databaseUser ?? DEFAULT_DATABASE_USER);
  }
  if (route.sessions) connectFunctionToCache(fn, props.cache!);
}
