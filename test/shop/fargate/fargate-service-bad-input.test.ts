import { Duration, Token } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { BadInput, expectRejected, extra, secureParameter, withService } from './bad-input-helpers';
import { BASIC, MEDUSA, STOREFRONT } from './fargate-fixtures';
import { ShopCapacity, ShopCapacityProvider, ShopImage } from '../../../src';

/** Every service's props: names, ports, images, routes, sizes, counts, settings, variables. */
const CASES: BadInput[] = [
  // service names
  [
    'service name with upper case',
    withService({ name: 'Products' }),
    'services[0].name',
    /not lower-case letters/,
  ],
  [
    'service name starting with a digit',
    withService({ name: '1products' }),
    'services[0].name',
    /not lower-case letters/,
  ],
  ['service name too long', withService({ name: 'p'.repeat(33) }), 'services[0].name', /at most 32/],
  [
    'service name reserved',
    withService({ name: 'backend' }),
    'services[0].name',
    /shop's own backend service/,
  ],
  [
    'service name twice',
    { ...BASIC, services: [extra({}), extra({ pathPatterns: ['/other/*'] })] },
    'services[1].name',
    /also the name of services\[0\]/,
  ],
  // ports and health paths
  ['extra service without a port', withService({ port: undefined }), 'services[0].port', /needs the port/],
  ['port 0', withService({ port: 0 }), 'services[0].port', /not a TCP port/],
  ['port 70000', withService({ port: 70000 }), 'services[0].port', /not a TCP port/],
  ['port 80.5', withService({ port: 80.5 }), 'services[0].port', /not a TCP port/],
  ['port as a token', withService({ port: Token.asNumber({ Ref: 'P' }) }), 'services[0].port', /is a token/],
  ['backend port 0', { ...BASIC, backend: { image: MEDUSA, port: 0 } }, 'backend.port', /not a TCP port/],
  [
    'health path without /',
    withService({ healthPath: 'health' }),
    'services[0].healthPath',
    /not a health-check path/,
  ],
  [
    'health path with a quote',
    { ...BASIC, backend: { image: MEDUSA, healthPath: "/he'alth" } },
    'backend.healthPath',
    /not a health-check path/,
  ],
  [
    'health path with a space',
    { ...BASIC, storefront: { image: STOREFRONT, healthPath: '/ ok' } },
    'storefront.healthPath',
    /not a health-check path/,
  ],
  // images
  [
    'x86 tag on ARM capacity',
    { ...BASIC, backend: { image: ShopImage.fromRegistry('ghcr.io/acme/medusa:1.0-amd64') } },
    'backend.image',
    /x86 image, but the capacity \(capacity\) is Graviton/,
  ],
  [
    'ARM tag on x86 capacity',
    {
      ...BASIC,
      storefrontService: {
        capacity: ShopCapacity.fargate({ cpuArchitecture: ecs.CpuArchitecture.X86_64 }),
      },
      storefront: { image: ShopImage.fromRegistry('ghcr.io/acme/sf:2-arm64') },
    },
    'storefront.image',
    /ARM image, but the capacity \(storefrontService.capacity\) is x86/,
  ],
  [
    'image Docker refuses',
    withService({ image: ShopImage.fromRegistry('ghcr.io/Acme/products:1') }),
    'services[0].image',
    /upper-case/,
  ],
  [
    'backend path prefix twice',
    { ...BASIC, backend: { image: MEDUSA, pathPrefixes: ['/store', '/store'] } },
    'backend.pathPrefixes',
    /listed twice/,
  ],
  // routes flag
  [
    'public without routes',
    withService({ pathPatterns: [], public: true }),
    'services[0].public',
    /needs path patterns or host headers/,
  ],
  ['routes on a private service', withService({ public: false }), 'services[0].pathPatterns', /not public/],
  [
    'hosts on a private service',
    withService({ pathPatterns: undefined, hostHeaders: ['api.example.com'], public: false }),
    'services[0].hostHeaders',
    /not public/,
  ],
  // sizes
  [
    'cpu Fargate does not offer',
    { ...BASIC, backendService: { cpu: 768 } },
    'backendService.cpu',
    /768 vCPU units is not a Fargate task size/,
  ],
  [
    'memory too small for the cpu',
    { ...BASIC, backendService: { cpu: 1024, memoryLimitMiB: 1024 } },
    'backendService.memoryLimitMiB',
    /does not offer 1024 MiB with 1024/,
  ],
  [
    'memory too large for the cpu',
    { ...BASIC, storefrontService: { cpu: 256, memoryLimitMiB: 4096 } },
    'storefrontService.memoryLimitMiB',
    /does not offer 4096 MiB with 256/,
  ],
  [
    'memory not a step',
    { ...BASIC, backendService: { cpu: 512, memoryLimitMiB: 1500 } },
    'backendService.memoryLimitMiB',
    /1024, 2048, 3072 or 4096/,
  ],
  [
    '8 vCPU with 18 GB (4 GB steps)',
    { ...BASIC, backendService: { cpu: 8192, memoryLimitMiB: 18432 } },
    'backendService.memoryLimitMiB',
    /16384 to 61440 in steps of 4096/,
  ],
  [
    'cpu as a token',
    { ...BASIC, backendService: { cpu: Token.asNumber({ Ref: 'C' }) } },
    'backendService.cpu',
    /is a token/,
  ],
  ['service cpu bad', withService({ cpu: 100 }), 'services[0].cpu', /not a Fargate task size/],
  // counts
  [
    'min above max',
    { ...BASIC, backendService: { minCapacity: 4, maxCapacity: 2 } },
    'backendService.maxCapacity',
    /below minCapacity \(4\)/,
  ],
  [
    'desired above max',
    { ...BASIC, backendService: { desiredCount: 5, maxCapacity: 3 } },
    'backendService.desiredCount',
    /outside minCapacity..maxCapacity/,
  ],
  [
    'negative min',
    { ...BASIC, storefrontService: { minCapacity: -1 } },
    'storefrontService.minCapacity',
    /not a whole number of tasks/,
  ],
  [
    'fractional max',
    { ...BASIC, storefrontService: { maxCapacity: 2.5 } },
    'storefrontService.maxCapacity',
    /not a whole number of tasks/,
  ],
  [
    'max above ECS limit',
    { ...BASIC, storefrontService: { maxCapacity: 1001 } },
    'storefrontService.maxCapacity',
    /0 to 1000/,
  ],
  [
    'max zero',
    { ...BASIC, storefrontService: { minCapacity: 0, maxCapacity: 0 } },
    'storefrontService.maxCapacity',
    /may run no task/,
  ],
  // settings
  ['root user', { ...BASIC, backendService: { user: 'root' } }, 'backendService.user', /run as root/],
  ['UID 0 with group', { ...BASIC, backendService: { user: '0:0' } }, 'backendService.user', /run as root/],
  [
    'user with a space',
    { ...BASIC, backendService: { user: 'node user' } },
    'backendService.user',
    /is not a user/,
  ],
  [
    'relative scratch directory',
    { ...BASIC, storefrontService: { scratchDirectories: ['tmp'] } },
    'storefrontService.scratchDirectories[0]',
    /not an absolute path/,
  ],
  [
    'scratch directory /',
    { ...BASIC, storefrontService: { scratchDirectories: ['/'] } },
    'storefrontService.scratchDirectories[0]',
    /not an absolute path/,
  ],
  [
    'scratch directory with ..',
    { ...BASIC, storefrontService: { scratchDirectories: ['/app/../etc'] } },
    'storefrontService.scratchDirectories[0]',
    /not an absolute path/,
  ],
  [
    'scratch directory twice',
    { ...BASIC, storefrontService: { scratchDirectories: ['/tmp', '/tmp/'] } },
    'storefrontService.scratchDirectories[1]',
    /given twice/,
  ],
  ['empty command', { ...BASIC, backendService: { command: [] } }, 'backendService.command', /empty/],
  [
    'command with an empty word',
    { ...BASIC, backendService: { command: ['node', ''] } },
    'backendService.command',
    /empty word/,
  ],
  [
    'grace period with milliseconds',
    { ...BASIC, backendService: { healthCheckGracePeriod: Duration.millis(1500) } },
    'backendService.healthCheckGracePeriod',
    /whole number of seconds/,
  ],
  [
    'grace period on the worker',
    { ...BASIC, worker: {}, workerService: { healthCheckGracePeriod: Duration.minutes(1) } },
    'workerService.healthCheckGracePeriod',
    /no load balancer health check/,
  ],
  // variables
  [
    'DATABASE_URL in plain environment',
    { ...BASIC, backend: { image: MEDUSA, environment: { DATABASE_URL: 'postgres://x' } } },
    'backend.environment',
    /DATABASE_URL is generated by the shop/,
  ],
  [
    'JWT_SECRET in worker environment',
    { ...BASIC, worker: { environment: { JWT_SECRET: 'x' } } },
    'worker.environment',
    /JWT_SECRET is generated by the shop/,
  ],
  [
    'REDIS_PASSWORD in plain environment',
    { ...BASIC, backend: { image: MEDUSA, environment: { REDIS_PASSWORD: 'x' } } },
    'backend.environment',
    /REDIS_PASSWORD is set by the shop/,
  ],
  [
    'bad variable name',
    { ...BASIC, storefront: { image: STOREFRONT, environment: { 'NEXT-URL': 'x' } } },
    'storefront.environment',
    /not an environment variable name/,
  ],
  [
    'a secret named like a shop variable',
    (s) => ({
      ...BASIC,
      backendService: { secrets: { REDIS_PASSWORD: ecs.Secret.fromSsmParameter(secureParameter(s)) } },
    }),
    'backendService.secrets',
    /REDIS_PASSWORD is set by the shop/,
  ],
  [
    'a secret also in plain environment',
    (s) => ({
      storefront: { image: STOREFRONT, environment: { STRIPE_KEY: 'x' } },
      storefrontService: { secrets: { STRIPE_KEY: ecs.Secret.fromSsmParameter(secureParameter(s)) } },
    }),
    'storefrontService.secrets',
    /STRIPE_KEY is also set in plain text/,
  ],
  // routing and capacity, through the shop (their own rules; the shop passes the props)
  [
    'path pattern claimed twice',
    { ...BASIC, services: [extra({ pathPatterns: ['/store/*'] })] },
    'services[0].pathPatterns[0]',
    /claimed by both service 'backend' and service 'products'/,
  ],
  [
    'path pattern too long',
    withService({ pathPatterns: ['/' + 'a'.repeat(130)] }),
    'services[0].pathPatterns[0]',
    /128/,
  ],
  [
    'Spot weights both zero',
    { ...BASIC, capacity: ShopCapacity.fargateSpot({ spotWeight: 0, onDemandWeight: 0 }) },
    'capacity.spotWeight',
    /weight/i,
  ],
  [
    'Fargate mixed with an Auto Scaling group',
    {
      ...BASIC,
      backendService: {
        capacity: ShopCapacity.strategy([
          { provider: ShopCapacityProvider.FARGATE, weight: 1 },
          { provider: ShopCapacityProvider.autoScalingGroup(), weight: 1 },
        ]),
      },
    },
    'backendService.capacity',
    /Fargate|Auto Scaling/,
  ],
];

describe('FargateShop rejects bad service input naming the construct and the prop', () => {
  expectRejected(CASES);
});
