import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { bindCapacity } from './capacity';
import { literalAlarmNames } from './deployment';
import type { ServiceDeployment } from './deployment-strategy-validation';
import type { FargateShopProps } from './fargate-shop-props';
import { grantMediaWrite } from './media';
import type { ServicePlan } from './service-plan';
import { containerSettings, ShopSettingsSources } from './service-settings';
import { validateTaskSize } from './service-validation';
import { pascal } from './shop-parts';
import { ShopService } from './shop-service';
import type { TracingSettings } from './tracing';
import type { ShopCache } from '../../cache';
import type { ShopDatabase } from '../../database';
import { validateImageArchitecture } from '../base/container-rules';

/** What every service of a FargateShop is made with. */
export interface ShopServiceContext {
  readonly cluster: ecs.Cluster;
  readonly vpc: ec2.IVpc;
  readonly vpcSubnets: ec2.SubnetSelection;
  readonly logRetention: logs.RetentionDays;
  /** Whether the cluster's namespace serves Service Connect. */
  readonly serviceConnect: boolean;
  readonly props: FargateShopProps;
  readonly tracing?: TracingSettings;
  readonly database?: ShopDatabase;
  readonly cache?: ShopCache;
  /** The product-image bucket and its edge path, which the backend and the worker write. */
  readonly media?: { readonly bucket: s3.Bucket; readonly path: string };
  /** The sources of a service's settings. */
  readonly sources: (plan: ServicePlan) => ShopSettingsSources;
}

/**
 * One service of a FargateShop, in `shop`'s scope: its capacity bound to the cluster (the task
 * size and the image's architecture checked against it), its `ShopService`, and the database,
 * cache and media access its plan asks for.
 */
export function createShopService(
  shop: Construct,
  context: ShopServiceContext,
  plan: ServicePlan,
  alarms: cloudwatch.Alarm[],
  deployment?: ServiceDeployment,
): ShopService {
  const { cluster, props } = context;
  const capacityProp = plan.settings.capacity ? `${plan.settingsProp}.capacity` : 'capacity';
  const capacity = bindCapacity(shop, cluster, plan.capacity, capacityProp);
  validateTaskSize(shop, plan, capacity.launch === 'FARGATE');
  validateImageArchitecture(
    shop,
    plan.role === 'worker' ? 'backend.image' : `${plan.containerProp}.image`,
    plan.image,
    {
      cpuArchitecture: capacity.cpuArchitecture,
      name: `the capacity (${capacityProp})`,
      otherChoice:
        'x86 capacity such as ShopCapacity.fargate({ cpuArchitecture: ecs.CpuArchitecture.X86_64 })',
    },
  );
  const shopService = new ShopService(shop, pascal(plan.name), {
    plan,
    capacity,
    cluster,
    vpc: context.vpc,
    vpcSubnets: context.vpcSubnets,
    logRetention: context.logRetention,
    settings: containerSettings(plan, context.sources(plan)),
    serviceConnectNamespace: context.serviceConnect
      ? cluster.defaultCloudMapNamespace?.namespaceArn
      : undefined,
    enableExecuteCommand: props.enableExecuteCommand ?? false,
    deploymentAlarmNames: literalAlarmNames(alarms),
    deployment,
    tracing: context.tracing,
  });
  if (plan.database) context.database?.allowFrom(shopService.service);
  if (plan.cache) context.cache?.allowFrom(shopService.service);
  if (context.media && (plan.role === 'backend' || plan.role === 'worker')) {
    grantMediaWrite(context.media.bucket, shopService.taskDefinition.taskRole, context.media.path);
  }
  return shopService;
}
