import { Stack, StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { ShopImage, SingleHostShop } from '../src';

/**
 * A Medusa shop on one host with every default: HTTP on the Elastic IP until you give it a
 * domain. Replace the images with your own builds (multi-architecture or arm64).
 */
export class SingleHostShopStack extends Stack {
  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    new SingleHostShop(this, 'Shop', {
      storefront: { image: ShopImage.fromRegistry('ghcr.io/acme/storefront:1.0.0') },
      backend: { image: ShopImage.fromRegistry('ghcr.io/acme/medusa:1.0.0') },
      worker: {},
    });
  }
}
