import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { IConstruct } from 'constructs';
import type { ShopApiProps } from './shop-api-props';
import type { ShopApiRoute } from './shop-api-route';
import { invalidProp } from '../../private/errors';

/**
 * Connects a `database` route's function to the orders database (through the proxy, IAM
 * auth) and a `sessions` route's function to the session cache. The function is already in the
 * VPC (`defineRouteFunction`); props were checked (`validateApiProps`).
 */
export function connectRoute(
  scope: IConstruct,
  prop: string,
  _fn: lambda.IFunction,
  route: ShopApiRoute,
  _props: ShopApiProps,
): void {
  for (const wanted of ['database', 'sessions'] as const) {
    if (!route[wanted]) continue;
    // the call site of connectFunctionToDatabase / connectFunctionToCache (data-access.ts)
    throw invalidProp(
      scope,
      `${prop}.${wanted}`,
      `'${route.route}' asks for ${wanted === 'database' ? 'the orders database' : 'the session cache'}, which this release of ShopApi cannot connect yet`,
      `Remove ${wanted}: true for now.`,
    );
  }
}
