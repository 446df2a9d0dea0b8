import { App, CfnParameter, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { ShopImage, SingleHostShop, SingleHostShopProps } from '../../../src';

/** The shared props and helpers of the SingleHostShop suites. */

export const STOREFRONT = ShopImage.fromRegistry('ghcr.io/acme/storefront:1.4.2');
export const BACKEND = ShopImage.fromRegistry('ghcr.io/acme/medusa:1.4.2');
/** A storefront and a backend, nothing else. */
export const MINIMAL: SingleHostShopProps = {
  storefront: { image: STOREFRONT },
  backend: { image: BACKEND },
};
/** MINIMAL with the storefront image `name`. */
export const image = (name: string) => ({ ...MINIMAL, storefront: { image: ShopImage.fromRegistry(name) } });
/** A number known only at deploy time. */
export const number = (stack: Stack) => new CfnParameter(stack, 'Number', { type: 'Number' }).valueAsNumber;
/** A string known only at deploy time. */
export const text = (stack: Stack) => new CfnParameter(stack, 'Text').valueAsString;

/** A shop `Stack/Shop` of MINIMAL with `props` over it, and its template. */
export function synth(props: Partial<SingleHostShopProps> = {}) {
  const app = new App();
  const stack = new Stack(app, 'Stack');
  const shop = new SingleHostShop(stack, 'Shop', { ...MINIMAL, ...props });
  return { app, stack, shop, template: Template.fromStack(stack) };
}

/** The one resource of `type` in the template (the test fails if there are none or several). */
export function onlyResource(template: Template, type: string): { logicalId: string; resource: any } {
  const found = template.findResources(type);
  const ids = Object.keys(found);
  expect(ids).toHaveLength(1);
  return { logicalId: ids[0], resource: found[ids[0]] };
}

/** A VPC with a public, a private (with egress) and an isolated subnet group. */
export function threeTierVpc(stack: Stack): ec2.Vpc {
  return new ec2.Vpc(stack, 'Vpc', {
    maxAzs: 1,
    natGateways: 1,
    subnetConfiguration: [
      { name: 'Public', subnetType: ec2.SubnetType.PUBLIC },
      { name: 'App', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      { name: 'Data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
    ],
  });
}
