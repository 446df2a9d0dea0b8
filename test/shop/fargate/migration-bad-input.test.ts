import { Duration, Token } from 'aws-cdk-lib';
import { BadInput, expectRejected } from './bad-input-helpers';
import { BASIC, STOREFRONT } from './fargate-fixtures';
import { ShopCapacity } from '../../../src';

/** The `migration` props: each bad value is refused at synth time, naming the prop. */
const CASES: BadInput[] = [
  [
    'enabled without a backend',
    { storefront: { image: STOREFRONT }, migration: { enabled: true } },
    'migration.enabled',
    /runs the backend image, but no backend is given/,
  ],
  [
    'enabled without a database',
    { ...BASIC, databaseEnabled: false, migration: { enabled: true } },
    'migration.enabled',
    /no database to migrate/,
  ],
  [
    'a command without a backend',
    { storefront: { image: STOREFRONT }, migration: { command: ['npx', 'medusa', 'db:migrate'] } },
    'migration.command',
    /no backend to migrate for/,
  ],
  [
    'a timeout with migrations off',
    { ...BASIC, migration: { enabled: false, timeout: Duration.minutes(5) } },
    'migration.timeout',
    /migrations are off/,
  ],
  ['an empty command', { ...BASIC, migration: { command: [] } }, 'migration.command', /is empty/],
  [
    'an empty word',
    { ...BASIC, migration: { command: ['npx', ' ', 'db:migrate'] } },
    'migration.command',
    /empty word/,
  ],
  [
    'a token in the command',
    { ...BASIC, migration: { command: ['npx', Token.asString({ Ref: 'Command' })] } },
    'migration.command[1]',
    /is a token/,
  ],
  [
    'a timeout under a minute',
    { ...BASIC, migration: { timeout: Duration.seconds(30) } },
    'migration.timeout',
    /30 seconds is outside 1 to 50 minutes/,
  ],
  [
    'a timeout over 50 minutes',
    { ...BASIC, migration: { timeout: Duration.hours(2) } },
    'migration.timeout',
    /2 hours is outside 1 to 50 minutes.*at most an hour/,
  ],
  [
    'a timeout in part seconds',
    { ...BASIC, migration: { timeout: Duration.millis(90_500) } },
    'migration.timeout',
    /90.5 s is not a whole number of seconds/,
  ],
  [
    'a timeout that is a token',
    { ...BASIC, migration: { timeout: Duration.minutes(Token.asNumber({ Ref: 'Minutes' })) } },
    'migration.timeout',
    /is a token/,
  ],
  [
    'an enabled flag that is a token',
    { ...BASIC, migration: { enabled: Token.asAny({ Ref: 'On' }) as any } },
    'migration.enabled',
    /is a token/,
  ],
  [
    'a cpu Fargate has not',
    { ...BASIC, migration: { cpu: 300 } },
    'migration.cpu',
    /no task size of 300 vCPU units/,
  ],
  [
    'a memory the cpu does not take',
    { ...BASIC, migration: { cpu: 512, memoryLimitMiB: 512 } },
    'migration.memoryLimitMiB',
    /Fargate does not offer 512 MiB with 512 vCPU units/,
  ],
  [
    'a cpu that is a token',
    { ...BASIC, migration: { cpu: Token.asNumber({ Ref: 'Cpu' }) } },
    'migration.cpu',
    /is a token/,
  ],
  [
    "the backend's EC2 task size is no Fargate size (the migration runs on Fargate)",
    { ...BASIC, backendService: { capacity: ShopCapacity.autoScalingGroup(), cpu: 1000 } },
    'backendService.cpu',
    /runs on Fargate, which has no task size of 1000 vCPU units.*Give migration\.cpu/,
  ],
];

describe('FargateShop migration bad input', () => {
  expectRejected(CASES);
});
