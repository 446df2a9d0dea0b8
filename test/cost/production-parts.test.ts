import { App, CustomResource, Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import * as cr from 'aws-cdk-lib/custom-resources';
import { LIST_PRICES } from './list-prices';
import { CostEstimator } from '../../src/cost';

/*
 * The parts a production FargateShop adds, built from plain aws-cdk-lib so the estimator is held
 * to them whoever builds them: an edge (CloudFront with cache, origin-request and response-header
 * policies, a web ACL, a media bucket behind OAC, static assets uploaded on deploy), an origin
 * secret, a deploy-time prefix-list lookup, a migration custom resource with a completion check
 * and a one-off task, a blue/green service with a lifecycle hook and a green target group, an
 * ADOT collector sidecar, a queue with a dead-letter queue. Each must be priced, or free with
 * the reason, never silently unpriced.
 */
function productionParts(): Stack {
  const stack = new Stack(new App(), 'Parts');
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
  const cluster = new ecs.Cluster(stack, 'Cluster', { vpc });
  const code = lambda.Code.fromInline('exports.handler = async () => ({})');
  const fn = (id: string) =>
    new lambda.Function(stack, id, { runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code });

  // the web service: blue/green with a lifecycle hook, an ADOT collector sidecar
  const web = new ecs.FargateTaskDefinition(stack, 'WebTask', { cpu: 1024, memoryLimitMiB: 2048 });
  web.addContainer('web', {
    image: ecs.ContainerImage.fromRegistry('ghcr.io/acme/medusa:1.0.0'),
    portMappings: [{ containerPort: 9000 }],
  });
  web.addContainer('otel', {
    image: ecs.ContainerImage.fromRegistry('public.ecr.aws/aws-observability/aws-otel-collector:v0.43.1'),
    essential: false,
  });
  const service = new ecs.FargateService(stack, 'Web', {
    cluster,
    taskDefinition: web,
    deploymentStrategy: ecs.DeploymentStrategy.BLUE_GREEN,
    bakeTime: Duration.minutes(10),
  });
  service.addLifecycleHook(
    new ecs.DeploymentLifecycleLambdaTarget(fn('SmokeTest'), 'SmokeTest', {
      lifecycleStages: [ecs.DeploymentLifecycleStage.POST_TEST_TRAFFIC_SHIFT],
    }),
  );
  const alb = new elbv2.ApplicationLoadBalancer(stack, 'Alb', { vpc, internetFacing: true });
  const listener = alb.addListener('Http', { port: 80 });
  listener.addTargets('Blue', { port: 9000, protocol: elbv2.ApplicationProtocol.HTTP, targets: [service] });
  new elbv2.ApplicationTargetGroup(stack, 'Green', {
    vpc,
    port: 9000,
    protocol: elbv2.ApplicationProtocol.HTTP,
    targetType: elbv2.TargetType.IP,
  });

  // migrations: a one-off task run by a custom resource whose provider waits for it to finish
  const migrate = new ecs.FargateTaskDefinition(stack, 'MigrateTask', { cpu: 512, memoryLimitMiB: 1024 });
  migrate.addContainer('migrate', { image: ecs.ContainerImage.fromRegistry('ghcr.io/acme/medusa:1.0.0') });
  const provider = new cr.Provider(stack, 'Migrations', {
    onEventHandler: fn('StartMigration'),
    isCompleteHandler: fn('MigrationDone'),
    queryInterval: Duration.seconds(15),
    totalTimeout: Duration.minutes(30),
  });
  new CustomResource(stack, 'Migrate', {
    serviceToken: provider.serviceToken,
    properties: { taskDefinition: migrate.taskDefinitionArn },
  });

  // the worker's queue, with its dead-letter queue
  new sqs.Queue(stack, 'Jobs', {
    deadLetterQueue: { queue: new sqs.Queue(stack, 'JobsDlq'), maxReceiveCount: 5 },
  });

  // the edge: CloudFront + WAF, media behind OAC, static assets, the origin lock's secret and lookup
  const media = new s3.Bucket(stack, 'Media', { enforceSSL: true });
  const assets = new s3.Bucket(stack, 'Assets', { enforceSSL: true });
  new s3deploy.BucketDeployment(stack, 'UploadAssets', {
    sources: [s3deploy.Source.data('_next/static/chunks/a.js', 'x')],
    destinationBucket: assets,
    prune: false,
  });
  const acl = new wafv2.CfnWebACL(stack, 'WebAcl', {
    scope: 'CLOUDFRONT',
    defaultAction: { allow: {} },
    visibilityConfig: { cloudWatchMetricsEnabled: true, metricName: 'acl', sampledRequestsEnabled: true },
  });
  const originSecret = new secretsmanager.Secret(stack, 'OriginHeader');
  new cr.AwsCustomResource(stack, 'PrefixList', {
    onUpdate: {
      service: 'EC2',
      action: 'describeManagedPrefixLists',
      parameters: {
        Filters: [{ Name: 'prefix-list-name', Values: ['com.amazonaws.global.cloudfront.origin-facing'] }],
      },
      physicalResourceId: cr.PhysicalResourceId.of('cloudfront-origin-facing'),
    },
    policy: cr.AwsCustomResourcePolicy.fromSdkCalls({ resources: cr.AwsCustomResourcePolicy.ANY_RESOURCE }),
    installLatestAwsSdk: false,
  });
  new ssm.StringParameter(stack, 'WebAclArn', { stringValue: acl.attrArn });
  new cloudfront.Distribution(stack, 'Edge', {
    defaultBehavior: {
      origin: new origins.LoadBalancerV2Origin(alb, {
        protocolPolicy: cloudfront.OriginProtocolPolicy.HTTP_ONLY,
        customHeaders: { 'X-Origin-Verify': originSecret.secretValue.unsafeUnwrap() },
      }),
      cachePolicy: new cloudfront.CachePolicy(stack, 'Pages', {
        headerBehavior: cloudfront.CacheHeaderBehavior.allowList('rsc'),
      }),
      originRequestPolicy: new cloudfront.OriginRequestPolicy(stack, 'Forward', {}),
      responseHeadersPolicy: new cloudfront.ResponseHeadersPolicy(stack, 'Headers', {}),
    },
    additionalBehaviors: {
      '/media/*': { origin: origins.S3BucketOrigin.withOriginAccessControl(media) },
      '/_next/static/*': { origin: origins.S3BucketOrigin.withOriginAccessControl(assets) },
    },
    webAclId: acl.attrArn,
  });
  return stack;
}

describe('the parts of a production FargateShop, each priced or free with its reason', () => {
  const template = Template.fromStack(productionParts()).toJSON();
  const estimate = new CostEstimator(LIST_PRICES).estimateTemplate(template, 'Parts');
  const freeReasons = (type: string) => estimate.free.filter((f) => f.type === type).map((f) => f.reason);

  test('nothing is left without a line or a reason', () => {
    expect(estimate.notPriced).toEqual([]);
    expect(estimate.free.filter((f) => !f.reason)).toEqual([]);
  });

  test('every function and state machine runs on deploy only: none takes the run-time usage', () => {
    expect(estimate.lines.filter((l) => l.type === 'AWS::Lambda::Function')).toEqual([]);
    expect(estimate.lines.filter((l) => l.type === 'AWS::StepFunctions::StateMachine')).toEqual([]);
    const deployTime = [
      ...freeReasons('AWS::Lambda::Function'),
      ...freeReasons('AWS::StepFunctions::StateMachine'),
    ];
    // the smoke test, the migration's two handlers, the provider's onEvent / isComplete /
    // onTimeout and waiter, the bucket deployment's, the SDK call's
    expect(deployTime).toHaveLength(9);
    expect(deployTime.filter((r) => !/^runs only when (the stack|a service) deploys, /.test(r))).toEqual([]);
    expect(deployTime.filter((r) => /lifecycle hook of ECS service/.test(r))).toHaveLength(1);
  });

  test('the blue/green service is priced once, its green target group and the edge policies free', () => {
    const webLines = estimate.lines.filter((l) => l.type === 'AWS::ECS::Service');
    expect(webLines.map((l) => l.description)).toEqual([
      'Fargate x86 vCPU (1 vCPU per task)',
      'Fargate x86 memory (2 GB per task)',
    ]);
    expect(webLines[0].assumption).toMatch(/a BLUE_GREEN deployment runs the new tasks beside the old ones/);
    expect(freeReasons('AWS::ElasticLoadBalancingV2::TargetGroup')).toEqual([
      'priced on the load balancer',
      'priced on the load balancer',
    ]);
    for (const type of [
      'AWS::CloudFront::CachePolicy',
      'AWS::CloudFront::OriginRequestPolicy',
      'AWS::CloudFront::ResponseHeadersPolicy',
    ]) {
      expect(freeReasons(type)).toEqual(['no charge (requests are priced on the distribution)']);
    }
  });

  test('the migration task is free as a one-off; the traced web task records X-Ray traces', () => {
    expect(freeReasons('AWS::ECS::TaskDefinition')).toEqual([
      expect.stringMatching(/^no ECS service in this template runs it: a one-off task/),
    ]);
    expect(
      estimate.lines
        .filter((l) => l.type === 'AWS::ECS::TaskDefinition')
        .map((l) => [l.priceKey, l.quantity]),
    ).toEqual([['xray.tracesRecorded.perMillion', 1]]);
  });

  test('the origin secret, the queues, the buckets, the distribution and the web ACL have lines', () => {
    const types = new Set(estimate.lines.map((l) => l.type));
    for (const type of [
      'AWS::SecretsManager::Secret',
      'AWS::SQS::Queue',
      'AWS::S3::Bucket',
      'AWS::CloudFront::Distribution',
      'AWS::WAFv2::WebACL',
    ]) {
      expect([type, types.has(type)]).toEqual([type, true]);
    }
  });
});
