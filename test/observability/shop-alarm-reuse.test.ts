import { App, Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { ShopAlarmKind, ShopObservability, ShopQueue } from '../../src';

/*
 * No duplicate alarms: a construct of this library that defines an alarm of a catalog kind for
 * its resource marks it, and a ShopObservability over it uses that alarm instead of a second one.
 */

describe('ShopQueue with a ShopObservability', () => {
  const stack = new Stack(new App(), 'Stack', { env: { region: 'eu-west-1', account: '111122223333' } });
  const topic = new sns.Topic(stack, 'Alarms', { enforceSSL: true });
  const queue = new ShopQueue(stack, 'Jobs', {
    expectedProcessingTime: Duration.seconds(20),
    alarmTopic: topic,
  });
  const observability = new ShopObservability(stack, 'Observability', { alarmTopic: topic });
  const template = Template.fromStack(stack);

  test("the queue's own alarms are the catalog's: the same objects, each defined once", () => {
    expect(observability.alarmsOf(ShopAlarmKind.SQS_DEAD_LETTERS)).toEqual([queue.deadLetterAlarm]);
    expect(observability.alarmsOf(ShopAlarmKind.SQS_MESSAGE_AGE)).toEqual([queue.messageAgeAlarm]);
    const onQueues = Object.values(template.findResources('AWS::CloudWatch::Alarm')).filter(
      (a: any) => a.Properties.Namespace === 'AWS/SQS',
    );
    expect(onQueues).toHaveLength(2);
  });

  test('they join the data tier composite', () => {
    const rule = JSON.stringify(stack.resolve((observability.dataAlarm!.node.defaultChild as any).alarmRule));
    for (const alarm of [queue.deadLetterAlarm, queue.messageAgeAlarm]) {
      expect(rule).toContain(stack.resolve((alarm.node.defaultChild as any).logicalId));
    }
  });
});
