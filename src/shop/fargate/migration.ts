import * as path from 'path';
import { CustomResource, Duration, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { acknowledgeMigrationFindings } from './migration-findings';
import { validateMigrationTimeout } from './migration-validation';

/** The folder of the handlers shipped in the package (assets/migration), the same from src and lib. */
export const MIGRATION_HANDLER_DIR = path.join(__dirname, '..', '..', '..', 'assets', 'migration');

/** How often the completion handler asks ECS about the task. */
export const MIGRATION_POLL_INTERVAL = Duration.seconds(15);

/** What the provider framework waits beyond the migration's own timeout (RunTask, StopTask, the last polls). */
export const MIGRATION_TIMEOUT_MARGIN = Duration.minutes(5);

/** Default of `ShopMigrationProps.timeout`. */
export const DEFAULT_MIGRATION_TIMEOUT = Duration.minutes(15);

/** Props of a `ShopMigration`. */
export interface ShopMigrationProps {
  /** The cluster the task runs in. */
  readonly cluster: ecs.ICluster;

  /** The one-off task: a Fargate task definition whose `containerName` runs the migration and exits. */
  readonly taskDefinition: ecs.FargateTaskDefinition;

  /** The container whose exit code decides the outcome. */
  readonly containerName: string;

  /** The subnets the task runs in (no public IP): they need a route to the image registry. */
  readonly vpcSubnets: ec2.SubnetSelection;

  /** The task's security groups (the database must admit them). */
  readonly securityGroups: ec2.ISecurityGroup[];

  /**
   * The log group of the task's container (its awslogs driver), named in failure messages. The
   * handlers and the provider framework's functions log there too: one log tells the whole run.
   */
  readonly logGroup: logs.ILogGroup;

  /**
   * The awslogs stream prefix of the container.
   *
   * @default 'migration'
   */
  readonly taskLogStreamPrefix?: string;

  /**
   * The longest the task may take; past it the task is stopped and the deployment fails.
   * From 1 to 50 minutes.
   *
   * @default Duration.minutes(15)
   */
  readonly timeout?: Duration;
}

/**
 * Runs a one-off ECS task to completion during a CloudFormation deployment, before whatever
 * depends on it, and fails the deployment unless the task's container exits 0.
 *
 * A custom resource (aws-cdk-lib's provider framework) starts the task with `ecs:RunTask` and
 * polls `ecs:DescribeTasks` until it stops. Its properties are the task definition's ARN and the
 * image, so it runs on the first deployment and on each deployment that changes them, never on
 * a task start or a deployment that leaves them as they are. The deployment fails when the
 * container exits non-zero, when the task stops before the container ran (image pull, secrets,
 * network), or at `timeout` (the task is then stopped). Deleting does nothing; the updates of a
 * rollback do not run the task again.
 */
export class ShopMigration extends Construct implements ec2.IConnectable {
  /** The custom resource: make a resource depend on it to have it wait for the migration. */
  public readonly run: CustomResource;
  /** The migration's task definition. */
  public readonly taskDefinition: ecs.FargateTaskDefinition;
  /** The handler that starts the task (RunTask). */
  public readonly startFunction: lambda.Function;
  /** The handler that decides whether the task is done (DescribeTasks, StopTask on timeout). */
  public readonly checkFunction: lambda.Function;
  /** The provider framework (its functions and the waiter state machine). */
  public readonly provider: cr.Provider;
  /** The log group of the task's container, the handlers and the provider's functions. */
  public readonly logGroup: logs.ILogGroup;
  /** The cluster the task runs in. */
  public readonly cluster: ecs.ICluster;
  /** The task's security groups: allow them to what the migration reaches. */
  public readonly connections: ec2.Connections;

  constructor(scope: Construct, id: string, props: ShopMigrationProps) {
    super(scope, id);
    const timeout = props.timeout ?? DEFAULT_MIGRATION_TIMEOUT;
    validateMigrationTimeout(this, 'timeout', timeout);
    this.taskDefinition = props.taskDefinition;
    this.logGroup = props.logGroup;
    this.cluster = props.cluster;
    this.connections = new ec2.Connections({ securityGroups: props.securityGroups });
    const container = props.taskDefinition.findContainer(props.containerName);
    if (!container) {
      throw new Error(
        `${this.node.path}: invalid 'containerName': the task definition has no container named '${props.containerName}'. Name the container that runs the migration.`,
      );
    }

    // roles of our own, writing to the migration's log group only (no AWSLambdaBasicExecutionRole, which
    // may create and write any log group)
    const role = (name: string, description: string) => {
      const r = new iam.Role(this, name, {
        assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
        description: `cdk-shop migration: ${description}`,
      });
      this.logGroup.grantWrite(r);
      return r;
    };
    const code = lambda.Code.fromAsset(MIGRATION_HANDLER_DIR);
    const handler = (name: string, entry: string, description: string) =>
      new lambda.Function(this, name, {
        description,
        role: role(`${name}Role`, `the ${name.toLowerCase()} handler`),
        code,
        handler: `index.${entry}`,
        runtime: lambda.Runtime.NODEJS_24_X,
        architecture: lambda.Architecture.ARM_64,
        memorySize: 256,
        timeout: Duration.minutes(1),
        logGroup: this.logGroup,
        loggingFormat: lambda.LoggingFormat.JSON,
      });
    this.startFunction = handler(
      'Start',
      'onEvent',
      `cdk-shop: starts the migration task (${this.node.path})`,
    );
    this.checkFunction = handler(
      'Check',
      'isComplete',
      `cdk-shop: waits for the migration task, fails on a non-zero exit (${this.node.path})`,
    );
    this.grantHandlers(props);

    const totalTimeout = timeout.plus(MIGRATION_TIMEOUT_MARGIN);
    this.provider = new cr.Provider(this, 'Provider', {
      onEventHandler: this.startFunction,
      isCompleteHandler: this.checkFunction,
      queryInterval: MIGRATION_POLL_INTERVAL,
      totalTimeout,
      logGroup: this.logGroup,
      frameworkOnEventRole: role('FrameworkOnEventRole', "the provider framework's onEvent function"),
      frameworkCompleteAndTimeoutRole: role(
        'FrameworkWaiterRole',
        "the provider framework's isComplete and onTimeout functions",
      ),
    });

    const subnets = props.cluster.vpc.selectSubnets(props.vpcSubnets);
    this.run = new CustomResource(this, 'Run', {
      serviceToken: this.provider.serviceToken,
      resourceType: 'Custom::ShopMigration',
      // the framework answers CloudFormation once the waiter is done
      serviceTimeout: totalTimeout.plus(Duration.minutes(2)),
      properties: {
        ClusterArn: props.cluster.clusterArn,
        TaskDefinitionArn: props.taskDefinition.taskDefinitionArn,
        Image: container.imageName,
        ContainerName: props.containerName,
        Subnets: subnets.subnetIds,
        SecurityGroups: props.securityGroups.map((sg) => sg.securityGroupId),
        TimeoutSeconds: String(timeout.toSeconds()),
        LogGroupName: props.logGroup.logGroupName,
        LogStreamPrefix: props.taskLogStreamPrefix ?? 'migration',
      },
    });
    // the first run must find the task's way out (NAT routes) in place
    this.run.node.addDependency(subnets.internetConnectivityEstablished);
    acknowledgeMigrationFindings(this);
  }

  /**
   * RunTask of this task definition's family in this cluster only, PassRole of its two roles
   * to ECS tasks only, DescribeTasks and StopTask of this cluster's tasks, DescribeStacks of
   * this stack (to tell a rollback).
   */
  private grantHandlers(props: ShopMigrationProps): void {
    const stack = Stack.of(this);
    const td = props.taskDefinition;
    const clusterCondition = { ArnEquals: { 'ecs:cluster': props.cluster.clusterArn } };
    this.startFunction.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['ecs:RunTask'],
        resources: [
          stack.formatArn({ service: 'ecs', resource: 'task-definition', resourceName: `${td.family}:*` }),
        ],
        conditions: clusterCondition,
      }),
    );
    this.startFunction.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['iam:PassRole'],
        resources: [td.taskRole.roleArn, td.obtainExecutionRole().roleArn],
        conditions: { StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } },
      }),
    );
    this.startFunction.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['cloudformation:DescribeStacks'], resources: [stack.stackId] }),
    );
    this.checkFunction.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['ecs:DescribeTasks', 'ecs:StopTask'],
        resources: [
          stack.formatArn({
            service: 'ecs',
            resource: 'task',
            resourceName: `${props.cluster.clusterName}/*`,
          }),
        ],
        conditions: clusterCondition,
      }),
    );
  }
}
