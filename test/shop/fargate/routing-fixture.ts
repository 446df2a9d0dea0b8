import { App, Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { RouteRequest } from '../../../src/shop/fargate/routing';

/** A stack with a construct `Shop`, the scope errors name (`Stack/Shop`). */
export function scope(): { stack: Stack; shop: Construct } {
  const stack = new Stack(new App(), 'Stack');
  return { stack, shop: new Construct(stack, 'Shop') };
}

/** A route request for one service, as FargateShop makes them for `services[index]`. */
export const route = (
  service: string,
  pathPatterns: string[],
  hostHeaders: string[] = [],
  index = 0,
): RouteRequest => ({
  service,
  prop: `services[${index}].pathPatterns`,
  pathPatterns,
  hostHeaders,
});
