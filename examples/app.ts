import { App } from 'aws-cdk-lib';
import { DevelopmentDataTierStack } from './data-tier';
import { EdgeStack } from './edge';
import { FargateShopStack } from './fargate-shop';
import { BudgetNetworkStack, HaNetworkStack, SingleHostNetworkStack } from './network';
import { ServerlessShopStack } from './serverless-shop';
import { SingleHostShopStack } from './single-host-shop';

/**
 * Builds every example stack. Stacks are environment-agnostic, so synthesis needs no AWS
 * account and no credentials. `context` adds to the app's context (e.g. feature flags).
 */
export function buildExamples(outdir: string, context: { [key: string]: unknown } = {}): App {
  const app = new App({
    outdir,
    context: { ...context, 'aws:cdk:disable-creation-stack-traces': true },
  });
  addExamples(app);
  return app;
}

/** Adds every example stack to an app (one list, for the main job and the consumer apps). */
export function addExamples(app: App): void {
  new HaNetworkStack(app, 'ExampleHaNetwork');
  new BudgetNetworkStack(app, 'ExampleBudgetNetwork');
  new SingleHostNetworkStack(app, 'ExampleSingleHostNetwork');
  new SingleHostShopStack(app, 'ExampleSingleHostShop');
  new DevelopmentDataTierStack(app, 'ExampleDevelopmentDataTier');
  new EdgeStack(app, 'ExampleEdge');
  new FargateShopStack(app, 'ExampleFargateShop');
  new ServerlessShopStack(app, 'ExampleServerlessShop');
}
