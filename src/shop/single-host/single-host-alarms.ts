import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
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

/** An alarm on an EC2 status check of the host, with its EC2 action and the topic. */
export function statusCheckAlarm(
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
  alarm.addAlarmAction(...actions, new cwActions.SnsAction(shop.alarmTopic));
  return alarm;
}

/** An alarm on a metric the CloudWatch agent publishes for the host, to the topic. */
export function hostAlarm(
  shop: SingleHostShop,
  id: string,
  metricName: string,
  dimensions: { [name: string]: string },
  threshold: number,
  description: string,
): cloudwatch.Alarm {
  const alarm = new cloudwatch.Alarm(shop, id, {
    alarmDescription: description,
    metric: new cloudwatch.Metric({
      namespace: METRIC_NAMESPACE,
      metricName,
      dimensionsMap: { InstanceId: shop.instance.instanceId, ...dimensions },
      statistic: 'Average',
      period: Duration.minutes(5),
    }),
    threshold,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    evaluationPeriods: 3,
  });
  alarm.addAlarmAction(new cwActions.SnsAction(shop.alarmTopic));
  return alarm;
}
