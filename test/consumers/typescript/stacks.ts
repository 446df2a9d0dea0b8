// The example stacks of the TypeScript consumer app, one builder per examples.json id.
// A new example stack: one entry in examples.json, one builder here (and in python/stacks.py and
// java/.../Stacks.java unless examples.json limits it to some languages).
import * as path from 'path';
import { App, Duration, Stack } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as route53 from 'aws-cdk-lib/aws-route53';
import {
  CachePreset,
  DatabasePreset,
  FargateShop,
  FargateShopPreset,
  NatType,
  NetworkProfile,
  ShopBackup,
  ShopCache,
  ShopDatabase,
  ShopDeploymentStrategy,
  ShopImage,
  ShopAlarmKind,
  ShopNetwork,
  ShopObservability,
  ServerlessShop,
  SingleHostShop,
  TableAccess,
} from 'cdk-shop';

/** Environment-agnostic stacks: no account or region, so synth needs no AWS credentials. */
export const STACKS: { [id: string]: (app: App, name: string) => Stack } = {
  network: (app, name) => {
    const stack = new Stack(app, name);
    const network = new ShopNetwork(stack, 'Network', {
      profile: NetworkProfile.TWO_AZ_SINGLE_NAT,
      natType: NatType.GATEWAY,
    });
    if (network.natInstances.length !== 0) throw new Error('expected no NAT instances with NAT gateways');
    return stack;
  },

  // A whole shop on one host, as examples/single-host-shop.ts builds it.
  singleHostShop: (app, name) => {
    const stack = new Stack(app, name);
    new SingleHostShop(stack, 'Shop', {
      storefront: { image: ShopImage.fromRegistry('ghcr.io/acme/storefront:1.0.0') },
      backend: { image: ShopImage.fromRegistry('ghcr.io/acme/medusa:1.0.0') },
      worker: {},
    });
    return stack;
  },

  // The data tier, as examples/data-tier.ts builds it.
  dataTier: (app, name) => {
    const stack = new Stack(app, name);
    const network = new ShopNetwork(stack, 'Network', {
      profile: NetworkProfile.TWO_AZ_SINGLE_NAT,
      natType: NatType.INSTANCE,
    });
    const database = new ShopDatabase(stack, 'Database', { vpc: network.vpc, preset: DatabasePreset.DEVELOPMENT });
    new ShopCache(stack, 'Cache', { vpc: network.vpc, preset: CachePreset.DEVELOPMENT });
    new ShopBackup(stack, 'Backup', {
      resources: [backup.BackupResource.fromRdsDatabaseInstance(database.instance)],
    });
    return stack;
  },

  // A FargateShop (DEVELOPMENT) shaped like seed 003: storefront, backend and a product service on
  // its own paths. It names its region (no account), as a deployed stack usually does; the example
  // stack (examples/fargate-shop.ts) is the environment-agnostic case.
  fargateShop: (app, name) => {
    const stack = new Stack(app, name, { env: { region: 'us-east-1' } });
    const shop = new FargateShop(stack, 'Shop', {
      storefront: { image: ShopImage.fromRegistry('ghcr.io/acme/storefront:1.0.0') },
      backend: { image: ShopImage.fromRegistry('ghcr.io/acme/medusa:1.0.0') },
      services: [
        {
          name: 'products',
          image: ShopImage.fromRegistry('ghcr.io/acme/products:1.0.0'),
          port: 8000,
          pathPatterns: ['/products', '/products/*'],
        },
      ],
    });
    if (shop.service('products').serviceName === undefined) throw new Error('expected the products service');
    return stack;
  },

  // The production shape (issue 11): HIGHLY_AVAILABLE in eu-west-1 with the edge (so a us-east-1
  // stack beside it holds CloudFront's certificate and web ACL), blue/green deployments, the
  // migrations before traffic, tracing and a worker. The zone is imported by id: no lookup.
  fargateShopProduction: (app, name) => {
    const stack = new Stack(app, name, { env: { region: 'eu-west-1' } });
    const shop = new FargateShop(stack, 'Shop', {
      preset: FargateShopPreset.HIGHLY_AVAILABLE,
      storefront: { image: ShopImage.fromRegistry('ghcr.io/acme/storefront:1.0.0') },
      backend: { image: ShopImage.fromRegistry('ghcr.io/acme/medusa:1.0.0') },
      worker: {},
      domainName: 'shop.example.com',
      hostedZone: route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', {
        hostedZoneId: 'Z0123456789EXAMPLE',
        zoneName: 'example.com',
      }),
      edge: true,
      deploymentStrategy: ShopDeploymentStrategy.blueGreen({ bakeTime: Duration.minutes(15) }),
      migration: { enabled: true },
      tracing: { enabled: true },
    });
    if (!shop.edge || !shop.migration) throw new Error('expected the edge and the migration');
    // issue 12: one line of observability, one threshold overridden
    const observability = new ShopObservability(stack, 'Observability', {
      shop,
      alarmEmail: 'ops@example.com',
      alarmOverrides: [{ kind: ShopAlarmKind.TARGET_RESPONSE_TIME_P99, threshold: 2 }],
    });
    if (observability.alarmsOf(ShopAlarmKind.TARGET_RESPONSE_TIME_P99).length === 0) {
      throw new Error('expected response-time alarms');
    }
    return stack;
  },

  // The building blocks composed as README documents: a container command that builds
  // DATABASE_URL and REDIS_URL from the URL templates and the secrets ECS injects. The newest
  // aws-cdk-lib's strict validation rejects `${VAR}` text outside Fn::Sub (E1029); the templates
  // use `$VAR`. BRACES=1 rewrites them to the brace form, which consumers.sh expects to fail synth.
  composition: (app, name) => {
    const stack = new Stack(app, name);
    const network = new ShopNetwork(stack, 'Network', { natType: NatType.INSTANCE });
    const database = new ShopDatabase(stack, 'Database', { vpc: network.vpc });
    const cache = new ShopCache(stack, 'Cache', { vpc: network.vpc });
    const braces = (url: string) => (process.env.BRACES === '1' ? url.replace(/\$([A-Z_]+)/g, '${$1}') : url);
    const taskDefinition = new ecs.FargateTaskDefinition(stack, 'Backend', { cpu: 512, memoryLimitMiB: 1024 });
    taskDefinition.addContainer('medusa', {
      image: ecs.ContainerImage.fromRegistry('ghcr.io/acme/medusa:1.0.0'),
      secrets: { ...database.containerSecrets(), ...cache.containerSecrets() },
      entryPoint: ['sh', '-c'],
      command: [
        `DATABASE_URL="${braces(database.databaseUrlTemplate())}" ` +
          `REDIS_URL="${braces(cache.redisUrlTemplate())}" exec npx medusa start`,
      ],
      logging: ecs.LogDrivers.awsLogs({ streamPrefix: 'medusa' }),
    });
    // The backend's tasks would run in this group: the database and cache admit it on their ports.
    const backendGroup = new ec2.SecurityGroup(stack, 'BackendTasks', { vpc: network.vpc });
    database.allowFrom(backendGroup);
    cache.allowFrom(backendGroup);
    return stack;
  },

  // issue 13: a ServerlessShop in the shape of examples/serverless-shop.ts (so its cost is the
  // example's), with inline code and the static build scripts/consumers.sh copies beside this file.
  serverlessShop: (app, name) => {
    const stack = new Stack(app, name);
    const code = lambda.Code.fromInline("exports.handler = async () => ({ statusCode: 200, body: '[]' });");
    const shop = new ServerlessShop(stack, 'Shop', {
      storefront: { directory: path.join(__dirname, 'serverless', 'storefront') },
      routes: [
        { route: 'GET /api/products', code, tables: [{ table: 'catalog', access: TableAccess.of('dynamodb:Query') }] },
        { route: 'GET /api/products/{id}', code, tables: [{ table: 'catalog', access: TableAccess.of('dynamodb:GetItem') }] },
        {
          route: 'POST /api/orders',
          code,
          protected: true,
          tables: [
            { table: 'catalog', access: TableAccess.of('dynamodb:BatchGetItem') },
            { table: 'orders', access: TableAccess.of('dynamodb:PutItem') },
          ],
        },
      ],
      tables: [{ name: 'catalog' }, { name: 'orders' }],
      alarmEmail: 'ops@example.com',
    });
    if (shop.api.functions.length !== 3 || !shop.api.httpApi) throw new Error('expected an HTTP API of 3 functions');
    return stack;
  },
};
