import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { BoundCapacity } from './capacity';
import { DEFAULT_HEALTH_CHECK_GRACE, SAFE_DEPLOYMENT } from './deployment';
import type { ServiceDeployment } from './deployment-strategy-validation';
import { addScratchVolumes } from './scratch-volumes';
import { FARGATE_SERVICE_DEFAULTS, ServicePlan } from './service-plan';
import { ContainerSettings } from './service-settings';
import type { TracingSettings } from './tracing';
import { addTracingSidecar } from './tracing-sidecar';

/**
 * Where ECS Exec's managed SSM agent writes inside the container. With a read-only root file
 * system the agent fails unless these are writable volumes (the workaround in
 * aws/containers-roadmap#1359 and aws-containers/amazon-ecs-exec-checker#71; the ECS Exec
 * considerations say the agent needs to create directories and files there).
 */
export const EXEC_AGENT_DIRECTORIES = ['/managed-agents', '/var/lib/amazon/ssm', '/var/log/amazon/ssm'];

/** Properties of a `ShopService`. */
export interface ShopServiceProps {
  readonly plan: ServicePlan;
  /** Where the tasks run, bound to the cluster. */
  readonly capacity: BoundCapacity;
  readonly cluster: ecs.Cluster;
  readonly vpc: ec2.IVpc;
  /** The subnets of the tasks: private, no public IPs. */
  readonly vpcSubnets: ec2.SubnetSelection;
  readonly logRetention: logs.RetentionDays;
  readonly settings: ContainerSettings;
  /** The ARN of the Service Connect namespace every service joins; undefined without one. */
  readonly serviceConnectNamespace?: string;
  readonly enableExecuteCommand: boolean;
  /** Literal names of the alarms that roll a deployment back. */
  readonly deploymentAlarmNames?: string[];
  /** How ECS deploys it; rolling when undefined. */
  readonly deployment?: ServiceDeployment;
  /** An ADOT collector sidecar exporting to X-Ray, its memory carved out of the task; none when undefined. */
  readonly tracing?: TracingSettings;
}

/**
 * One ECS service of a `FargateShop` with its hardened task definition: a task role of its
 * own and a separate execution role, a read-only root file system with scratch task volumes,
 * a non-root user, a hard memory limit, logs to its own retained log group, secrets only as
 * ECS secrets, rolling deployments with circuit breaker and rollback.
 */
export class ShopService extends Construct {
  public readonly service: ecs.BaseService;
  public readonly taskDefinition: ecs.TaskDefinition;
  public readonly container: ecs.ContainerDefinition;
  public readonly logGroup: logs.LogGroup;
  public readonly taskRole: iam.Role;
  public readonly executionRole: iam.Role;
  public readonly securityGroup: ec2.SecurityGroup;

  constructor(scope: Construct, id: string, props: ShopServiceProps) {
    super(scope, id);
    const plan = props.plan;
    const bound = props.capacity;

    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.taskRole = new iam.Role(this, 'TaskRole', {
      assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com'),
      description: `cdk-shop ${plan.name}: what the application may call`,
    });
    this.executionRole = new iam.Role(this, 'ExecutionRole', {
      assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com'),
      description: `cdk-shop ${plan.name}: what ECS needs to start the task (image, logs, secrets)`,
    });

    const common = {
      taskRole: this.taskRole,
      executionRole: this.executionRole,
    };
    this.taskDefinition =
      bound.launch === 'EC2'
        ? new ecs.Ec2TaskDefinition(this, 'TaskDefinition', {
            ...common,
            networkMode: ecs.NetworkMode.AWS_VPC,
          })
        : new ecs.FargateTaskDefinition(this, 'TaskDefinition', {
            ...common,
            cpu: plan.cpu,
            memoryLimitMiB: plan.memoryMiB,
            runtimePlatform: {
              cpuArchitecture: bound.cpuArchitecture,
              operatingSystemFamily: ecs.OperatingSystemFamily.LINUX,
            },
          });

    const settings = props.settings;
    this.container = this.taskDefinition.addContainer(plan.name, {
      image: plan.image.toContainerImage(),
      essential: true,
      cpu: bound.launch === 'EC2' ? plan.cpu : undefined,
      memoryLimitMiB: plan.memoryMiB - (props.tracing?.collectorMemoryMiB ?? 0),
      readonlyRootFilesystem: true,
      user: plan.user,
      environment: settings.environment,
      secrets: settings.secrets,
      entryPoint: settings.entryPoint,
      command: settings.command,
      logging: ecs.LogDrivers.awsLogs({ logGroup: this.logGroup, streamPrefix: plan.name }),
      portMappings:
        plan.port === undefined
          ? []
          : [{ containerPort: plan.port, name: plan.name, appProtocol: ecs.AppProtocol.http }],
      healthCheck: nodeHealthCheck(plan),
      stopTimeout: FARGATE_SERVICE_DEFAULTS.stopTimeout,
    });
    const scratch = props.enableExecuteCommand
      ? [...new Set([...plan.scratchDirectories, ...EXEC_AGENT_DIRECTORIES])]
      : plan.scratchDirectories;
    addScratchVolumes(this.taskDefinition, this.container, this.logGroup, scratch);
    if (props.tracing) {
      addTracingSidecar(this, plan.name, settings.environment, props.tracing);
    }

    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: `cdk-shop ${plan.name}: from the load balancer and the other services of the shop only`,
      allowAllOutbound: true,
    });

    const serviceProps = {
      cluster: props.cluster,
      desiredCount: plan.desiredCount,
      capacityProviderStrategies: bound.strategies.length > 0 ? bound.strategies : undefined,
      vpcSubnets: props.vpcSubnets,
      securityGroups: [this.securityGroup],
      ...SAFE_DEPLOYMENT,
      ...ecsDeploymentProps(props.deployment),
      deploymentAlarms:
        props.deploymentAlarmNames && props.deploymentAlarmNames.length > 0
          ? { alarmNames: props.deploymentAlarmNames, behavior: ecs.AlarmBehavior.ROLLBACK_ON_ALARM }
          : undefined,
      healthCheckGracePeriod: plan.healthCheckGracePeriod,
      enableExecuteCommand: props.enableExecuteCommand,
      propagateTags: ecs.PropagatedTagSource.SERVICE,
      enableECSManagedTags: true,
      serviceConnectConfiguration: props.serviceConnectNamespace
        ? {
            namespace: props.serviceConnectNamespace,
            services:
              plan.port === undefined
                ? undefined
                : [{ portMappingName: plan.name, dnsName: plan.name, port: plan.port }],
            logDriver: ecs.LogDrivers.awsLogs({ logGroup: this.logGroup, streamPrefix: 'service-connect' }),
          }
        : undefined,
    };
    this.service =
      bound.launch === 'EC2'
        ? new ecs.Ec2Service(this, 'Service', {
            ...serviceProps,
            taskDefinition: this.taskDefinition as ecs.Ec2TaskDefinition,
          })
        : new ecs.FargateService(this, 'Service', {
            ...serviceProps,
            taskDefinition: this.taskDefinition as ecs.FargateTaskDefinition,
            assignPublicIp: false,
            platformVersion: ecs.FargatePlatformVersion.LATEST,
          });
  }
}

/**
 * The strategy props of an ECS-native deployment (blue/green, canary, linear); none for rolling,
 * so a rolling service's template stays as it was. The circuit breaker and the deployment
 * alarms (SAFE_DEPLOYMENT, `deploymentAlarms`) roll back these deployments too.
 */
function ecsDeploymentProps(deployment?: ServiceDeployment): Partial<ecs.BaseServiceProps> {
  if (!deployment?.shiftsTraffic) return {};
  return {
    deploymentStrategy: deployment.strategy,
    bakeTime: deployment.bakeTime,
    canaryConfiguration: deployment.canaryConfiguration,
    linearConfiguration: deployment.linearConfiguration,
  };
}

/**
 * A container health check for the Node.js services (storefront, backend, worker): Node's own
 * fetch, since Node images need not have curl or wget. Others rely on the target group's check.
 */
function nodeHealthCheck(plan: ServicePlan): ecs.HealthCheck | undefined {
  if (plan.role === 'extra' || plan.healthPort === undefined) return undefined;
  const url = `http://127.0.0.1:${plan.healthPort}${plan.healthPath}`;
  return {
    command: [
      'CMD-SHELL',
      `node -e "fetch('${url}').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"`,
    ],
    interval: Duration.seconds(30),
    timeout: Duration.seconds(5),
    retries: 3,
    // the service's grace (the worker, without a load balancer, Medusa's default), capped at ECS's 300 s maximum
    startPeriod: Duration.seconds(
      Math.min(
        300,
        (plan.role === 'worker' ? DEFAULT_HEALTH_CHECK_GRACE : plan.healthCheckGracePeriod)?.toSeconds() ??
          60,
      ),
    ),
  };
}
