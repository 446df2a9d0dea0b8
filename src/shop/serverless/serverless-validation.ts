import { IConstruct } from 'constructs';
import type { ServerlessShopProps } from './serverless-shop-props';
import { invalidProp, requireLiteral } from '../../private/errors';
import { validateAlarmEmail, validateDomain } from '../fargate/fargate-validation';

/** The path the edge sends to the API; every route lives under it. */
export const API_PATH_PREFIX = '/api/';

/** Checks a `ServerlessShop`'s own props; its parts check theirs. */
export function validateServerlessShopProps(scope: IConstruct, props: ServerlessShopProps): void {
  validateDomain(scope, props);
  validateAlarmEmail(scope, props);
  if (props.routes === undefined || props.routes.length === 0) {
    throw invalidProp(
      scope,
      'routes',
      'a serverless shop needs at least one API route',
      "Give routes such as [{ route: 'GET /api/products', code: lambda.Code.fromAsset('api/products') }].",
    );
  }
  props.routes.forEach((route, i) => {
    const key = route?.route;
    if (typeof key !== 'string') return; // ShopApi explains a missing route key
    requireLiteral(scope, `routes[${i}].route`, key, "a route key such as 'GET /api/products'");
    const path = key.trim().split(/\s+/)[1];
    if (path !== undefined && !path.startsWith(API_PATH_PREFIX)) {
      throw invalidProp(
        scope,
        `routes[${i}].route`,
        `'${key}' is not under ${API_PATH_PREFIX}: the distribution sends only ${API_PATH_PREFIX}* to the API, and every other path to the storefront`,
        `Give a path under ${API_PATH_PREFIX}, such as '${key.split(/\s+/)[0]} ${API_PATH_PREFIX}${path.replace(/^\/+/, '')}'.`,
      );
    }
  });
  // createShopTables checks the tables' names
  if (props.tables !== undefined && props.tables.length === 0) {
    throw invalidProp(
      scope,
      'tables',
      'is empty',
      "Leave tables out for one 'catalog' table, or give at least one table.",
    );
  }
}
