import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { FargateShop, FargateShopProps, ShopImage } from '../../../src';

export const STOREFRONT = ShopImage.fromRegistry('ghcr.io/acme/storefront:1.4.2');
export const MEDUSA = ShopImage.fromRegistry('ghcr.io/acme/medusa:1.4.2');
export const PRODUCTS = ShopImage.fromRegistry('ghcr.io/acme/products:2.0.0');

/** The storefront and the backend, as most tests start. */
export const BASIC: FargateShopProps = {
  storefront: { image: STOREFRONT },
  backend: { image: MEDUSA },
};

/** A shop in a stack of its own app, with its template. */
export function shopStack(props: FargateShopProps = BASIC): {
  app: App;
  stack: Stack;
  shop: FargateShop;
  template: Template;
} {
  const app = new App({ context: { 'aws:cdk:disable-creation-stack-traces': true } });
  const stack = new Stack(app, 'Stack', { env: { region: 'us-east-1' } });
  const shop = new FargateShop(stack, 'Shop', props);
  return { app, stack, shop, template: Template.fromStack(stack) };
}

/** The logical id of the one resource of a type whose id contains `part`. */
export function logicalId(template: Template, type: string, part: string): string {
  const ids = Object.keys(template.findResources(type)).filter((id) => id.includes(part));
  if (ids.length !== 1) {
    throw new Error(`expected one ${type} with '${part}' in its id, found ${ids.join(', ')}`);
  }
  return ids[0];
}

/** The container definition named `name` in the task definition whose id contains `part`. */
export function container(template: Template, part: string, name: string): any {
  const id = logicalId(template, 'AWS::ECS::TaskDefinition', part);
  const definitions = template.toJSON().Resources[id].Properties.ContainerDefinitions as any[];
  const found = definitions.find((d) => d.Name === name);
  if (!found) throw new Error(`no container ${name} in ${id}`);
  return found;
}

/** A container's environment as a map. */
export function environment(definition: any): Record<string, any> {
  return Object.fromEntries((definition.Environment ?? []).map((e: any) => [e.Name, e.Value]));
}

/** The service resource whose id contains `part`. */
export function serviceProps(template: Template, part: string): any {
  return template.toJSON().Resources[logicalId(template, 'AWS::ECS::Service', part)].Properties;
}

export { Match };
