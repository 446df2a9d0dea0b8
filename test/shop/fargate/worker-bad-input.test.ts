import { Duration, RemovalPolicy, Token } from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as sns from 'aws-cdk-lib/aws-sns';
import { BadInput, expectRejected } from './bad-input-helpers';
import { BASIC, PRODUCTS } from './fargate-fixtures';
import { FargateShopPreset, ShopQueue } from '../../../src';

const WORKER = { ...BASIC, worker: {} };
const HA = { ...WORKER, preset: FargateShopPreset.HIGHLY_AVAILABLE };

describe('FargateShop worker queue: bad input', () => {
  expectRejected(<BadInput[]>[
    ['a queue without a worker', { ...BASIC, workerQueue: {} }, 'workerQueue', /the shop has no worker/],
    [
      'a shaping field with enabled: false',
      { ...WORKER, workerQueue: { enabled: false, maxReceiveCount: 3 } },
      'workerQueue.maxReceiveCount',
      /workerQueue.enabled is false/,
    ],
    [
      'a queue of yours and a shaping field',
      (stack) => ({
        ...WORKER,
        workerQueue: {
          queue: new ShopQueue(stack, 'Jobs', {
            expectedProcessingTime: Duration.seconds(5),
            alarmTopic: new sns.Topic(stack, 'Topic'),
          }),
          expectedProcessingTime: Duration.seconds(10),
        },
      }),
      'workerQueue.expectedProcessingTime',
      /workerQueue.queue is given/,
    ],
    [
      'an expected processing time over SQS 12 hours',
      { ...WORKER, workerQueue: { expectedProcessingTime: Duration.hours(13) } },
      'workerQueue.expectedProcessingTime',
      /longer than SQS's longest visibility timeout/,
    ],
    [
      'a processing time of 0 seconds',
      { ...WORKER, workerQueue: { expectedProcessingTime: Duration.seconds(0) } },
      'workerQueue.expectedProcessingTime',
      /is 0 seconds/,
    ],
    [
      'maxReceiveCount 0',
      { ...WORKER, workerQueue: { maxReceiveCount: 0 } },
      'workerQueue.maxReceiveCount',
      /0 is not a whole number from 1 to 1000/,
    ],
    [
      'a retention over 14 days',
      { ...WORKER, workerQueue: { retentionPeriod: Duration.days(15) } },
      'workerQueue.retentionPeriod',
      /outside SQS's 60 seconds to 14 days/,
    ],
    [
      'an age alarm that cannot fire',
      { ...WORKER, workerQueue: { retentionPeriod: Duration.minutes(10) } },
      'workerQueue.retentionPeriod',
      /can never fire/,
    ],
    [
      'a snapshot removal policy',
      { ...WORKER, workerQueue: { removalPolicy: RemovalPolicy.SNAPSHOT } },
      'workerQueue.removalPolicy',
      /does not apply to a queue/,
    ],
    [
      'a target backlog of 0',
      { ...WORKER, workerQueue: { targetBacklogPerTask: 0 } },
      'workerQueue.targetBacklogPerTask',
      /0 is not a number above 0/,
    ],
    [
      'a target backlog that is a token',
      { ...WORKER, workerQueue: { targetBacklogPerTask: Token.asNumber({ Ref: 'Target' }) } },
      'workerQueue.targetBacklogPerTask',
      /is a token/,
    ],
    [
      'a worker floor of 0 tasks with a queue',
      { ...HA, workerService: { minCapacity: 0, maxCapacity: 4 } },
      'workerService.minCapacity',
      /cannot scale up from zero/,
    ],
    [
      'CPU tracking beside the backlog policy',
      { ...HA, workerService: { scaling: { cpuPercent: 60 } } },
      'workerService.scaling.cpuPercent',
      /would race it \(aws\/aws-cdk#20706\)/,
    ],
    [
      'memory tracking beside the backlog policy',
      { ...HA, workerService: { scaling: { memoryPercent: 60 } } },
      'workerService.scaling.memoryPercent',
      /would race it/,
    ],
    [
      'a service asking for the queue without a worker',
      { ...BASIC, services: [{ name: 'mailer', image: PRODUCTS, port: 8000, public: false, queue: true }] },
      'services[0].queue',
      /the shop has none/,
    ],
    [
      'a service asking for a disabled queue',
      {
        ...WORKER,
        workerQueue: { enabled: false },
        services: [{ name: 'mailer', image: PRODUCTS, port: 8000, public: false, queue: true }],
      },
      'services[0].queue',
      /the shop has none/,
    ],
    [
      'QUEUE_URL in the user environment',
      { ...WORKER, backend: { image: BASIC.backend!.image, environment: { QUEUE_URL: 'https://x' } } },
      'backend.environment',
      /QUEUE_URL/,
    ],
    [
      'a worker schedule name that is not one',
      {
        ...HA,
        workerService: {
          scaling: {
            schedules: [{ name: 'no spaces', schedule: appscaling.Schedule.rate(Duration.hours(1)) }],
          },
        },
      },
      'workerService.scaling.schedules[0].name',
      /is not 1 to 64 letters/,
    ],
  ]);
});
