import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { ShopMigration } from './migration';
import { acknowledgeMigrationTaskFindings } from './migration-findings';
import type { FargateMigrationOptions } from './migration-options';
import { DEFAULT_MIGRATION_COMMAND, MIGRATION_CONTAINER, MigrationTask } from './migration-task';
import { validateMigrationOptions, validateMigrationSize } from './migration-validation';
import type { ServicePlan } from './service-plan';
import { containerSettings, ShopSettingsSources } from './service-settings';

/** What a FargateShop hands its migration. */
export interface ShopMigrationSetup {
  readonly options?: FargateMigrationOptions;
  readonly plans: ServicePlan[];
  /** The sources the backend's settings were made of. */
  readonly sources: ShopSettingsSources;
  readonly cluster: ecs.ICluster;
  readonly vpc: ec2.IVpc;
  readonly vpcSubnets: ec2.SubnetSelection;
  readonly logRetention: logs.RetentionDays;
}

/**
 * Checks the shop's `migration` props before any resource is defined; returns whether the shop
 * runs migrations.
 */
export function validateShopMigration(
  shop: Construct,
  setup: Pick<ShopMigrationSetup, 'options' | 'plans'>,
): boolean {
  const backend = setup.plans.find((p) => p.role === 'backend');
  return validateMigrationOptions(shop, {
    options: setup.options ?? {},
    hasBackend: backend !== undefined,
    hasDatabase: backend?.database ?? false,
    backendCpu: backend?.cpu ?? 0,
    backendMemoryMiB: backend?.memoryMiB ?? 0,
    backendCommand: backend?.settings.command,
  });
}

/**
 * The shop's migration before traffic: the one-off task of the backend's image and settings,
 * admitted by the database and the cache as the backend is, run by a `ShopMigration` that the
 * services running the backend's image (the backend and the worker) wait for. Call it when
 * `validateShopMigration` said yes.
 */
export function addShopMigration(
  shop: Construct,
  setup: ShopMigrationSetup,
  services: Array<ecs.IBaseService | undefined>,
): ShopMigration {
  const backend = setup.plans.find((p) => p.role === 'backend')!;
  const o = setup.options ?? {};
  // the backend's size passed its own checks; on EC2 capacity it may still be no Fargate size
  validateMigrationSize(shop, o.cpu ?? backend.cpu, o.memoryLimitMiB ?? backend.memoryMiB, o);
  const task = new MigrationTask(shop, 'MigrationTask', {
    backend,
    settings: containerSettings(backend, setup.sources),
    command: o.command ?? [...DEFAULT_MIGRATION_COMMAND],
    cpu: o.cpu ?? backend.cpu,
    memoryMiB: o.memoryLimitMiB ?? backend.memoryMiB,
    vpc: setup.vpc,
    logRetention: setup.logRetention,
  });
  const { database, cache } = setup.sources;
  if (database) database.allowFrom(task.securityGroup);
  if (backend.cache && cache) cache.allowFrom(task.securityGroup);

  const migration = new ShopMigration(shop, 'Migration', {
    cluster: setup.cluster,
    taskDefinition: task.taskDefinition,
    containerName: MIGRATION_CONTAINER,
    vpcSubnets: setup.vpcSubnets,
    securityGroups: [task.securityGroup],
    logGroup: task.logGroup,
    taskLogStreamPrefix: MIGRATION_CONTAINER,
    timeout: o.timeout,
  });
  // the first run must find the database's and the cache's ingress rules in place (in their
  // security groups, or in the task's when the database is in another stack)
  const ownRules = task.securityGroup.node.children.filter(
    (c) => c instanceof ec2.CfnSecurityGroupIngress || c instanceof ec2.CfnSecurityGroupEgress,
  );
  if (ownRules.length > 0) migration.run.node.addDependency(...ownRules);
  for (const peer of [database, backend.cache ? cache : undefined]) {
    for (const sg of peer?.connections.securityGroups ?? []) migration.run.node.addDependency(sg);
  }
  for (const service of services) service?.node.addDependency(migration.run);
  acknowledgeMigrationTaskFindings(task, setup.logRetention);
  return migration;
}
