// The fullest FargateShop example (examples/fargate-shop.ts) with a ShopObservability on its shop:
// against the example alone, what one line of observability adds to synthesis (issue 12: ≤ 1.15x).
import { App } from 'aws-cdk-lib';
import { FargateShopStack } from '../../examples/fargate-shop';
import { FargateShop, ShopObservability } from '../../src';

const app = new App();
const stack = new FargateShopStack(app, 'FargateShop');
const shop = stack.node.findAll().find((c): c is FargateShop => c instanceof FargateShop);
if (!shop) throw new Error('examples/fargate-shop.ts defines no FargateShop');
new ShopObservability(stack, 'Observability', { shop });
app.synth();
