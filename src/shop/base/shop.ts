import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as sns from 'aws-cdk-lib/aws-sns';
import { IConstruct } from 'constructs';

/**
 * What every shop gives an observability layer and the app around it: `SingleHostShop`,
 * `FargateShop` and `ServerlessShop`.
 */
export interface IShop extends IConstruct {
  /** The shop's URL: https://domain, or http:// and the shop's public address without a domain. */
  readonly url: string;

  /** The topic the shop's alarms notify. */
  readonly alarmTopic: sns.ITopic;

  /** Every alarm the shop created. */
  readonly alarms: cloudwatch.Alarm[];
}

/**
 * A shop that runs on servers it keeps running in a VPC (`SingleHostShop`, `FargateShop`): what
 * `IShop` gives, plus the VPC and its compute's utilization. A `ServerlessShop` has neither.
 */
export interface IServerShop extends IShop {
  /** The VPC the shop runs in. */
  readonly vpc: ec2.IVpc;

  /**
   * The CPU utilization of the shop's compute (the host, or the backend service), in percent.
   */
  metricCpuUtilization(props?: cloudwatch.MetricOptions): cloudwatch.Metric;

  /**
   * The memory utilization of the shop's compute (the host, or the backend service), in percent.
   */
  metricMemoryUtilization(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
}
