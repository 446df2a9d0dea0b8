import { Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as synthetics from 'aws-cdk-lib/aws-synthetics';
import { Construct, IConstruct } from 'constructs';
import { CatalogAlarm, createCatalogAlarms } from './catalog-alarms';
import { createComposites } from './composite-alarms';
import { MonitoredResource, Tier } from './monitored-resource';
import { acknowledgeObservabilityFindings } from './observability-findings';
import { checkAlarmEmail } from './observability-validation';
import { monitoredResourcesOf } from './resource-source';
import { ShopAlarmKind } from './shop-alarm-kind';
import { createShopDashboard } from './shop-dashboard';
import { ShopObservabilityProps } from './shop-observability-props';
import { uptimeOptionsFor } from './shop-uptime-facts';
import { createUptimeCanaries } from './uptime-canaries';
import { invalidProp } from '../private/errors';

/** Resource kinds that answer customers in front of the compute. */
const FRONT_KINDS = new Set(['cloudfront-distribution', 'load-balancer', 'rest-api', 'http-api']);

/**
 * The "shop is down" conditions: the catalog's shop-down entries (5XX rates of the edge, the
 * load balancer, the APIs); when nothing stands in front of the compute (a shop on one host),
 * an instance failing its status check, since it answers customers itself.
 */
function shopDownAlarms(alarms: CatalogAlarm[], resources: MonitoredResource[]): cloudwatch.IAlarm[] {
  const front = resources.some((r) => FRONT_KINDS.has(r.kind));
  return alarms
    .filter((c) => c.definition.shopDown || (!front && c.definition.id === 'ec2-status-check'))
    .map((c) => c.alarm);
}

/**
 * Alarms with real thresholds, composite alarms per tier and "shop is down", notifications and
 * a dashboard for a shop, or for every resource it knows below any construct.
 *
 * The alarms come from the alarm catalog (the README's table): for each resource it finds (load
 * balancer and target groups, ECS services, EC2 instances, RDS instances and replicas,
 * ElastiCache replication groups, CloudFront distributions, SQS queues, Lambda functions, API
 * Gateway APIs, DynamoDB tables, NAT gateways) the catalog's alarms of its kind, with thresholds
 * from AWS's recommendations or derived from the resource. Every alarm and composite notifies
 * the topic on ALARM and on OK.
 *
 * @example
 * declare const shop: FargateShop;
 * new ShopObservability(this, 'Observability', { shop, alarmEmail: 'ops@example.com' });
 */
export class ShopObservability extends Construct {
  /** The topic every alarm notifies. */
  public readonly topic: sns.ITopic;

  /** Every alarm of the catalog this construct uses (those a shop had made already included). */
  public readonly alarms: cloudwatch.Alarm[];

  /** In ALARM when any alarm of the edge tier is; undefined when the tier has none. */
  public readonly edgeAlarm?: cloudwatch.CompositeAlarm;

  /** In ALARM when any alarm of the app tier is; undefined when the tier has none. */
  public readonly appAlarm?: cloudwatch.CompositeAlarm;

  /** In ALARM when any alarm of the data tier is; undefined when the tier has none. */
  public readonly dataAlarm?: cloudwatch.CompositeAlarm;

  /**
   * In ALARM when customers get no answer: the load balancer, CloudFront or an API answers
   * 5XX to more than the catalog's share of requests, or, with none of them in front, an
   * instance fails its status check; or a run of the uptime canary fails. Undefined when
   * nothing monitored can tell.
   */
  public readonly shopDownAlarm?: cloudwatch.CompositeAlarm;

  /** Every composite alarm, nested parts of long rules included. */
  public readonly compositeAlarms: cloudwatch.CompositeAlarm[];

  /** The uptime canaries (one, checking every path); empty when uptime is off. */
  public readonly canaries: synthetics.Canary[];

  /** The alarms on the uptime canaries' SuccessPercent (in the "shop is down" composite). */
  public readonly uptimeAlarms: cloudwatch.Alarm[];

  /** The shop dashboard; undefined when `dashboard.enabled` is false. */
  public readonly dashboard?: cloudwatch.Dashboard;

  private readonly catalogAlarms: CatalogAlarm[];

  constructor(scope: Construct, id: string, props: ShopObservabilityProps = {}) {
    super(scope, id);
    this.topic = this.alarmTopic(props);
    const monitor: IConstruct = props.monitor ?? props.shop ?? Stack.of(this);
    const resources: MonitoredResource[] = monitoredResourcesOf(monitor);
    this.catalogAlarms = createCatalogAlarms(this, resources, props.alarmOverrides ?? [], {
      topic: this.topic,
    });
    this.alarms = this.catalogAlarms.map((c) => c.alarm);

    const uptime = createUptimeCanaries(this, {
      url: props.shop?.url,
      options: uptimeOptionsFor(props.shop, props.uptime),
      topic: this.topic,
    });
    this.canaries = uptime.canaries;
    this.uptimeAlarms = uptime.alarms;

    const tiers: { [tier in Tier]: cloudwatch.IAlarm[] } = { edge: [], app: [], data: [] };
    for (const c of this.catalogAlarms) tiers[c.tier].push(c.alarm);
    const composites = createComposites(this, {
      tiers,
      shopDown: [...shopDownAlarms(this.catalogAlarms, resources), ...uptime.alarms],
      topic: this.topic,
      name: monitor.node.path || Stack.of(this).stackName,
    });
    this.edgeAlarm = composites.edge;
    this.appAlarm = composites.app;
    this.dataAlarm = composites.data;
    this.shopDownAlarm = composites.shopDown;
    this.compositeAlarms = composites.all;

    const statusAlarms = [composites.shopDown, composites.edge, composites.app, composites.data].filter(
      (a): a is cloudwatch.CompositeAlarm => a !== undefined,
    );
    this.dashboard = createShopDashboard(this, {
      resources,
      statusAlarms,
      options: props.dashboard,
      title: monitor.node.path || Stack.of(this).stackName,
    });
  }

  /** The alarms of one kind of the catalog, for every resource it applies to. */
  public alarmsOf(kind: ShopAlarmKind): cloudwatch.Alarm[] {
    return this.catalogAlarms.filter((c) => c.definition.id === kind.id).map((c) => c.alarm);
  }

  private alarmTopic(props: ShopObservabilityProps): sns.ITopic {
    checkAlarmEmail(this, props.alarmEmail);
    if (props.alarmTopic && props.alarmEmail !== undefined) {
      throw invalidProp(
        this,
        'alarmEmail',
        'is given together with alarmTopic',
        'Subscribe the address to your topic yourself, or omit alarmTopic for a topic with the address subscribed.',
      );
    }
    if (props.alarmTopic) return props.alarmTopic;
    if (props.shop) {
      if (props.alarmEmail !== undefined) {
        new sns.Subscription(this, 'AlarmEmail', {
          topic: props.shop.alarmTopic,
          protocol: sns.SubscriptionProtocol.EMAIL,
          endpoint: props.alarmEmail,
        });
      }
      return props.shop.alarmTopic;
    }
    const topic = new sns.Topic(this, 'AlarmTopic', { enforceSSL: true });
    acknowledgeObservabilityFindings(topic);
    if (props.alarmEmail !== undefined) {
      topic.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail));
    }
    return topic;
  }
}
