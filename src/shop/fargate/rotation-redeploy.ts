import { Duration, Names, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as events from 'aws-cdk-lib/aws-events';
import * as eventTargets from 'aws-cdk-lib/aws-events-targets';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import type { FargateShop } from './fargate-shop';
import { acknowledge } from '../../private/acknowledge';
import { invalidProp } from '../../private/errors';

/** Props of a `RotationRedeploy`. */
export interface RotationRedeployProps {
  /** The secret whose rotation the services must follow (a `ShopDatabase`'s `secret`). */
  readonly secret: secretsmanager.ISecret;

  /** The services that read the secret at task start; each is redeployed after a rotation. */
  readonly services: ecs.IBaseService[];

  /** The topic the failure alarms notify. */
  readonly alarmTopic: sns.ITopic;

  /**
   * How long the state machine's execution log is kept.
   *
   * @default logs.RetentionDays.ONE_MONTH
   */
  readonly logRetention?: logs.RetentionDays;
}

/**
 * The EventBridge event of a successful rotation: Secrets Manager reports rotation outcomes as
 * CloudTrail service events (`AWS Service Event via CloudTrail`, event name `RotationSucceeded`,
 * the secret's ARN in `detail.additionalEventData.SecretId`), which reach the default event bus
 * without a trail (a trail is needed only for `AWS API Call via CloudTrail` events), best effort.
 *
 * @see https://docs.aws.amazon.com/secretsmanager/latest/userguide/cloudtrail_log_entries.html
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-service-event-cloudtrail.html
 */
export function rotationSucceededPattern(secretArn: string): events.EventPattern {
  return {
    source: ['aws.secretsmanager'],
    detailType: ['AWS Service Event via CloudTrail'],
    detail: {
      eventSource: ['secretsmanager.amazonaws.com'],
      eventName: ['RotationSucceeded'],
      additionalEventData: { SecretId: [secretArn] },
    },
  };
}

/**
 * Redeploys ECS services when a rotation of the secret they read succeeds.
 *
 * ECS reads a secret once, when a task starts: after a rotation, tasks started before it keep
 * the old password and fail as soon as their pool opens a new connection. An EventBridge rule on
 * the secret's `RotationSucceeded` event starts a Step Functions state machine that calls ECS
 * `UpdateService` with `forceNewDeployment` on each service (the `aws-sdk:ecs:updateService`
 * integration: no function code to maintain). The services' rolling deployments start new tasks,
 * which read the new password, before stopping old ones.
 *
 * The state machine may update exactly these services, logs every execution in full (no secret
 * value passes through it: the event names the secret, ECS reads it) and is traced. Failures
 * alarm to `alarmTopic`: a failed execution (an update that failed or took over a minute, three
 * times), and an event the rule could not deliver (after EventBridge's retries).
 */
export class RotationRedeploy extends Construct {
  /** The rule matching the secret's `RotationSucceeded` event. */
  public readonly rule: events.Rule;
  /** The state machine that forces a new deployment of each service. */
  public readonly stateMachine: sfn.StateMachine;
  /** The state machine's execution log, retained. */
  public readonly logGroup: logs.LogGroup;
  /** The alarms on failed executions and on failed rule invocations. */
  public readonly alarms: cloudwatch.Alarm[];

  constructor(scope: Construct, id: string, props: RotationRedeployProps) {
    super(scope, id);
    if (props.services.length === 0) {
      throw invalidProp(
        this,
        'services',
        'is empty: there is nothing to redeploy',
        'Give the services that read the secret, or define no RotationRedeploy.',
      );
    }

    // each service in its own branch: one failing update does not hold back the others
    const updates = new sfn.Parallel(this, 'RedeployServices', {
      comment: 'UpdateService forceNewDeployment on every service that reads the rotated secret',
    });
    props.services.forEach((service, i) => {
      const update = new tasks.CallAwsService(this, `Redeploy${i + 1}`, {
        comment: `Redeploy ${service.node.path}`,
        service: 'ecs',
        action: 'updateService',
        parameters: {
          Cluster: service.cluster.clusterArn,
          Service: service.serviceArn,
          ForceNewDeployment: true,
        },
        iamResources: [service.serviceArn],
        // the response describes the whole service; the execution log already has it
        resultPath: sfn.JsonPath.DISCARD,
        taskTimeout: sfn.Timeout.duration(Duration.minutes(1)),
      });
      update.addRetry({
        errors: ['States.ALL'],
        interval: Duration.seconds(10),
        maxAttempts: 3,
        backoffRate: 2,
      });
      updates.branch(update);
    });

    this.logGroup = new logs.LogGroup(this, 'Logs', {
      // under /aws/vendedlogs/ the log delivery needs no entry in the account's size-limited
      // CloudWatch Logs resource policy
      logGroupName: `/aws/vendedlogs/states/${Names.uniqueResourceName(this, { maxLength: 200, separator: '-' })}`,
      retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      comment: `Redeploys the services reading ${props.secret.node.path} after its rotation`,
      definitionBody: sfn.DefinitionBody.fromChainable(updates),
      stateMachineType: sfn.StateMachineType.STANDARD,
      tracingEnabled: true,
      logs: { destination: this.logGroup, level: sfn.LogLevel.ALL, includeExecutionData: true },
    });

    this.rule = new events.Rule(this, 'RotationSucceeded', {
      description: 'A rotation of the database password succeeded: redeploy the services that read it',
      eventPattern: rotationSucceededPattern(props.secret.secretArn),
      // EventBridge retries delivery for 24 hours (its default) before counting a failed invocation
      targets: [new eventTargets.SfnStateMachine(this.stateMachine)],
    });

    // the updates time out as tasks, so every failure, timeouts included, fails the execution
    const executionsFailed = new cloudwatch.Alarm(this, 'ExecutionsFailed', {
      alarmDescription:
        'A redeploy after the database password rotation failed: tasks started before the rotation ' +
        'cannot open new database connections; force a new deployment of each service',
      metric: this.stateMachine.metricFailed({ statistic: 'Sum', period: Duration.minutes(5) }),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    const invocationsFailed = new cloudwatch.Alarm(this, 'InvocationsFailed', {
      alarmDescription:
        'EventBridge could not start the redeploy after a database password rotation: force a new ' +
        'deployment of each service that reads the password',
      metric: new cloudwatch.Metric({
        namespace: 'AWS/Events',
        metricName: 'FailedInvocations',
        dimensionsMap: { RuleName: this.rule.ruleName },
        statistic: 'Sum',
        period: Duration.minutes(5),
      }),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    this.alarms = [executionsFailed, invocationsFailed];
    for (const alarm of this.alarms) alarm.addAlarmAction(new cwActions.SnsAction(props.alarmTopic));
    this.acknowledgeFindings(props.logRetention ?? logs.RetentionDays.ONE_MONTH);
  }

  private acknowledgeFindings(logRetention: logs.RetentionDays): void {
    const machinePolicy = this.stateMachine.role.node.tryFindChild('DefaultPolicy');
    if (machinePolicy) {
      acknowledge(
        machinePolicy,
        {
          id: 'AwsSolutions-IAM5[Resource::*]',
          reason:
            'Step Functions log delivery (logs:CreateLogDelivery, GetLogDelivery, UpdateLogDelivery, DeleteLogDelivery, ListLogDeliveries, PutResourcePolicy, DescribeResourcePolicies, DescribeLogGroups) and X-Ray tracing (xray:PutTraceSegments, PutTelemetryRecords, GetSamplingRules, GetSamplingTargets) have no resource-level permissions; ecs:UpdateService is limited to the services named.',
        },
        {
          id: 'NIST.800.53.R5-IAMNoInlinePolicy',
          reason:
            "aws-cdk-lib writes this one state machine's grants (UpdateService on its services, log delivery, tracing) as its role's own policy; a managed policy would add nothing.",
        },
      );
    }
    const eventsPolicy = this.stateMachine.node
      .tryFindChild('EventsRole')
      ?.node.tryFindChild('DefaultPolicy');
    if (eventsPolicy) {
      acknowledge(eventsPolicy, {
        id: 'NIST.800.53.R5-IAMNoInlinePolicy',
        reason:
          "aws-cdk-lib writes the rule's one grant (states:StartExecution on this state machine) as the EventBridge role's own policy; a managed policy would add nothing.",
      });
    }
    const encryption =
      'CloudWatch Logs encrypts the log group at rest; the executions log service and deployment ids, never a secret value (the event names the secret, ECS reads it), and a customer-managed key would add $1/month.';
    acknowledge(
      this.logGroup,
      { id: 'NIST.800.53.R5-CloudWatchLogGroupEncrypted', reason: encryption },
      { id: 'guard:cloudwatch_log_group_encrypted_check', reason: encryption },
    );
    if (logRetention < 365) {
      acknowledge(this.logGroup, {
        id: 'guard:cloudwatch_log_group_retention_period_check',
        reason: `Redeploy executions are logged for ${logRetention} days, like the shop's service logs (logRetention or the preset); the ECS service events keep the deployments too.`,
      });
    }
  }
}

/**
 * The shop's redeploy after a rotation of its database's password, for the services that read
 * it; undefined without a database or a service that reads it.
 *
 * A database in the shop's stack rotates once when its rotation schedule is created (and on
 * some updates of it). The schedule is made to wait for the rule, so that first rotation is
 * followed too: tasks started before it would otherwise keep the password it replaced.
 */
export function followPasswordRotation(
  shop: FargateShop,
  readers: ecs.IBaseService[],
  logRetention: logs.RetentionDays,
): RotationRedeploy | undefined {
  const database = shop.database;
  if (!database || readers.length === 0) return undefined;
  const redeploy = new RotationRedeploy(shop, 'PasswordRotationRedeploy', {
    secret: database.secret,
    services: readers,
    alarmTopic: shop.alarmTopic,
    logRetention,
  });
  if (Stack.of(database) === Stack.of(shop)) {
    for (const schedule of database.node
      .findAll()
      .filter((c) => c instanceof secretsmanager.CfnRotationSchedule)) {
      schedule.node.addDependency(redeploy.rule);
    }
  }
  return redeploy;
}
