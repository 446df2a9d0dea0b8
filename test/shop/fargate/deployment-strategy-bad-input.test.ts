import { Duration, Token } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { BadInput, expectRejected, extra } from './bad-input-helpers';
import { BASIC } from './fargate-fixtures';
import { FargateShopProps, ShopDeploymentStrategy as S } from '../../../src';

/*
 * Every range of ShopDeploymentStrategy is checked at synth time, naming the prop it came from:
 * the shop's `deploymentStrategy` or a service's `<settings>.deploymentStrategy`.
 */

const shop = (strategy: S): FargateShopProps => ({ ...BASIC, deploymentStrategy: strategy });
const backendOwn = (strategy: S): FargateShopProps => ({
  ...BASIC,
  backendService: { deploymentStrategy: strategy },
});
const smokeTest = (stack: any) =>
  lambda.Function.fromFunctionArn(stack, 'Smoke', 'arn:aws:lambda:us-east-1:111111111111:function:smoke');

const cases: BadInput[] = [
  [
    'canary below 0.1 %',
    shop(S.canary({ percent: 0.05 })),
    'deploymentStrategy.percent',
    /is 0\.05; ECS accepts 0\.1 to 100 %/,
  ],
  [
    'canary above 100 %',
    shop(S.canary({ percent: 100.5 })),
    'deploymentStrategy.percent',
    /is 100\.5; ECS accepts 0\.1 to 100 %/,
  ],
  [
    'canary not a multiple of 0.1',
    shop(S.canary({ percent: 2.55 })),
    'deploymentStrategy.percent',
    /multiples of 0\.1/,
  ],
  ['canary NaN', shop(S.canary({ percent: NaN })), 'deploymentStrategy.percent', /is NaN/],
  [
    'canary a token',
    shop(S.canary({ percent: Token.asNumber({ Ref: 'P' }) })),
    'deploymentStrategy.percent',
    /is a token/,
  ],
  [
    'linear step below 3 %',
    shop(S.linear({ stepPercent: 2.9 })),
    'deploymentStrategy.stepPercent',
    /is 2\.9; ECS accepts 3 to 100 %/,
  ],
  [
    'linear step above 100 %',
    backendOwn(S.linear({ stepPercent: 120 })),
    'backendService.deploymentStrategy.stepPercent',
    /is 120/,
  ],
  [
    'bake time over 1440 minutes',
    shop(S.blueGreen({ bakeTime: Duration.minutes(1441) })),
    'deploymentStrategy.bakeTime',
    /whole minutes from 0 to 1440/,
  ],
  [
    'bake time not whole minutes',
    shop(S.blueGreen({ bakeTime: Duration.seconds(90) })),
    'deploymentStrategy.bakeTime',
    /is 1 minute 30 seconds; ECS accepts whole minutes/,
  ],
  [
    'canary interval over 1440 minutes',
    shop(S.canary({ percent: 5, interval: Duration.hours(25) })),
    'deploymentStrategy.interval',
    /0 to 1440/,
  ],
  [
    'linear interval a token',
    shop(S.linear({ stepPercent: 10, interval: Duration.minutes(Token.asNumber({ Ref: 'M' })) })),
    'deploymentStrategy.interval',
    /is a token/,
  ],
  // 34 steps of 3 % x 60 minutes + 10 minutes bake = 2050 minutes
  [
    'linear total over 33 hours',
    shop(S.linear({ stepPercent: 3, interval: Duration.minutes(60) })),
    'deploymentStrategy',
    /up to 2050 minutes.*under 1980 minutes \(33 h\)/,
  ],
  // 1440 + 600 = 2040 minutes
  [
    'canary total over 33 hours',
    shop(S.canary({ percent: 1, interval: Duration.minutes(1440), bakeTime: Duration.minutes(600) })),
    'deploymentStrategy',
    /up to 2040 minutes/,
  ],
  [
    'blue/green on the worker',
    { ...BASIC, worker: {}, workerService: { deploymentStrategy: S.blueGreen() } },
    'workerService.deploymentStrategy',
    /service 'worker' has no load balancer/,
  ],
  [
    'blue/green on a private service',
    { ...BASIC, services: [extra({ pathPatterns: [], public: false, deploymentStrategy: S.blueGreen() })] },
    'services[0].deploymentStrategy',
    /service 'products' has no load balancer/,
  ],
  [
    'requests-per-target scaling with blue/green',
    {
      ...BASIC,
      deploymentStrategy: S.blueGreen(),
      backendService: { scaling: { requestsPerTargetPerMinute: 500 } },
    },
    'backendService.scaling.requestsPerTargetPerMinute',
    /requests per target of one group would scale it in/,
  ],
  [
    'a smoke-test stage without a smoke test',
    shop(S.blueGreen({ smokeTestStage: ecs.DeploymentLifecycleStage.POST_SCALE_UP })),
    'deploymentStrategy.smokeTestStage',
    /without a smokeTest/,
  ],
  [
    'a test-traffic stage without the test listener',
    (stack) => shop(S.blueGreen({ smokeTest: smokeTest(stack) })),
    'deploymentStrategy.smokeTestStage',
    /POST_TEST_TRAFFIC_SHIFT is a stage of test traffic/,
  ],
  [
    'a blue/green service that needs more than five rules',
    {
      ...BASIC,
      services: [
        extra({
          deploymentStrategy: S.blueGreen(),
          pathPatterns: Array.from({ length: 26 }, (_, i) => `/p${i}/*`),
        }),
      ],
    },
    'services[0].pathPatterns',
    /needs 6 listener rules.*at most 5/,
  ],
];

describe('ShopDeploymentStrategy bad input', () => {
  expectRejected(cases);
});
