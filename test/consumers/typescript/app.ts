// A consumer app: uses cdk-shop exactly as an npm user would (installed from the packed tarball).
// Usage: node app.js <outdir>
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import {
  CachePreset,
  CostEstimator,
  CostReport,
  DatabasePreset,
  NatType,
  NetworkProfile,
  ShopBackup,
  ShopCache,
  ShopDatabase,
  ShopImage,
  ShopNetwork,
  SingleHostShop,
} from 'cdk-shop';

const outdir = path.resolve(process.argv[2] ?? 'cdk.out');

const app = new App({
  outdir,
  context: {
    // aws-cdk-lib >= 2.262: built-in CloudFormation rule findings fail synth instead of warning.
    '@aws-cdk/core:validateAgainstDefaultRules': true,
    'aws:cdk:disable-creation-stack-traces': true,
  },
});

// Environment-agnostic stacks: no account or region, so synth needs no AWS credentials.
const stack = new Stack(app, 'ConsumerTypescript');
const network = new ShopNetwork(stack, 'Network', {
  profile: NetworkProfile.TWO_AZ_SINGLE_NAT,
  natType: NatType.GATEWAY,
});
if (network.natInstances.length !== 0) throw new Error('expected no NAT instances with NAT gateways');

// A whole shop on one host, as examples/single-host-shop.ts builds it.
const shopStack = new Stack(app, 'ConsumerTypescriptShop');
new SingleHostShop(shopStack, 'Shop', {
  storefront: { image: ShopImage.fromRegistry('ghcr.io/acme/storefront:1.0.0') },
  backend: { image: ShopImage.fromRegistry('ghcr.io/acme/medusa:1.0.0') },
  worker: {},
});

// The data tier, as examples/data-tier.ts builds it.
const dataStack = new Stack(app, 'ConsumerTypescriptDataTier');
const dataNetwork = new ShopNetwork(dataStack, 'Network', {
  profile: NetworkProfile.TWO_AZ_SINGLE_NAT,
  natType: NatType.INSTANCE,
});
const database = new ShopDatabase(dataStack, 'Database', {
  vpc: dataNetwork.vpc,
  preset: DatabasePreset.DEVELOPMENT,
});
new ShopCache(dataStack, 'Cache', { vpc: dataNetwork.vpc, preset: CachePreset.DEVELOPMENT });
new ShopBackup(dataStack, 'Backup', {
  resources: [backup.BackupResource.fromRdsDatabaseInstance(database.instance)],
});

// The building blocks composed as README documents: a container command that builds DATABASE_URL
// and REDIS_URL from the URL templates and the secrets ECS injects. The newest aws-cdk-lib's
// strict validation rejects `${VAR}` text outside Fn::Sub (E1029); the templates use `$VAR`.
// BRACES=1 rewrites them to the brace form, which consumers.sh expects to fail synth.
const composedStack = new Stack(app, 'ConsumerTypescriptComposition');
const composedNetwork = new ShopNetwork(composedStack, 'Network', { natType: NatType.INSTANCE });
const composedDatabase = new ShopDatabase(composedStack, 'Database', { vpc: composedNetwork.vpc });
const composedCache = new ShopCache(composedStack, 'Cache', { vpc: composedNetwork.vpc });
const braces = (url: string) => (process.env.BRACES === '1' ? url.replace(/\$([A-Z_]+)/g, '${$1}') : url);
const taskDefinition = new ecs.FargateTaskDefinition(composedStack, 'Backend', {
  cpu: 512,
  memoryLimitMiB: 1024,
});
taskDefinition.addContainer('medusa', {
  image: ecs.ContainerImage.fromRegistry('ghcr.io/acme/medusa:1.0.0'),
  secrets: { ...composedDatabase.containerSecrets(), ...composedCache.containerSecrets() },
  entryPoint: ['sh', '-c'],
  command: [
    `DATABASE_URL="${braces(composedDatabase.databaseUrlTemplate())}" ` +
      `REDIS_URL="${braces(composedCache.redisUrlTemplate())}" exec npx medusa start`,
  ],
  logging: ecs.LogDrivers.awsLogs({ streamPrefix: 'medusa' }),
});
// The backend's tasks would run in this group: the database and cache admit it on their ports.
const backendGroup = new ec2.SecurityGroup(composedStack, 'BackendTasks', { vpc: composedNetwork.vpc });
composedDatabase.allowFrom(backendGroup);
composedCache.allowFrom(backendGroup);

const assembly = app.synth();
console.log(`synthesized ${[stack, shopStack, dataStack, composedStack].map((s) => s.stackName).join(', ')} into ${outdir}`);

// <stack>.cost.json beside every template; the data tier with its own log volume.
const estimates = new CostReport({
  stackAssumptions: { [dataStack.stackName]: { logIngestGb: 2 } },
}).write(assembly);
for (const estimate of estimates) {
  console.log(`COST report ${estimate.stackName} ${estimate.totalMonthlyUsd}`);
}
const shopEstimate = new CostEstimator().estimateStack(shopStack);
console.log(`COST estimateStack ${shopEstimate.stackName} ${shopEstimate.totalMonthlyUsd}`);
