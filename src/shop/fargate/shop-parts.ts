import { ArnFormat, CfnOutput, Names, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as servicediscovery from 'aws-cdk-lib/aws-servicediscovery';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import type { FargateShop } from './fargate-shop';
import type { FargateShopProps } from './fargate-shop-props';
import type { ServicePlan } from './service-plan';

/** How a FargateShop's cluster is set up. */
export interface ShopClusterOptions {
  readonly containerInsights: boolean;
  /** ECS Exec's settings; none without `enableExecuteCommand`. */
  readonly exec?: ExecSetup;
  /** Whether a service is reachable through Service Connect only: the cluster gets an HTTP namespace. */
  readonly serviceConnect: boolean;
}

/** The shop's ECS cluster: Container Insights (v2) as asked, ECS Exec's settings, a Service Connect namespace when needed. */
export function createShopCluster(shop: Construct, vpc: ec2.IVpc, options: ShopClusterOptions): ecs.Cluster {
  const cluster = new ecs.Cluster(shop, 'Cluster', {
    vpc,
    containerInsightsV2: options.containerInsights
      ? ecs.ContainerInsights.ENABLED
      : ecs.ContainerInsights.DISABLED,
    executeCommandConfiguration: options.exec?.configuration,
  });
  if (options.serviceConnect) {
    cluster.addDefaultCloudMapNamespace({
      name: Names.uniqueResourceName(shop, { maxLength: 60, separator: '-' }).toLowerCase(),
      type: servicediscovery.NamespaceType.HTTP,
      useForServiceConnect: true,
    });
  }
  return cluster;
}

/** ECS Exec's cluster settings and what they are made of. */
export interface ExecSetup {
  readonly key: kms.Key;
  readonly logGroup: logs.LogGroup;
  readonly configuration: ecs.ExecuteCommandConfiguration;
}

/** ECS Exec sessions encrypted with a key of the shop's and logged to a log group it encrypts. */
export function createExecSetup(scope: Construct, logRetention: logs.RetentionDays): ExecSetup {
  const key = new kms.Key(scope, 'ExecKey', {
    description: `cdk-shop ${scope.node.path}: ECS Exec sessions and their logs`,
    enableKeyRotation: true,
  });
  // a literal name: the key policy cannot reference the log group that references the key
  const logGroupName = `/cdk-shop/${Names.uniqueResourceName(scope, { maxLength: 200, separator: '-' })}/ecs-exec`;
  const stack = Stack.of(scope);
  // CloudWatch Logs may use the key for the exec log group only
  key.addToResourcePolicy(
    new iam.PolicyStatement({
      principals: [new iam.ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
      actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
      resources: ['*'],
      conditions: {
        ArnLike: {
          'kms:EncryptionContext:aws:logs:arn': stack.formatArn({
            service: 'logs',
            resource: 'log-group',
            resourceName: logGroupName,
            arnFormat: ArnFormat.COLON_RESOURCE_NAME,
          }),
        },
      },
    }),
  );
  // grants only for AWS services acting for a resource (Control Tower KMS.PR.3); ECS Exec needs none
  key.addToResourcePolicy(
    new iam.PolicyStatement({
      effect: iam.Effect.DENY,
      principals: [new iam.AnyPrincipal()],
      actions: ['kms:CreateGrant'],
      resources: ['*'],
      conditions: {
        BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' },
      },
    }),
  );
  const logGroup = new logs.LogGroup(scope, 'ExecLogs', {
    logGroupName,
    retention: logRetention,
    encryptionKey: key,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  return {
    key,
    logGroup,
    configuration: {
      kmsKey: key,
      logging: ecs.ExecuteCommandLogging.OVERRIDE,
      logConfiguration: { cloudWatchLogGroup: logGroup, cloudWatchEncryptionEnabled: true },
    },
  };
}

/** The shop's outputs: URL, load balancer, cluster, one per service, the ECS Exec command. */
export function addShopOutputs(shop: FargateShop, props: FargateShopProps, plans: ServicePlan[]): void {
  new CfnOutput(shop, 'Url', {
    value: shop.url,
    description: props.domainName
      ? 'The shop over HTTPS (HTTP redirects to it)'
      : 'The shop over plain HTTP: no domainName was given, so there is no TLS certificate',
  });
  new CfnOutput(shop, 'LoadBalancerDnsName', { value: shop.loadBalancer.loadBalancerDnsName });
  new CfnOutput(shop, 'ClusterName', { value: shop.cluster.clusterName });
  for (const plan of plans) {
    new CfnOutput(shop, `${pascal(plan.name)}ServiceName`, { value: shop.service(plan.name).serviceName });
  }
  if (props.enableExecuteCommand) {
    const main = plans.find((p) => p.role === 'backend') ?? plans[0];
    const cluster = shop.cluster.clusterName;
    new CfnOutput(shop, 'EcsExecCommand', {
      value:
        `aws ecs execute-command --region ${Stack.of(shop).region} --cluster ${cluster} --container ${main.name} ` +
        `--interactive --command /bin/sh --task <task id from: aws ecs list-tasks --cluster ${cluster} ` +
        `--service-name ${shop.service(main.name).serviceName}>`,
      description: 'A shell in a running task (ECS Exec; sessions are logged)',
    });
  }
}

/** `order-history` -> `OrderHistory`, for construct ids. */
export function pascal(name: string): string {
  return name
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

/** A new TLS-only alarm topic, with `email` subscribed. */
export function newAlarmTopic(scope: Construct, email?: string): sns.Topic {
  const topic = new sns.Topic(scope, 'AlarmTopic', { enforceSSL: true });
  if (email) topic.addSubscription(new subscriptions.EmailSubscription(email));
  return topic;
}

/** A generated secret of 64 letters and digits, kept when the stack goes. */
export function appSecret(scope: Construct, id: string, name: string): secretsmanager.Secret {
  return new secretsmanager.Secret(scope, id, {
    description: `${name} of the cdk-shop backend ${scope.node.path}`,
    generateSecretString: { passwordLength: 64, excludePunctuation: true, includeSpace: false },
    removalPolicy: RemovalPolicy.RETAIN,
  });
}
