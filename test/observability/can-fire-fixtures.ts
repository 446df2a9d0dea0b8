import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Duration, Stack } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as apigatewayv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as integrations from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as sns from 'aws-cdk-lib/aws-sns';
import { buildExamples } from '../../examples/app';
import {
  FargateShop,
  FargateShopPreset,
  FargateShopProps,
  NetworkProfile,
  ShopDeploymentStrategy,
  ShopImage,
  ShopNetwork,
  ServerlessShop,
  ServerlessShopProps,
  ShopObservability,
  SingleHostShop,
} from '../../src';
import { StackTemplate } from '../helpers/alarm-resolution';
import { shopProps } from '../shop/serverless/serverless-shop-fixtures';

/*
 * The stacks the proof that every alarm can fire runs over (alarms-can-fire*.test.ts): the
 * example stacks, with and without a ShopObservability on each example shop, FargateShops of
 * both presets, building blocks and a plain serverless scope.
 */

/** The example stacks (examples/app.ts), synthesized once. */
let examples: StackTemplate[] | undefined;
export function exampleStacks(): StackTemplate[] {
  if (!examples) {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'alarms-can-fire-'));
    examples = stacksOf(buildExamples(outdir));
    fs.rmSync(outdir, { recursive: true, force: true });
  }
  return examples;
}

/** Every example stack, each example shop with a ShopObservability (the headline proof). */
export function observedExamples(): StackTemplate[] {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'alarms-can-fire-observed-'));
  const app = buildExamples(outdir);
  for (const stack of app.node.children.filter((c): c is Stack => Stack.isStack(c))) {
    const shop = stack.node.tryFindChild('Shop');
    if (shop instanceof FargateShop || shop instanceof SingleHostShop || shop instanceof ServerlessShop) {
      new ShopObservability(stack, 'Observability', { shop, alarmEmail: 'ops@example.com' });
    }
  }
  const stacks = stacksOf(app);
  fs.rmSync(outdir, { recursive: true, force: true });
  return stacks;
}

/** The stacks of an app, as the check reads them. */
export function stacksOf(app: App): StackTemplate[] {
  const assembly = app.synth();
  return assembly.stacks.map((s) => ({
    name: s.stackName,
    template: s.template,
    region: s.environment.region === 'unknown-region' ? undefined : s.environment.region,
  }));
}

export const IMAGES = {
  storefront: { image: ShopImage.fromRegistry('ghcr.io/acme/storefront:1.4.2') },
  backend: { image: ShopImage.fromRegistry('ghcr.io/acme/medusa:1.4.2') },
};

/** One FargateShop in a us-east-1 stack of its own app, with a ShopObservability if `observed`. */
export function fargateShop(props: (stack: Stack) => FargateShopProps, observed = false): StackTemplate[] {
  const app = new App({ context: { 'aws:cdk:disable-creation-stack-traces': true } });
  const stack = new Stack(app, 'Shop', { env: { region: 'us-east-1', account: '111122223333' } });
  const shop = new FargateShop(stack, 'Shop', props(stack));
  if (observed) new ShopObservability(stack, 'Observability', { shop });
  return stacksOf(app);
}

/** One ServerlessShop in a us-east-1 stack of its own app (CloudFront's metrics' region), with a ShopObservability if `observed`. */
export function serverlessShop(more: Partial<ServerlessShopProps>, observed = false): StackTemplate[] {
  const app = new App({ context: { 'aws:cdk:disable-creation-stack-traces': true } });
  const stack = new Stack(app, 'Serverless', { env: { region: 'us-east-1', account: '111122223333' } });
  const shop = new ServerlessShop(stack, 'Shop', shopProps(more));
  if (observed) new ShopObservability(stack, 'Observability', { shop });
  return stacksOf(app);
}

export const HIGHLY_AVAILABLE = (stack: Stack): FargateShopProps => ({
  ...IMAGES,
  worker: {},
  preset: FargateShopPreset.HIGHLY_AVAILABLE,
  domainName: 'shop.example.com',
  hostedZone: zone(stack),
  databaseReadReplicas: 2,
  deploymentStrategy: ShopDeploymentStrategy.blueGreen(),
  alarmEmail: 'ops@example.com',
});

/** A plain scope of Lambda, API Gateway (REST and HTTP) and DynamoDB, watched by a ShopObservability. */
export function serverless(): StackTemplate[] {
  return building((stack, _network, topic) => {
    const handler = new lambda.Function(stack, 'Handler', {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 200 });'),
      timeout: Duration.seconds(10),
    });
    new apigateway.LambdaRestApi(stack, 'Rest', { handler });
    new apigatewayv2.HttpApi(stack, 'Http', {
      defaultIntegration: new integrations.HttpLambdaIntegration('HandlerIntegration', handler),
    });
    new dynamodb.TableV2(stack, 'Orders', {
      partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING },
    });
    new ShopObservability(stack, 'Observability', { alarmTopic: topic });
  });
}

/** A building block in a stack of its own, with a network. */
export function building(
  make: (stack: Stack, network: ShopNetwork, topic: sns.Topic) => void,
): StackTemplate[] {
  const app = new App({ context: { 'aws:cdk:disable-creation-stack-traces': true } });
  const stack = new Stack(app, 'Block', { env: { region: 'eu-west-1', account: '111122223333' } });
  const network = new ShopNetwork(stack, 'Network', { profile: NetworkProfile.TWO_AZ_SINGLE_NAT });
  make(stack, network, new sns.Topic(stack, 'Alarms', { enforceSSL: true }));
  return stacksOf(app);
}

export const zone = (stack: Stack) =>
  route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', {
    hostedZoneId: 'Z0EXAMPLE',
    zoneName: 'example.com',
  });
