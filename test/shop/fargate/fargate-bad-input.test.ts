import { Duration, Token } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as sns from 'aws-cdk-lib/aws-sns';
import { BadInput, build, expectRejected, extra, PropsFor, withService, zone } from './bad-input-helpers';
import { BASIC, MEDUSA, STOREFRONT } from './fargate-fixtures';
import {
  CachePreset,
  DatabasePreset,
  FargateShop,
  FargateShopProps,
  NatType,
  NetworkProfile,
} from '../../../src';

/** Shop-wide props: which parts, the domain, alarms, network, the data tier. */
const CASES: BadInput[] = [
  // which parts
  ['nothing to run', {}, 'storefront', /neither storefront, backend nor services/],
  [
    'worker without backend',
    { storefront: { image: STOREFRONT }, worker: {} },
    'worker',
    /no backend is given/,
  ],
  [
    'backendService without backend',
    { storefront: { image: STOREFRONT }, backendService: {} },
    'backendService',
    /no backend/,
  ],
  ['workerService without worker', { ...BASIC, workerService: {} }, 'workerService', /no worker/],
  [
    'storefrontService without storefront',
    { backend: { image: MEDUSA }, storefrontService: {} },
    'storefrontService',
    /no storefront/,
  ],
  // domain
  [
    'domain outside the zone',
    (s) => ({ ...BASIC, domainName: 'shop.example.org', hostedZone: zone(s) }),
    'domainName',
    /not in the hosted zone 'example.com'/,
  ],
  [
    'domain with upper case',
    (s) => ({ ...BASIC, domainName: 'Shop.example.com', hostedZone: zone(s) }),
    'domainName',
    /not a lower-case domain name/,
  ],
  [
    'domain as a token',
    (s) => ({ ...BASIC, domainName: Token.asString({ Ref: 'Domain' }), hostedZone: zone(s) }),
    'domainName',
    /is a token/,
  ],
  [
    'domain without zone or certificate',
    { ...BASIC, domainName: 'shop.example.com' },
    'domainName',
    /neither hostedZone .* nor certificate/,
  ],
  [
    'zone without domain',
    (s) => ({ ...BASIC, hostedZone: zone(s) }),
    'hostedZone',
    /domainName, which is not given/,
  ],
  [
    'certificate without domain',
    (s) => ({
      ...BASIC,
      certificate: acm.Certificate.fromCertificateArn(s, 'C', 'arn:aws:acm:us-east-1:1:certificate/x'),
    }),
    'certificate',
    /domainName over HTTPS, which is not given/,
  ],
  // alarms
  ['alarmEmail not an address', { ...BASIC, alarmEmail: 'ops' }, 'alarmEmail', /not an e-mail address/],
  [
    'alarmEmail with alarmTopic',
    (s) => ({ ...BASIC, alarmEmail: 'ops@example.com', alarmTopic: new sns.Topic(s, 'T') }),
    'alarmEmail',
    /alarmTopic is given/,
  ],
  // network
  [
    'networkProfile with vpc',
    (s) => ({ ...BASIC, vpc: new ec2.Vpc(s, 'V'), networkProfile: NetworkProfile.TWO_AZ_SINGLE_NAT }),
    'networkProfile',
    /vpc is given/,
  ],
  [
    'natType with vpc',
    (s) => ({ ...BASIC, vpc: new ec2.Vpc(s, 'V'), natType: NatType.GATEWAY }),
    'natType',
    /vpc is given/,
  ],
  ['dualStack on a network without IPv6', { ...BASIC, dualStack: true }, 'dualStack', /IPv6/],
  [
    'vpc without private subnets',
    (s) => ({
      ...BASIC,
      vpc: new ec2.Vpc(s, 'V', {
        subnetConfiguration: [{ name: 'public', subnetType: ec2.SubnetType.PUBLIC }],
      }),
    }),
    'vpc',
    /no private subnets with egress/,
  ],
  // data tier
  [
    'databasePreset with databaseEnabled false',
    { ...BASIC, databaseEnabled: false, databasePreset: DatabasePreset.DEVELOPMENT },
    'databasePreset',
    /databaseEnabled is false/,
  ],
  [
    'cachePreset with cacheEnabled false',
    { ...BASIC, cacheEnabled: false, cachePreset: CachePreset.DEVELOPMENT },
    'cachePreset',
    /cacheEnabled is false/,
  ],
  [
    'service database without a database',
    { ...withService({ database: true, command: ['x'] }), databaseEnabled: false },
    'services[0].database',
    /no database/,
  ],
  [
    'service cache with the cache turned off',
    {
      storefront: { image: STOREFRONT },
      cacheEnabled: false,
      services: [extra({ cache: true, command: ['x'] })],
    },
    'services[0].cache',
    /no cache/,
  ],
  [
    'service database without a command',
    withService({ database: true }),
    'services[0].command',
    /image's command is lost/,
  ],
];

describe('FargateShop rejects bad shop-wide input naming the construct and the prop', () => {
  expectRejected(CASES);
});

describe('FargateShop accepts near-edge good input', () => {
  test.each<[string, FargateShopProps | PropsFor]>([
    ['domain at the zone apex', (s) => ({ ...BASIC, domainName: 'example.com', hostedZone: zone(s) })],
    [
      'zone name with a trailing dot',
      (s) => ({ ...BASIC, domainName: 'shop.example.com', hostedZone: zone(s, 'example.com.') }),
    ],
    ['smallest Fargate size', { ...BASIC, storefrontService: { cpu: 256, memoryLimitMiB: 512 } }],
    ['largest 4 vCPU memory', { ...BASIC, backendService: { cpu: 4096, memoryLimitMiB: 30720 } }],
    ['16 vCPU at 120 GB', { ...BASIC, backendService: { cpu: 16384, memoryLimitMiB: 122880 } }],
    ['service name of 32 characters with dashes', withService({ name: 'p' + '-a'.repeat(15) + 'b' })],
    [
      'port 1 and port 65535',
      {
        ...BASIC,
        services: [
          extra({ port: 1 }),
          extra({ name: 'orders', port: 65535, public: false, pathPatterns: undefined }),
        ],
      },
    ],
    [
      'min = max = desired = 0 tasks besides 1 max',
      { ...BASIC, storefrontService: { minCapacity: 0, desiredCount: 0, maxCapacity: 1 } },
    ],
    ['user name with group', { ...BASIC, backendService: { user: 'node:node' } }],
    ['UID 1001', { ...BASIC, storefrontService: { user: '1001' } }],
    ['no scratch directories', { ...BASIC, storefrontService: { scratchDirectories: [] } }],
    ['grace period of zero', { ...BASIC, backendService: { healthCheckGracePeriod: Duration.seconds(0) } }],
    ['host headers only', withService({ pathPatterns: undefined, hostHeaders: ['api.example.com'] })],
    [
      'private service with database and command',
      withService({ public: false, pathPatterns: undefined, database: true, command: ['python', 'app.py'] }),
    ],
    ['storefront only', { storefront: { image: STOREFRONT } }],
  ])('%s', (_label, props) => {
    expect(build(props)).toBeInstanceOf(FargateShop);
  });
});
