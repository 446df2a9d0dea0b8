import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { shopCache, shopDatabase } from './data-tier';
import { createDeploymentAlarms } from './deployment';
import { planEdge } from './edge';
import { edgeEnabled, mediaPathOf, validateEdgeProps } from './edge-validation';
import { acknowledgeFargateFindings } from './fargate-findings';
import { FargateShopPreset } from './fargate-shop-preset';
import { FargateShopProps } from './fargate-shop-props';
import { validateFargateShopProps } from './fargate-validation';
import { mediaEnvironment } from './media';
import { ShopMigration } from './migration';
import { addShopMigration, validateShopMigration } from './migration-setup';
import { followPasswordRotation, RotationRedeploy } from './rotation-redeploy';
import { attachServiceTraffic, setupShopRouting } from './routing-setup';
import { applyServiceScaling } from './scaling';
import { storefrontServerActionsKey } from './server-actions-key';
import { planServices, ServicePlan } from './service-plan';
import type { ShopSettingsSources } from './service-settings';
import { createShopService, ShopServiceContext } from './service-setup';
import { validateServicePlans } from './service-validation';
import { defineShopFront } from './shop-front';
import { addShopOutputs, appSecret, createExecSetup, createShopCluster, newAlarmTopic } from './shop-parts';
import { ShopService } from './shop-service';
import { resolveTracing } from './tracing';
import { createWorkerQueue, grantQueueAccess, queueAccess, scaleWorkerOnBacklog } from './worker-queue';
import { ShopCache } from '../../cache';
import { ShopDatabase } from '../../database';
import { ShopEdge } from '../../edge/shop-edge';
import { ShopNetwork } from '../../network';
import { acknowledgeStackHelpers } from '../../private/stack-acknowledgements';
import { ShopQueue } from '../../queue';
import { IServerShop } from '../base';

/**
 * The highly available shop on Amazon ECS: the storefront, the backend, an optional worker
 * and any extra services behind one Application Load Balancer with path and host rules,
 * autoscaled and deployed with circuit breaker, rollback and alarms, wired to a `ShopDatabase`
 * and a `ShopCache` without a secret in plain text.
 *
 * @example
 * declare const zone: route53.IHostedZone;
 * new FargateShop(this, 'Shop', {
 *   storefront: { image: ShopImage.fromRegistry('ghcr.io/acme/storefront:1.4.2') },
 *   backend: { image: ShopImage.fromRegistry('ghcr.io/acme/medusa:1.4.2') },
 *   worker: {},
 *   domainName: 'shop.example.com',
 *   hostedZone: zone,
 *   alarmEmail: 'ops@example.com',
 * });
 */
export class FargateShop extends Construct implements IServerShop {
  /** The Application Load Balancer. */
  public readonly loadBalancer: elbv2.ApplicationLoadBalancer;
  /** The HTTPS listener; undefined without a domain. */
  public readonly httpsListener?: elbv2.ApplicationListener;
  /** The HTTP listener: a redirect to HTTPS with a domain, the shop itself without; none with the edge. */
  public readonly httpListener?: elbv2.ApplicationListener;
  /** The bucket of the load balancer's access logs, retained. */
  public readonly accessLogBucket: s3.Bucket;
  /** The ECS cluster. */
  public readonly cluster: ecs.Cluster;
  /** The storefront's service, if any. */
  public readonly storefront?: ecs.BaseService;
  /** The backend's service, if any. */
  public readonly backend?: ecs.BaseService;
  /** The worker's service, if any. */
  public readonly worker?: ecs.BaseService;
  /** Every service's task definition, by service name. */
  public readonly taskDefinitions: { [name: string]: ecs.TaskDefinition };
  /** Every service's log group, by service name; retained. */
  public readonly logGroups: { [name: string]: logs.LogGroup };
  /** The database, if the shop has one. */
  public readonly database?: ShopDatabase;
  /** The cache, if the shop has one. */
  public readonly cache?: ShopCache;
  /** The network created for the shop; undefined with `vpc`. */
  public readonly network?: ShopNetwork;
  /** The certificate of the HTTPS listener; undefined without a domain. */
  public readonly certificate?: acm.ICertificate;
  /** Medusa's generated `JWT_SECRET`, retained; undefined without a backend. */
  public readonly jwtSecret?: secretsmanager.Secret;
  /** Medusa's generated `COOKIE_SECRET`, retained; undefined without a backend. */
  public readonly cookieSecret?: secretsmanager.Secret;
  /**
   * The storefront's `NEXT_SERVER_ACTIONS_ENCRYPTION_KEY` (`serverActionsKey`, or a generated
   * base64 AES-256 key, retained); undefined without a storefront.
   */
  public readonly serverActionsKey?: secretsmanager.ISecret;
  /** The key of ECS Exec sessions and their log group; undefined unless `enableExecuteCommand`. */
  public readonly execKey?: kms.Key;
  /** The log group of ECS Exec sessions, retained; undefined unless `enableExecuteCommand`. */
  public readonly execLogGroup?: logs.LogGroup;
  /** The shop's URL: https://domain, or http://<load balancer DNS name> without a domain. */
  public readonly url: string;
  /** The VPC the shop runs in. */
  public readonly vpc: ec2.IVpc;
  /** The topic alarms go to. */
  public readonly alarmTopic: sns.ITopic;
  /** Every alarm the shop created. */
  public readonly alarms: cloudwatch.Alarm[];
  /** The alarms that roll a deployment back (5XX rate and unhealthy targets per public service). */
  public readonly deploymentAlarms: cloudwatch.Alarm[];
  /** The worker's queue (`workerQueue`); undefined without a worker or with `workerQueue.enabled: false`. */
  public readonly queue?: ShopQueue;
  /** The redeploy after a password rotation (`redeployOnPasswordRotation`); undefined without a database. */
  public readonly redeployOnRotation?: RotationRedeploy;
  /** The migration run before the backend and the worker take a new version (`migration`); undefined when off. */
  public readonly migration?: ShopMigration;

  /** CloudFront and AWS WAF in front of the load balancer; undefined without the edge (`edge`). */
  public readonly edge?: ShopEdge;
  /** The secret origin header's value, which every listener rule requires; undefined without the edge. */
  public readonly originSecret?: secretsmanager.Secret;
  /** The product-image bucket, retained; undefined without the edge or a backend (`edgeSettings.media`). */
  public readonly mediaBucket?: s3.Bucket;

  /** Every public service's listener rules, by service name (no rule for a default action). */
  public readonly listenerRules: { [name: string]: elbv2.ApplicationListenerRule[] };

  /**
   * The green target group of each listener rule of every service ECS deploys blue/green, canary
   * or linear, by service name; empty for rolling services.
   */
  public readonly greenTargetGroups: { [name: string]: elbv2.ApplicationTargetGroup[] };

  /** The listener of deployment test traffic (port 9443, from the VPC only), when a strategy asks for one. */
  public readonly deploymentTestListener?: elbv2.ApplicationListener;

  private readonly services: { [name: string]: ecs.BaseService } = {};
  /** The edge path of product images, when the shop has them. */
  private readonly mediaPath?: string;

  constructor(scope: Construct, id: string, props: FargateShopProps) {
    super(scope, id);
    validateFargateShopProps(this, props);
    const preset = props.preset ?? FargateShopPreset.DEVELOPMENT;
    const plans = planServices(props, preset);
    validateServicePlans(this, plans);
    const migrate = validateShopMigration(this, { options: props.migration, plans });
    const tracing = resolveTracing(this, props, preset, plans);
    const deletionProtection = props.deletionProtection ?? preset.deletionProtection;
    const logRetention = props.logRetention ?? preset.logRetention;
    const edgeOn = edgeEnabled(props, preset);
    validateEdgeProps(this, props, edgeOn);
    const edgePlan = edgeOn ? planEdge(props, mediaPathOf(props, edgeOn)) : undefined;

    if (props.vpc) {
      this.vpc = props.vpc;
    } else {
      this.network = new ShopNetwork(this, 'Network', {
        profile: props.networkProfile ?? preset.networkProfile,
        natType: props.natType ?? preset.natType,
      });
      this.vpc = this.network.vpc;
    }
    const taskSubnets = this.applicationSubnets();

    this.alarmTopic = props.alarmTopic ?? newAlarmTopic(this, props.alarmEmail);
    this.queue = createWorkerQueue(this, props, this.alarmTopic);

    const { certificate, lb, edgeParts } = defineShopFront(this, props, {
      vpc: this.vpc,
      deletionProtection,
      edgePlan,
    });
    this.certificate = certificate;
    this.loadBalancer = lb.loadBalancer;
    this.accessLogBucket = lb.accessLogBucket;
    this.httpsListener = this.certificate ? lb.listener : undefined;
    this.httpListener = edgePlan ? undefined : (lb.redirectListener ?? lb.listener);
    this.url = props.domainName
      ? `https://${props.domainName}`
      : `http://${this.loadBalancer.loadBalancerDnsName}`;
    this.edge = edgeParts?.edge;
    this.originSecret = edgeParts?.originSecret.secret;
    this.mediaBucket = edgeParts?.mediaBucket;
    this.mediaPath = edgePlan?.mediaPath;

    const serviceConnect = plans.some((plan) => !plan.public && plan.port !== undefined);
    const exec = props.enableExecuteCommand ? createExecSetup(this, logRetention) : undefined;
    this.execKey = exec?.key;
    this.execLogGroup = exec?.logGroup;
    this.cluster = createShopCluster(this, this.vpc, {
      containerInsights: props.containerInsights ?? preset.containerInsights,
      exec,
      serviceConnect,
    });

    this.database = shopDatabase(this, this.vpc, props, preset, { deletionProtection, logRetention });
    this.cache = shopCache(this, this.vpc, props, preset, plans, logRetention);
    if (props.backend) {
      this.jwtSecret = appSecret(this, 'JwtSecret', 'JWT_SECRET');
      this.cookieSecret = appSecret(this, 'CookieSecret', 'COOKIE_SECRET');
    }
    const serverActionsKey = storefrontServerActionsKey(this, {
      storefront: props.storefront !== undefined,
      given: props.serverActionsKey,
      logRetention,
    });
    this.serverActionsKey = serverActionsKey.secret;

    const routingParts = setupShopRouting(this, props, plans, {
      lb,
      vpc: this.vpc,
      certificate: this.certificate,
      requiredHeader: edgeParts?.originSecret.header,
    });
    const { targetGroups, deployments, routing: shopRules } = routingParts;
    this.listenerRules = shopRules.production;
    this.greenTargetGroups = shopRules.greenTargetGroups;
    this.deploymentTestListener = shopRules.testListener;

    const serviceContext: ShopServiceContext = {
      cluster: this.cluster,
      vpc: this.vpc,
      vpcSubnets: taskSubnets,
      logRetention,
      serviceConnect,
      props,
      tracing,
      database: this.database,
      cache: this.cache,
      media:
        this.mediaBucket && this.mediaPath ? { bucket: this.mediaBucket, path: this.mediaPath } : undefined,
      sources: (plan) => this.settingsSources(plan, props),
    };
    const shopServices: ShopService[] = [];
    let ec2Capacity = false;
    this.deploymentAlarms = [];
    this.taskDefinitions = {};
    this.logGroups = {};
    for (const plan of plans) {
      const targetGroup = targetGroups[plan.name];
      const pairs = shopRules.ruleTargets[plan.name];
      const alarms = targetGroup
        ? createDeploymentAlarms(this, {
            serviceName: plan.name,
            loadBalancer: this.loadBalancer,
            targetGroup,
            topic: this.alarmTopic,
            pairs,
          })
        : [];
      this.deploymentAlarms.push(...alarms);
      const deployment = deployments[plan.name];
      const shopService = createShopService(this, serviceContext, plan, alarms, deployment);
      this.services[plan.name] = shopService.service;
      this.taskDefinitions[plan.name] = shopService.taskDefinition;
      this.logGroups[plan.name] = shopService.logGroup;
      // the service names its alarms by literal name: no reference, so CloudFormation would not wait
      if (alarms.length > 0) shopService.service.node.addDependency(...alarms);
      shopServices.push(shopService);
      ec2Capacity ||= shopService.taskDefinition instanceof ecs.Ec2TaskDefinition;
      attachServiceTraffic(shopService.service, plan, routingParts);
      if (this.queue) grantQueueAccess(this.queue, plan, shopService.taskRole);
      if (this.queue && plan.role === 'worker') {
        scaleWorkerOnBacklog(this, this.queue, shopService.service, plan, props.workerQueue ?? {});
        continue;
      }
      applyServiceScaling(this, shopService.service, {
        minCapacity: plan.minCapacity,
        maxCapacity: plan.maxCapacity,
        scaling: plan.settings.scaling ?? {},
        // after a blue/green deployment the traffic is in the other group: no requests-per-target scaling
        targetGroup: pairs ? undefined : targetGroup,
        prop: `${plan.settingsProp}.scaling`,
      });
    }
    this.storefront = this.services.storefront;
    // no storefront task starts before its key is written
    if (serverActionsKey.written) this.storefront?.node.addDependency(serverActionsKey.written);
    this.backend = this.services.backend;
    this.worker = this.services.worker;
    this.allowServiceConnect(plans);
    if (migrate) {
      // the backend's sources: the migration's container is the backend's with another command
      const backendPlan = plans.find((p) => p.role === 'backend')!;
      this.migration = addShopMigration(
        this,
        {
          ...serviceContext,
          options: props.migration,
          plans,
          sources: this.settingsSources(backendPlan, props),
        },
        [this.backend, this.worker],
      );
    }
    const readers = plans.filter((plan) => plan.database).map((plan) => this.services[plan.name]);
    if (props.redeployOnPasswordRotation ?? true) {
      this.redeployOnRotation = followPasswordRotation(this, readers, logRetention);
    }
    this.alarms = [...this.deploymentAlarms, ...(this.redeployOnRotation?.alarms ?? [])];
    if (this.queue) this.alarms.push(this.queue.deadLetterAlarm, this.queue.messageAgeAlarm);
    addShopOutputs(this, props, plans);
    acknowledgeFargateFindings({
      services: shopServices,
      cluster: this.cluster,
      containerInsights: props.containerInsights ?? preset.containerInsights,
      logRetentionDays: logRetention,
      alarmTopic: props.alarmTopic ? undefined : this.alarmTopic,
      createdDatabase: props.database ? undefined : this.database,
      deletionProtection,
      appSecrets: [this.jwtSecret, this.cookieSecret].filter(
        (s): s is secretsmanager.Secret => s !== undefined,
      ),
      enableExecuteCommand: props.enableExecuteCommand ?? false,
      execLogGroup: this.execLogGroup,
      natInstancesBesideEc2Capacity: ec2Capacity ? this.network?.natInstances : undefined,
    });
    acknowledgeStackHelpers(this);
  }

  /**
   * The service of the given name: `storefront`, `backend`, `worker` or an extra service's.
   */
  public service(name: string): ecs.BaseService {
    const service = this.services[name];
    if (!service) {
      throw new Error(
        `${this.node.path}: no service named '${name}'. The shop's services: ${Object.keys(this.services).join(', ')}.`,
      );
    }
    return service;
  }

  /**
   * The CPU utilization of the backend's service (the storefront's without a backend).
   */
  public metricCpuUtilization(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.mainService().metricCpuUtilization(props);
  }

  /**
   * The memory utilization of the backend's service (the storefront's without a backend).
   */
  public metricMemoryUtilization(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.mainService().metricMemoryUtilization(props);
  }

  private mainService(): ecs.BaseService {
    return this.backend ?? this.storefront ?? Object.values(this.services)[0];
  }

  private applicationSubnets(): ec2.SubnetSelection {
    if (this.network) return this.network.applicationSubnets;
    // tasks never get public IPs: a given VPC needs private subnets with egress (image pulls)
    return { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS };
  }

  /** The sources of a service's settings (the migration's are the backend's). */
  private settingsSources(plan: ServicePlan, props: FargateShopProps): ShopSettingsSources {
    const medusa = plan.role === 'backend' || plan.role === 'worker';
    return {
      shop: this,
      url: this.url,
      database: this.database,
      cache: this.cache,
      jwtSecret: this.jwtSecret,
      cookieSecret: this.cookieSecret,
      serverActionsKey: this.serverActionsKey,
      worker: props.worker !== undefined && props.backend !== undefined,
      queueUrl: this.queue && queueAccess(plan) ? this.queue.queue.queueUrl : undefined,
      mediaEnvironment:
        this.mediaBucket && this.mediaPath && medusa
          ? mediaEnvironment(this.mediaBucket, this.url, this.mediaPath)
          : undefined,
    };
  }

  /** Services reachable through Service Connect admit the shop's other services on their port. */
  private allowServiceConnect(plans: ServicePlan[]): void {
    for (const plan of plans) {
      if (plan.public || plan.port === undefined) continue;
      const target = this.services[plan.name];
      for (const other of plans) {
        if (other.name === plan.name) continue;
        target.connections.allowFrom(
          this.services[other.name],
          ec2.Port.tcp(plan.port),
          `${other.name} to ${plan.name}`,
        );
      }
    }
  }
}
