// The composition the issue measured at 1.48x the three services: SingleHostShop in a ShopNetwork,
// with a highly available ShopDatabase (Multi-AZ, 2 read replicas) and a ShopCache beside it.
import { App, Stack } from 'aws-cdk-lib';
import { DatabasePreset, ShopCache, ShopDatabase, ShopImage, ShopNetwork, SingleHostShop } from '../../src';

const app = new App();
const stack = new Stack(app, 'SingleHostComposition');
const network = new ShopNetwork(stack, 'Network');
new SingleHostShop(stack, 'Shop', {
  vpc: network.vpc,
  storefront: { image: ShopImage.fromRegistry('ghcr.io/acme/storefront:1.0.0') },
  backend: { image: ShopImage.fromRegistry('ghcr.io/acme/medusa:1.0.0') },
});
new ShopDatabase(stack, 'Database', {
  vpc: network.vpc,
  preset: DatabasePreset.HIGHLY_AVAILABLE,
  readReplicas: 2,
});
new ShopCache(stack, 'Cache', { vpc: network.vpc });
app.synth();
