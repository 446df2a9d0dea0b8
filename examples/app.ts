import { App } from 'aws-cdk-lib';
import { DevelopmentDataTierStack } from './data-tier';
import { BudgetNetworkStack, HaNetworkStack, SingleHostNetworkStack } from './network';
import { SingleHostShopStack } from './single-host-shop';

/**
 * Builds every example stack. Stacks are environment-agnostic, so synthesis needs no AWS
 * account and no credentials.
 */
export function buildExamples(outdir: string): App {
  const app = new App({
    outdir,
    context: { 'aws:cdk:disable-creation-stack-traces': true },
  });
  new HaNetworkStack(app, 'ExampleHaNetwork');
  new BudgetNetworkStack(app, 'ExampleBudgetNetwork');
  new SingleHostNetworkStack(app, 'ExampleSingleHostNetwork');
  new SingleHostShopStack(app, 'ExampleSingleHostShop');
  new DevelopmentDataTierStack(app, 'ExampleDevelopmentDataTier');
  return app;
}
