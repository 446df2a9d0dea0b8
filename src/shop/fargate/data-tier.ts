import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { FargateShopPreset } from './fargate-shop-preset';
import { FargateShopProps } from './fargate-shop-props';
import { validateReadReplicas } from './read-replicas';
import { databaseEnabled, ServicePlan } from './service-plan';
import { CacheEngine, ShopCache } from '../../cache';
import { ShopDatabase } from '../../database';

/** What the shop's database takes from the shop beyond its props. */
export interface ShopDatabaseSettings {
  readonly deletionProtection: boolean;
  readonly logRetention: logs.RetentionDays;
}

/** The shop's database: the one given, a new one shaped by the preset, or none. */
export function shopDatabase(
  scope: Construct,
  vpc: ec2.IVpc,
  props: FargateShopProps,
  preset: FargateShopPreset,
  settings: ShopDatabaseSettings,
): ShopDatabase | undefined {
  validateReadReplicas(scope, props);
  if (props.database) return props.database;
  if (!databaseEnabled(props)) return undefined;
  return new ShopDatabase(scope, 'Database', {
    vpc,
    preset: props.databasePreset ?? preset.databasePreset,
    deletionProtection: settings.deletionProtection,
    logRetention: settings.logRetention,
    readReplicas: props.databaseReadReplicas,
  });
}

/** The shop's cache: the one given, a new one when a service uses it, or none. */
export function shopCache(
  scope: Construct,
  vpc: ec2.IVpc,
  props: FargateShopProps,
  preset: FargateShopPreset,
  plans: ServicePlan[],
  logRetention: logs.RetentionDays,
): ShopCache | undefined {
  if (props.cache) return props.cache;
  if (!plans.some((plan) => plan.cache)) return undefined;
  return new ShopCache(scope, 'Cache', {
    vpc,
    preset: props.cachePreset ?? preset.cachePreset,
    engine: CacheEngine.VALKEY_8,
    logRetention,
  });
}
