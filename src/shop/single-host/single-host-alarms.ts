import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type { SingleHostShop } from './single-host-shop';
import { createCatalogAlarms } from '../../observability/catalog-alarms';
import { discoverResources } from '../../observability/discovery';
import { recordInstanceFacts } from '../../observability/discovery-compute';
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

/** The catalog kind of each host alarm, and its construct id (the ids of earlier releases). */
const HOST_ALARM_KINDS: { [kind: string]: [keyof HostAlarms, string] } = {
  'host-instance-status-check': ['reboot', 'RebootAlarm'],
  'host-backup': ['backup', 'BackupAlarm'],
  'host-memory': ['memory', 'MemoryAlarm'],
  'host-data-disk': ['dataDisk', 'DataDiskAlarm'],
};

/**
 * Every alarm of the host, from the alarm catalog (so a ShopObservability over the shop uses
 * them instead of defining its own): the instance status check (which reboots it), the daily
 * backup, memory and the data volume, notifying the topic on ALARM and OK. No alarm on the system
 * status check: EC2's simplified automatic recovery moves the instance to healthy hardware, and
 * an alarm with a recover action would switch it off (`hostRecoveryRule` reports its outcome).
 */
export function createHostAlarms(shop: SingleHostShop, shopName: string): HostAlarms {
  const instance = shop.instance.node.defaultChild as ec2.CfnInstance;
  recordInstanceFacts(instance, { agentNamespace: METRIC_NAMESPACE, backupShopName: shopName });
  const resources = discoverResources(shop.instance);
  const made = createCatalogAlarms(shop, resources, [], {
    kinds: Object.keys(HOST_ALARM_KINDS),
    topic: shop.alarmTopic,
    alarmId: (d) => HOST_ALARM_KINDS[d.id][1],
  });
  const alarms: { [key: string]: cloudwatch.Alarm } = {};
  for (const c of made) alarms[HOST_ALARM_KINDS[c.definition.id][0]] = c.alarm;
  for (const key of ['reboot', 'backup', 'memory', 'dataDisk']) {
    if (!alarms[key]) throw new Error(`${shop.node.path}: the host's ${key} alarm was not made`);
  }
  alarms.reboot.addAlarmAction(new cwActions.Ec2Action(cwActions.Ec2InstanceAction.REBOOT));
  return alarms as unknown as HostAlarms;
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
