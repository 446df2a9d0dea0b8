import { App, Stack } from 'aws-cdk-lib';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { BASIC, PRODUCTS } from './fargate-fixtures';
import { FargateServiceOptions, FargateShop, FargateShopProps } from '../../../src';

/** Props built in the test's own stack (for things that need a scope, such as a zone). */
export type PropsFor = (stack: Stack) => FargateShopProps;

/** A bad-input case: a label, the props, the prop the message must name, the problem it states. */
export type BadInput = [string, FargateShopProps | PropsFor, string, RegExp];

export const zone = (stack: Stack, zoneName = 'example.com') =>
  route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: 'Z1', zoneName });

/** Seed 003's product service, public on /products/*, with `options` over it. */
export const extra = (options: Partial<FargateServiceOptions>): FargateServiceOptions => ({
  name: 'products',
  image: PRODUCTS,
  port: 8000,
  pathPatterns: ['/products/*'],
  ...options,
});

/** The storefront, the backend and one extra service. */
export const withService = (options: Partial<FargateServiceOptions>): FargateShopProps => ({
  ...BASIC,
  services: [extra(options)],
});

/** A SecureString parameter to make an `ecs.Secret` of. */
export const secureParameter = (stack: Stack) =>
  ssm.StringParameter.fromSecureStringParameterAttributes(stack, 'Param', { parameterName: '/shop/key' });

/** Builds the shop in a stack of its own (with a region, as most tests use). */
export function build(props: FargateShopProps | PropsFor): FargateShop {
  const stack = new Stack(new App(), 'Stack', { env: { region: 'us-east-1' } });
  return new FargateShop(stack, 'Shop', typeof props === 'function' ? props(stack) : props);
}

/** One test per case: the error names the construct path and the prop, and states the problem. */
export function expectRejected(cases: BadInput[]): void {
  test.each(cases)('%s', (_label, props, prop, problem) => {
    let message = '';
    try {
      build(props);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(new RegExp(`^Stack/Shop: invalid '${escape(prop)}'`));
    expect(message).toMatch(problem);
  });
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
