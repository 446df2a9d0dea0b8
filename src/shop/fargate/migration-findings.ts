import { CfnResource, Stack, Token } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import { IConstruct } from 'constructs';
import type { ShopMigration } from './migration';
import type { MigrationTask } from './migration-task';
import { acknowledge } from '../../private/acknowledge';

const LOGS_ENCRYPTION =
  "CloudWatch Logs encrypts the log group at rest; it holds the migration's output and the handlers' task ARNs and outcomes, never a secret value, and a customer-managed key would add $1/month.";

/** The cdk-nag and cfn-guard findings a `ShopMigration` accepts by design, each with its reason. */
export function acknowledgeMigrationFindings(m: ShopMigration): void {
  // every function of the migration: ours and the provider framework's three
  acknowledge(
    m,
    {
      id: 'NIST.800.53.R5-LambdaConcurrency',
      reason:
        'The functions run only during a deployment that changes the backend, one invocation at a time; reserved concurrency would take from the account pool (as low as 10 in new accounts) for nothing.',
    },
    {
      id: 'NIST.800.53.R5-LambdaDLQ',
      reason:
        'CloudFormation invokes the functions synchronously through the provider framework, which reports every failure to the stack; there is no asynchronous event to keep.',
    },
    {
      id: 'NIST.800.53.R5-LambdaInsideVPC',
      reason:
        'The functions call only the ECS, CloudFormation and Lambda APIs; they reach no shop data, so they need no VPC (and no NAT or endpoints of their own).',
    },
    {
      id: 'guard:lambda_inside_vpc_check',
      reason:
        'The functions call only the ECS, CloudFormation and Lambda APIs during deployments; they reach no shop data, so they need no VPC.',
    },
    {
      id: 'NIST.800.53.R5-IAMNoInlinePolicy',
      reason:
        "Each role belongs to one function or the waiter of this one migration and carries its grants as its own policy (aws-cdk-lib's grants); a managed policy would add nothing.",
    },
  );
  acknowledge(m.provider, {
    id: 'AwsSolutions-L1',
    reason:
      "aws-cdk-lib's provider framework picks its functions' runtime itself (determineLatestNodeRuntime, the newest it knows for the region); our own handlers run the latest Node.js.",
  });
  // aws-cdk-lib grants lambda:InvokeFunction on <function ARN> and <function ARN>:* (its versions)
  const invoke = (fn: IConstruct, who: string) => ({
    id: `AwsSolutions-IAM5[Resource::<${logicalId(fn)}.Arn>:*]`,
    reason: `${who} invokes this one function, any of its versions (<function ARN>:*, as aws-cdk-lib grants it); no other function.`,
  });
  for (const role of ['FrameworkOnEventRole', 'FrameworkWaiterRole']) {
    acknowledge(
      m.node.findChild(role),
      invoke(m.startFunction, 'The provider framework'),
      invoke(m.checkFunction, 'The provider framework'),
    );
  }
  const waiter = m.provider.node.findChild('waiter-state-machine');
  const frameworkFunction = (name: string) => m.provider.node.findChild(`framework-${name}`);
  acknowledge(
    waiter,
    invoke(frameworkFunction('isComplete'), 'The waiter state machine'),
    invoke(frameworkFunction('onTimeout'), 'The waiter state machine'),
  );
  const stack = Stack.of(m);
  const region = Token.isUnresolved(stack.region) ? '<AWS::Region>' : stack.region;
  const account = Token.isUnresolved(stack.account) ? '<AWS::AccountId>' : stack.account;
  const ecsArn = `arn:<AWS::Partition>:ecs:${region}:${account}`;
  acknowledge(m.startFunction.role!, {
    id: `AwsSolutions-IAM5[Resource::${ecsArn}:task-definition/${m.taskDefinition.family}:*]`,
    reason:
      "ecs:RunTask of the migration's task definition family, any revision (each new image is a new revision), in the shop's cluster only (ecs:cluster condition).",
  });
  const cluster = m.cluster.node.defaultChild;
  acknowledge(m.checkFunction.role!, {
    id: `AwsSolutions-IAM5[Resource::${ecsArn}:task/${cluster instanceof CfnResource ? `<${logicalId(m.cluster)}>` : m.cluster.clusterName}/*]`,
    reason:
      "ecs:DescribeTasks and ecs:StopTask of the shop cluster's tasks (their ids are known at run time only), with the ecs:cluster condition.",
  });
  const waiterLogs =
    "The waiter only calls the check handler every 15 s until the task stops; the handler logs each answer and the outcome to the migration's log group, and CloudFormation's stack events keep the result.";
  acknowledge(
    waiter,
    { id: 'AwsSolutions-SF1', reason: waiterLogs },
    { id: 'guard:step_functions_state_machine_logging_enabled_check', reason: waiterLogs },
  );
  acknowledge(waiter, {
    id: 'AwsSolutions-SF2',
    reason:
      "aws-cdk-lib's provider framework defines its waiter state machine without a tracing option; the check handler logs every poll to the migration's log group.",
  });
  acknowledge(waiter, {
    id: 'guard:step_functions_state_machine_tracing_enabled_check',
    reason:
      "aws-cdk-lib's provider framework defines its waiter state machine without a tracing option; the check handler logs every poll to the migration's log group.",
  });
}

/** The findings of the migration's task definition, as the services' task definitions have them. */
export function acknowledgeMigrationTaskFindings(
  task: MigrationTask,
  logRetention: logs.RetentionDays,
): void {
  acknowledge(task.taskDefinition, {
    id: 'AwsSolutions-ECS2',
    reason:
      "The migration's container has the backend's settings: the shop's secrets (database and cache passwords, JWT_SECRET, COOKIE_SECRET) arrive as ECS secrets from Secrets Manager, never as environment; the user's environment is checked at synth time as the backend's is.",
  });
  if (task.taskDefinition.node.tryFindChild('scratch-permissions')) {
    acknowledge(task.taskDefinition, {
      id: 'guard:ecs_task_definition_nonroot_user_check',
      reason:
        "The one root container is the non-essential BusyBox init container that runs chmod on the task's empty scratch volumes and exits before the migration container, which runs as the backend's non-root user, starts.",
    });
  }
  acknowledge(
    task.logGroup,
    { id: 'NIST.800.53.R5-CloudWatchLogGroupEncrypted', reason: LOGS_ENCRYPTION },
    { id: 'guard:cloudwatch_log_group_encrypted_check', reason: LOGS_ENCRYPTION },
  );
  if (logRetention < 365) {
    acknowledge(task.logGroup, {
      id: 'guard:cloudwatch_log_group_retention_period_check',
      reason: `Migration logs are kept ${logRetention} days, like the backend's (logRetention or the preset).`,
    });
  }
  const executionPolicy = task.taskDefinition.executionRole?.node.tryFindChild('DefaultPolicy');
  if (executionPolicy) {
    acknowledge(executionPolicy, {
      id: 'NIST.800.53.R5-IAMNoInlinePolicy',
      reason:
        "aws-cdk-lib writes the grants of the migration's execution role (its log group, its secrets, its image) as the role's own policy; a managed policy would add nothing.",
    });
    acknowledge(executionPolicy, {
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'ecr:GetAuthorizationToken, which ECS calls to pull from ECR, has no resource-level permissions; image pulls themselves are limited to the image repository.',
    });
  }
}

/** The logical id of a construct's CloudFormation resource (its default child's), as cdk-nag prints it. */
function logicalId(construct: IConstruct): string {
  const resource = construct instanceof CfnResource ? construct : construct.node.defaultChild;
  if (!(resource instanceof CfnResource)) {
    throw new Error(`${construct.node.path} has no CloudFormation resource`);
  }
  return Stack.of(resource).getLogicalId(resource);
}
