import { App, Stack, StackProps } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { BASIC } from './fargate-fixtures';
import { FargateShop, FargateShopPreset, FargateShopProps } from '../../../src';

/** A zone imported by literal id and name, as most shops have it. */
export const edgeZone = (stack: Stack) =>
  route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', {
    hostedZoneId: 'Z0EDGE',
    zoneName: 'example.com',
  });

/** The storefront and the backend with a domain, HIGHLY_AVAILABLE (the edge on by the preset). */
export const EDGE_SHOP = (stack: Stack): FargateShopProps => ({
  ...BASIC,
  worker: {},
  preset: FargateShopPreset.HIGHLY_AVAILABLE,
  domainName: 'shop.example.com',
  hostedZone: edgeZone(stack),
});

/** A shop in a stack of its own app (`env` as given, or `'agnostic'` for an environment-agnostic stack). */
export function edgeShop(
  props: (stack: Stack) => FargateShopProps = EDGE_SHOP,
  env: StackProps['env'] | 'agnostic' = { region: 'us-east-1' },
): { app: App; stack: Stack; shop: FargateShop; template: Template } {
  const app = new App({ context: { 'aws:cdk:disable-creation-stack-traces': true } });
  const stack = new Stack(app, 'Stack', { env: env === 'agnostic' ? undefined : env });
  const shop = new FargateShop(stack, 'Shop', props(stack));
  return { app, stack, shop, template: Template.fromStack(stack) };
}
