import { CfnResource, Stack, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import type { ShopService } from './shop-service';
import { ShopDatabase } from '../../database';
import { acknowledge } from '../../private/acknowledge';

/** What the findings depend on. */
export interface FargateFindingsOptions {
  readonly services: ShopService[];
  readonly cluster: ecs.Cluster;
  readonly containerInsights: boolean;
  readonly logRetentionDays: number;
  readonly alarmTopic?: sns.ITopic;
  readonly createdDatabase?: ShopDatabase;
  readonly deletionProtection: boolean;
  readonly appSecrets: secretsmanager.Secret[];
  readonly enableExecuteCommand: boolean;
  /** The NAT instances of the network the shop created, when some service runs on EC2 capacity. */
  readonly natInstancesBesideEc2Capacity?: ec2.Instance[];
  /** The ECS Exec log group, when ECS Exec is on. */
  readonly execLogGroup?: logs.LogGroup;
}

/**
 * The cdk-nag and cfn-guard findings a `FargateShop` accepts by design, each with its reason,
 * acknowledged on the resource it concerns.
 */
export function acknowledgeFargateFindings(o: FargateFindingsOptions): void {
  for (const service of o.services) acknowledgeService(service, o);

  if (!o.containerInsights) {
    const reason =
      "Container Insights is off by the preset (DEVELOPMENT) or containerInsights: false: its per-task custom metrics cost more than a small shop's tasks; the services' CPU and memory metrics and the deployment alarms remain.";
    acknowledge(
      o.cluster,
      { id: 'AwsSolutions-ECS4', reason },
      { id: 'guard:ecs_container_insights_enabled_check', reason },
    );
  }

  if (o.execLogGroup && o.logRetentionDays < 365) {
    acknowledge(o.execLogGroup, {
      id: 'guard:cloudwatch_log_group_retention_period_check',
      reason: `ECS Exec session logs are kept ${o.logRetentionDays} days, like the service logs (logRetention or the preset); a longer audit trail is one prop away.`,
    });
  }

  for (const instance of o.natInstancesBesideEc2Capacity ?? []) {
    acknowledge(instance, {
      id: 'AwsSolutions-EC26',
      reason:
        "The NAT instance's only volume is encrypted (BlockDeviceMappings Encrypted: true); cdk-nag's EC26 looks for a launch template on every instance once the stack has one (the EC2 capacity's) and fails instances launched without.",
    });
  }

  const topic = o.alarmTopic?.node.defaultChild;
  if (topic instanceof CfnResource) {
    acknowledge(topic, {
      id: 'NIST.800.53.R5-SNSEncryptedKMS',
      reason:
        'Alarm notifications carry no customer data, and CloudWatch cannot publish to a topic encrypted with the AWS managed key.',
    });
  }

  if (o.createdDatabase && !o.deletionProtection) {
    const reason =
      'Deletion protection is off by the preset (DEVELOPMENT) or deletionProtection: false, so a development shop can be torn down; deleting the stack still leaves a final snapshot (RemovalPolicy.SNAPSHOT) and the retained master secret.';
    acknowledge(
      o.createdDatabase.instance,
      { id: 'AwsSolutions-RDS10', reason },
      { id: 'NIST.800.53.R5-RDSInstanceDeletionProtectionEnabled', reason },
      { id: 'guard:rds_instance_deletion_protection_enabled_check', reason },
    );
  }

  for (const secret of o.appSecrets) {
    acknowledge(
      secret,
      {
        id: 'AwsSolutions-SMG4',
        reason:
          "Medusa's JWT_SECRET and COOKIE_SECRET sign sessions and tokens; rotating one signs every customer and admin out, so it is rotated by hand, not on a schedule.",
      },
      {
        id: 'NIST.800.53.R5-SecretsManagerRotationEnabled',
        reason:
          'A signing secret rotated on a schedule would sign every customer and admin out; it is replaced by hand when needed.',
      },
      {
        id: 'NIST.800.53.R5-SecretsManagerUsingKMSKey',
        reason:
          'The secret is encrypted with the AWS managed key aws/secretsmanager; only the execution roles of the Medusa services may read it.',
      },
    );
  }
}

function acknowledgeService(service: ShopService, o: FargateFindingsOptions): void {
  acknowledge(service.taskDefinition, {
    id: 'AwsSolutions-ECS2',
    reason:
      "The shop's own secrets (database and cache passwords, JWT_SECRET, COOKIE_SECRET) reach the container as ECS secrets from Secrets Manager, never as environment. The user's environment is checked at synth time: the generated names and secret dynamic references are rejected, and a name matching SECRET, PASSWORD, PASSWD, TOKEN, API_KEY, PRIVATE_KEY or CREDENTIAL (other than NEXT_PUBLIC_ ones) gets a warning pointing at secrets; other values are not inspected.",
  });
  if (service.taskDefinition.node.tryFindChild('scratch-permissions')) {
    acknowledge(service.taskDefinition, {
      id: 'guard:ecs_task_definition_nonroot_user_check',
      reason:
        "The one root container is the non-essential BusyBox init container that runs chmod on the task's empty scratch volumes (Fargate creates them root-owned, mode 0755) and exits before the application container, which runs as a non-root user, starts.",
    });
  }
  const logsEncryption =
    'CloudWatch Logs encrypts the log group at rest; a customer-managed key would add $1/month per key, and no secret is logged.';
  acknowledge(
    service.logGroup,
    { id: 'NIST.800.53.R5-CloudWatchLogGroupEncrypted', reason: logsEncryption },
    { id: 'guard:cloudwatch_log_group_encrypted_check', reason: logsEncryption },
  );
  if (o.logRetentionDays < 365) {
    acknowledge(service.logGroup, {
      id: 'guard:cloudwatch_log_group_retention_period_check',
      reason: `Service logs are kept ${o.logRetentionDays} days by choice (logRetention or the preset) to keep the bill in proportion; the data lives in the database, backed up separately.`,
    });
  }
  for (const role of [service.executionRole, service.taskRole]) {
    const policy = role.node.tryFindChild('DefaultPolicy');
    if (!policy) continue;
    acknowledge(policy, {
      id: 'NIST.800.53.R5-IAMNoInlinePolicy',
      reason:
        "aws-cdk-lib writes the grants of this one service's role (its log group, its secrets, its image) as the role's own policy; a managed policy would add nothing.",
    });
  }
  const executionPolicy = service.executionRole.node.tryFindChild('DefaultPolicy');
  if (executionPolicy) {
    acknowledge(executionPolicy, {
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'ecr:GetAuthorizationToken, which ECS calls to pull from ECR, has no resource-level permissions; image pulls themselves are limited to the image repository.',
    });
  }
  if (o.enableExecuteCommand) {
    const taskPolicy = service.taskRole.node.tryFindChild('DefaultPolicy');
    if (taskPolicy) {
      acknowledge(taskPolicy, {
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          'ECS Exec (enableExecuteCommand) needs ssmmessages:Create/Open Control and Data Channel, which have no resource-level permissions; sessions are encrypted with the shop key and logged.',
      });
      const group = o.execLogGroup?.node.defaultChild;
      if (group instanceof CfnResource) {
        acknowledge(taskPolicy, {
          id: `AwsSolutions-IAM5[Resource::arn:${literalOr(Stack.of(group).partition, '<AWS::Partition>')}:logs:${literalOr(Stack.of(group).region, '<AWS::Region>')}:${literalOr(Stack.of(group).account, '<AWS::AccountId>')}:log-group:<${Stack.of(group).getLogicalId(group)}>:*]`,
          reason:
            "The ECS Exec agent writes session logs to streams it names at run time, in the shop's one ECS Exec log group only.",
        });
      }
    }
  }
}

/** A stack attribute as cdk-nag prints it: the literal, or the pseudo parameter. */
function literalOr(value: string, pseudo: string): string {
  return Token.isUnresolved(value) ? pseudo : value;
}
