import { RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { addScratchVolumes } from './scratch-volumes';
import type { ServicePlan } from './service-plan';
import type { ContainerSettings } from './service-settings';

/** The migration container's name, and the awslogs stream prefix of its log lines. */
export const MIGRATION_CONTAINER = 'migration';

/** Medusa's migration command (`medusa db:migrate`, Medusa v2). */
export const DEFAULT_MIGRATION_COMMAND = ['npx', 'medusa', 'db:migrate'];

/** What the migration task is made of. */
export interface MigrationTaskOptions {
  /** The backend's plan: image, user, scratch directories, CPU architecture. */
  readonly backend: ServicePlan;
  /** The backend's container settings (environment, secrets, wrapper); the command is replaced. */
  readonly settings: ContainerSettings;
  readonly command: string[];
  readonly cpu: number;
  readonly memoryMiB: number;
  readonly vpc: ec2.IVpc;
  readonly logRetention: logs.RetentionDays;
}

/**
 * The one-off migration task: the backend's image, environment, secrets and wrapper, with the
 * migration's command; a task role and an execution role of its own; a read-only root file
 * system with the backend's scratch directories as task volumes; a non-root user; logs to a
 * retained log group; a security group of its own, which the database admits.
 */
export class MigrationTask extends Construct {
  public readonly taskDefinition: ecs.FargateTaskDefinition;
  public readonly container: ecs.ContainerDefinition;
  public readonly logGroup: logs.LogGroup;
  public readonly securityGroup: ec2.SecurityGroup;

  constructor(scope: Construct, id: string, o: MigrationTaskOptions) {
    super(scope, id);
    const plan = o.backend;
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: o.logRetention,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.taskDefinition = new ecs.FargateTaskDefinition(this, 'TaskDefinition', {
      cpu: o.cpu,
      memoryLimitMiB: o.memoryMiB,
      runtimePlatform: {
        cpuArchitecture: plan.capacity.cpuArchitecture,
        operatingSystemFamily: ecs.OperatingSystemFamily.LINUX,
      },
      taskRole: new iam.Role(this, 'TaskRole', {
        assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com'),
        description: 'cdk-shop migration: what the migration may call',
      }),
      executionRole: new iam.Role(this, 'ExecutionRole', {
        assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com'),
        description: 'cdk-shop migration: what ECS needs to start the task (image, logs, secrets)',
      }),
    });
    this.container = this.taskDefinition.addContainer(MIGRATION_CONTAINER, {
      image: plan.image.toContainerImage(),
      essential: true,
      memoryLimitMiB: o.memoryMiB,
      readonlyRootFilesystem: true,
      user: plan.user,
      environment: o.settings.environment,
      secrets: o.settings.secrets,
      entryPoint: o.settings.entryPoint,
      command: o.command,
      logging: ecs.LogDrivers.awsLogs({ logGroup: this.logGroup, streamPrefix: MIGRATION_CONTAINER }),
    });
    // the scratch directories, writable for the non-root user as the services' are
    addScratchVolumes(this.taskDefinition, this.container, this.logGroup, plan.scratchDirectories);
    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: o.vpc,
      description: 'cdk-shop migration: no ingress; out to the database, the cache and the image registry',
      allowAllOutbound: true,
    });
  }
}
