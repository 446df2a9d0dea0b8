import * as sns from 'aws-cdk-lib/aws-sns';
import { IConstruct } from 'constructs';
import { ShopAlarmKind } from './shop-alarm-kind';
import { ShopDashboardOptions } from './shop-dashboard-options';
import { ShopUptimeOptions } from './uptime-options';
import { IShop } from '../shop/base/shop';

/**
 * A change to one kind of alarm of the catalog, for every resource it applies to.
 */
export interface ShopAlarmOverride {
  /** The kind of alarm to change. */
  readonly kind: ShopAlarmKind;

  /**
   * The threshold, in the unit of the kind (the README's catalog table): a percent from 0 to
   * 100, a count, seconds, milliseconds or bytes.
   *
   * @default - the catalog's threshold, or the value it derives from the resource
   */
  readonly threshold?: number;

  /**
   * The number of periods evaluated (N of "M out of N").
   *
   * @default - the catalog's
   */
  readonly evaluationPeriods?: number;

  /**
   * The number of breaching periods that make the alarm (M of "M out of N"), at most
   * `evaluationPeriods`.
   *
   * @default - the catalog's, or `evaluationPeriods` when only that is given
   */
  readonly datapointsToAlarm?: number;

  /**
   * Whether to define alarms of this kind at all.
   *
   * @default true
   */
  readonly enabled?: boolean;
}

/**
 * Properties of a `ShopObservability`.
 */
export interface ShopObservabilityProps {
  /**
   * The shop to observe: its resources are monitored and its alarm topic notified.
   *
   * @default - no shop: the resources under `monitor`
   */
  readonly shop?: IShop;

  /**
   * The construct whose resources are monitored (every resource of a kind the catalog knows,
   * anywhere below it).
   *
   * @default - the shop, else the stack of this construct
   */
  readonly monitor?: IConstruct;

  /**
   * An e-mail address to send alarm and OK notifications to, subscribed to the topic (the
   * recipient confirms the subscription once).
   *
   * @default - no e-mail subscription
   */
  readonly alarmEmail?: string;

  /**
   * The SNS topic the alarms notify. Not together with `alarmEmail`: subscribe to your own
   * topic yourself.
   *
   * @default - the shop's `alarmTopic`, else a new topic that refuses requests without TLS
   */
  readonly alarmTopic?: sns.ITopic;

  /**
   * Changes to the catalog's alarms: thresholds, evaluation periods, or a kind switched off.
   * At most one override per kind.
   *
   * @default - the catalog as it is
   */
  readonly alarmOverrides?: ShopAlarmOverride[];

  /**
   * The shop dashboard.
   *
   * @default - a dashboard with the defaults of `ShopDashboardOptions`
   */
  readonly dashboard?: ShopDashboardOptions;

  /**
   * Uptime checks: a CloudWatch Synthetics canary on the shop's URL and its backend's health
   * path, with an alarm that is part of the "shop is down" composite.
   *
   * @default - a canary every 15 minutes on the shop's URL and `/health`; none without a shop or `uptime.url`
   */
  readonly uptime?: ShopUptimeOptions;
}
