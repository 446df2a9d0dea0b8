import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, CfnResource, Duration, Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { alarmTopic, US_EAST_1, workerService } from './fixtures';
import { ShopQueue } from '../../src/queue';
import { guardAcknowledgements, guardFindings } from '../helpers/guard';
import { acknowledgements, expectNagClean } from '../helpers/nag';

function everything(app: App, name: string, withKey: boolean): ShopQueue {
  const stack = new Stack(app, name, US_EAST_1);
  const key = withKey ? new kms.Key(stack, 'Key', { enableKeyRotation: true }) : undefined;
  const queue = new ShopQueue(stack, 'Jobs', {
    expectedProcessingTime: Duration.seconds(20),
    alarmTopic: alarmTopic(stack),
    encryptionKey: key,
    maxReceiveCount: 3,
    maxMessageAge: Duration.minutes(30),
  });
  queue.scaleOnBacklogPerTask(workerService(stack), { targetBacklogPerTask: 100, maxCapacity: 20 });
  return queue;
}

/** Logical ids of the CloudFormation resources under a construct. */
function logicalIds(scope: ShopQueue): string[] {
  const stack = Stack.of(scope);
  return scope.node
    .findAll()
    .filter(CfnResource.isCfnResource)
    .map((r) => stack.resolve(r.logicalId));
}

describe('ShopQueue passes cdk-nag and cfn-guard', () => {
  test('AwsSolutions and NIST 800-53 R5: defaults, and with a key and backlog scaling', () => {
    const app = new App();
    const plain = new ShopQueue(new Stack(app, 'Defaults'), 'Jobs', {
      expectedProcessingTime: Duration.seconds(20),
      alarmTopic: alarmTopic(Stack.of(app.node.findChild('Defaults'))),
    });
    const full = everything(app, 'Everything', true);
    expectNagClean(plain);
    expectNagClean(full);
    // the only acknowledgement, on the dead-letter queue, with its reason
    expect(acknowledgements(full).map((a) => [a.rule, a.path])).toEqual([
      ['guard:sqs_dlq_check', 'Everything/Jobs/DeadLetterQueue'],
    ]);
  });

  test('cfn-guard with the Control Tower proactive rules: nothing on the queue, its policies, alarms or scaling', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-shop-queue-'));
    try {
      const app = new App({ outdir });
      const queues = [everything(app, 'SseSqs', false), everything(app, 'Kms', true)];
      for (const queue of queues) {
        const ours = new Set(logicalIds(queue));
        expect(ours.size).toBeGreaterThanOrEqual(6); // 2 queues, 2 queue policies, 2 alarms, the scaling policy
        const findings = guardFindings(app, Stack.of(queue).stackName)
          .map((f) => ({ rule: f.rule, resources: f.resources.filter((id) => ours.has(id)) }))
          .filter((f) => f.resources.length > 0);
        expect(findings).toEqual([]);
      }
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });

  test('the guard run is live: a queue without a dead-letter queue is flagged, ours carries the one acknowledgement', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-shop-queue-'));
    try {
      const app = new App({ outdir });
      const queue = everything(app, 'Live', false);
      const stack = Stack.of(queue);
      const plain = new sqs.Queue(stack, 'Plain', {
        encryption: sqs.QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
      });
      const plainId = stack.resolve((plain.node.defaultChild as CfnResource).logicalId);
      const flagged = guardFindings(app, 'Live').filter((f) => f.resources.includes(plainId));
      expect(flagged.map((f) => f.rule)).toEqual(['sqs_dlq_check']);
      expect(guardAcknowledgements(queue.deadLetterQueue)).toEqual(['sqs_dlq_check']);
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });
});
