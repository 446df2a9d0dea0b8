import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type { SingleHostShop } from './single-host-shop';
import { METRIC_NAMESPACE } from '../../private/shop-defaults';

/** A new TLS-only alarm topic, with `email` subscribed. */
export function newAlarmTopic(shop: SingleHostShop, email?: string): sns.Topic {
  const topic = new sns.Topic(shop, 'AlarmTopic', { enforceSSL: true });
  if (email) topic.addSubscription(new subscriptions.EmailSubscription(email));
  return topic;
}

/** The alarms of a host, each notifying the shop's topic. */
export interface HostAlarms {
  readonly reboot: cloudwatch.Alarm;
  readonly backup: cloudwatch.Alarm;
  readonly memory: cloudwatch.Alarm;
  readonly dataDisk: cloudwatch.Alarm;
}

/**
 * Every alarm of the host: the instance status check (reboots), the daily backup, memory and the
 * data volume. No alarm on the system status check: EC2's simplified automatic recovery moves the
 * instance to healthy hardware, and an alarm with a recover action would switch it off
 * (`hostRecoveryRule` reports its outcome).
 */
export function createHostAlarms(shop: SingleHostShop, shopName: string): HostAlarms {
  const reboot = statusCheckAlarm(shop, 'RebootAlarm', 'StatusCheckFailed_Instance', [
    new cwActions.Ec2Action(cwActions.Ec2InstanceAction.REBOOT),
  ]);
  const backup = notify(
    shop,
    new cloudwatch.Alarm(shop, 'BackupAlarm', {
      alarmDescription: `No database backup of ${shopName} succeeded in 26 hours`,
      metric: new cloudwatch.Metric({
        namespace: METRIC_NAMESPACE,
        metricName: 'BackupSucceeded',
        dimensionsMap: { Shop: shopName },
        statistic: 'Sum',
        period: Duration.hours(1),
      }),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      evaluationPeriods: 26,
      datapointsToAlarm: 26,
      treatMissingData: cloudwatch.TreatMissingData.BREACHING,
    }),
  );
  const memory = hostAlarm(
    shop,
    'MemoryAlarm',
    shop.metricMemoryUtilization(),
    90,
    'Memory above 90% for 15 minutes',
  );
  const dataDisk = hostAlarm(
    shop,
    'DataDiskAlarm',
    hostMetric(shop, 'disk_used_percent', { path: '/data', fstype: 'xfs' }),
    85,
    'Data volume above 85% full',
  );
  return { reboot, backup, memory, dataDisk };
}

/** A metric the CloudWatch agent publishes for the host: 5-minute averages. */
export function hostMetric(
  shop: SingleHostShop,
  metricName: string,
  dimensions: { [name: string]: string },
  props?: cloudwatch.MetricOptions,
): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: METRIC_NAMESPACE,
    metricName,
    dimensionsMap: { InstanceId: shop.instance.instanceId, ...dimensions },
    statistic: 'Average',
    period: Duration.minutes(5),
    ...props,
  });
}

/** An alarm on an EC2 status check of the host, with its EC2 action and the topic. */
function statusCheckAlarm(
  shop: SingleHostShop,
  id: string,
  metricName: string,
  actions: cloudwatch.IAlarmAction[],
): cloudwatch.Alarm {
  const alarm = new cloudwatch.Alarm(shop, id, {
    alarmDescription: `${metricName} on the shop host`,
    metric: new cloudwatch.Metric({
      namespace: 'AWS/EC2',
      metricName,
      dimensionsMap: { InstanceId: shop.instance.instanceId },
      statistic: 'Maximum',
      period: Duration.minutes(1),
    }),
    threshold: 1,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    evaluationPeriods: 3,
  });
  alarm.addAlarmAction(...actions);
  return notify(shop, alarm);
}

/** An alarm above a threshold of a host metric, to the topic. */
function hostAlarm(
  shop: SingleHostShop,
  id: string,
  metric: cloudwatch.Metric,
  threshold: number,
  description: string,
): cloudwatch.Alarm {
  return notify(
    shop,
    new cloudwatch.Alarm(shop, id, {
      alarmDescription: description,
      metric,
      threshold,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 3,
    }),
  );
}

function notify(shop: SingleHostShop, alarm: cloudwatch.Alarm): cloudwatch.Alarm {
  alarm.addAlarmAction(new cwActions.SnsAction(shop.alarmTopic));
  return alarm;
}

/** The AWS Health event codes of simplified automatic recovery, success and failure. */
export const AUTO_RECOVERY_EVENT_CODES = [
  'AWS_EC2_SIMPLIFIED_AUTO_RECOVERY_SUCCESS',
  'AWS_EC2_SIMPLIFIED_AUTO_RECOVERY_FAILURE',
];

/**
 * Notifies the alarm topic when EC2 recovered the host onto other hardware, or failed to.
 *
 * Simplified automatic recovery is on by default for supported instance types (t4g among them)
 * that run with default or dedicated tenancy on EBS only, as the host does; EC2 sends these AWS
 * Health events with the outcome. Rules on AWS service events cost nothing.
 * @see https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/instance-configuration-recovery.html
 */
export function hostRecoveryRule(shop: SingleHostShop): events.Rule {
  const rule = new events.Rule(shop, 'RecoveryEventRule', {
    description: 'EC2 simplified automatic recovery of the shop host: success or failure',
    eventPattern: {
      source: ['aws.health'],
      detailType: ['AWS Health Event'],
      resources: [shop.instance.instanceId],
      detail: { service: ['EC2'], eventTypeCode: AUTO_RECOVERY_EVENT_CODES },
    },
  });
  // On a topic the shop owns this also lets events.amazonaws.com publish to it.
  rule.addTarget(new targets.SnsTopic(shop.alarmTopic));
  return rule;
}
