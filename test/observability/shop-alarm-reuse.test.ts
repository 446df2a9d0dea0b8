import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as sns from 'aws-cdk-lib/aws-sns';
import {
  FargateShop,
  ShopAlarmKind,
  ShopDeploymentStrategy,
  ShopImage,
  ShopObservability,
  ShopQueue,
  SingleHostShop,
} from '../../src';

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

describe('SingleHostShop with a ShopObservability', () => {
  const stack = new Stack(new App(), 'Stack', { env: { region: 'eu-west-1', account: '111122223333' } });
  const shop = new SingleHostShop(stack, 'Shop', {
    storefront: { image: ShopImage.fromRegistry('ghcr.io/acme/storefront:1.0.0') },
    backend: { image: ShopImage.fromRegistry('ghcr.io/acme/medusa:1.0.0') },
  });
  const observability = new ShopObservability(stack, 'Observability', { shop, uptime: { enabled: false } });
  const template = Template.fromStack(stack);

  test("the host's four alarms come from the catalog and are used, not defined again", () => {
    const kinds: [ShopAlarmKind, string][] = [
      [ShopAlarmKind.HOST_INSTANCE_STATUS_CHECK, 'StatusCheckFailed_Instance'],
      [ShopAlarmKind.HOST_MEMORY, 'mem_used_percent'],
      [ShopAlarmKind.HOST_DATA_DISK, 'disk_used_percent'],
      [ShopAlarmKind.HOST_BACKUP, 'BackupSucceeded'],
    ];
    for (const [kind, metricName] of kinds) {
      const alarms = observability.alarmsOf(kind);
      expect(alarms).toHaveLength(1);
      expect(shop.alarms).toContain(alarms[0]);
      expect(
        Object.keys(
          template.findResources('AWS::CloudWatch::Alarm', { Properties: { MetricName: metricName } }),
        ),
      ).toHaveLength(1);
    }
    expect(shop.alarms).toHaveLength(4);
  });

  test('the reboot action stays on the status check alarm; every host alarm notifies on ALARM and OK', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'StatusCheckFailed_Instance',
      AlarmActions: Match.arrayWith([Match.objectLike({ 'Fn::Join': Match.anyValue() })]),
    });
    const reboot = template.findResources('AWS::CloudWatch::Alarm', {
      Properties: { MetricName: 'StatusCheckFailed_Instance' },
    });
    expect(JSON.stringify(reboot)).toContain(':ec2:reboot');
    for (const alarm of shop.alarms) {
      const props = alarm.node.defaultChild as cloudwatch.CfnAlarm;
      expect(stack.resolve(props.okActions)).toHaveLength(1);
    }
  });

  test('the data disk alarm watches the data volume by path and file system, the backup by shop', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'disk_used_percent',
      Dimensions: Match.arrayWith([
        { Name: 'fstype', Value: 'xfs' },
        { Name: 'path', Value: '/data' },
      ]),
      Threshold: 85,
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'BackupSucceeded',
      Dimensions: [{ Name: 'Shop', Value: Match.anyValue() }],
      EvaluationPeriods: 26,
      TreatMissingData: 'breaching',
    });
  });
});

describe('FargateShop with a ShopObservability', () => {
  const images = {
    storefront: { image: ShopImage.fromRegistry('ghcr.io/acme/storefront:1.0.0') },
    backend: { image: ShopImage.fromRegistry('ghcr.io/acme/medusa:1.0.0') },
  };
  test.each<[string, ShopDeploymentStrategy | undefined]>([
    ['rolling', undefined],
    ['blue/green', ShopDeploymentStrategy.blueGreen()],
  ])('%s: the deployment alarms are the catalog target alarms, none defined twice', (_name, strategy) => {
    const stack = new Stack(new App(), 'Stack', { env: { region: 'eu-west-1', account: '111122223333' } });
    const shop = new FargateShop(stack, 'Shop', { ...images, deploymentStrategy: strategy });
    const observability = new ShopObservability(stack, 'Observability', { shop, uptime: { enabled: false } });
    const template = Template.fromStack(stack);
    const deployment = Object.keys(template.findResources('AWS::CloudWatch::Alarm')).filter((id) =>
      /Target5xxRate|UnhealthyHosts/.test(id),
    );
    expect(deployment.length).toBeGreaterThanOrEqual(4);
    const ids = (kind: ShopAlarmKind) =>
      observability
        .alarmsOf(kind)
        .map((a) => stack.resolve((a.node.defaultChild as cloudwatch.CfnAlarm).logicalId));
    const reused = [...ids(ShopAlarmKind.TARGET_5XX_RATE), ...ids(ShopAlarmKind.TARGET_UNHEALTHY_HOSTS)];
    expect(new Set(reused)).toEqual(new Set(deployment));
    expect(reused).toHaveLength(new Set(reused).size);
    // no alarm of the observability watches a target group's 5XX or unhealthy hosts itself
    const own = Object.entries<any>(template.findResources('AWS::CloudWatch::Alarm')).filter(
      ([id, r]) =>
        id.startsWith('Observability') &&
        /HTTPCode_Target_5XX_Count|UnHealthyHostCount/.test(JSON.stringify(r)),
    );
    expect(own.map(([id]) => id)).toEqual([]);
  });
});
