import { App, CustomResource, Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as apigatewayv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as integrations from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as cr from 'aws-cdk-lib/custom-resources';
import {
  CachePreset,
  FargateShop,
  FargateShopPreset,
  NetworkProfile,
  ShopCache,
  ShopDatabase,
  ShopDeploymentStrategy,
  ShopImage,
  ShopNetwork,
  ShopQueue,
  SingleHostShop,
} from '../../src';
import { discoverResources, OTHER_STACK_WARNING } from '../../src/observability/discovery';
import { MonitoredResource, REQUEST_ORDER } from '../../src/observability/monitored-resource';

/*
 * Discovery on this library's constructs and plain aws-cdk-lib L2s: which resources it finds,
 * and that each dimension value is the attribute its service publishes metrics by.
 */

const newStack = (region = 'eu-west-1') => {
  const app = new App({ context: { 'aws:cdk:disable-creation-stack-traces': true } });
  return new Stack(app, 'Stack', { env: { region, account: '111122223333' } });
};
const IMAGES = {
  storefront: { image: ShopImage.fromRegistry('ghcr.io/acme/storefront:1.4.2') },
  backend: { image: ShopImage.fromRegistry('ghcr.io/acme/medusa:1.4.2') },
};
/** A resource's dimensions and facts as CloudFormation sees them. */
const resolved = (r: MonitoredResource) => Stack.of(r.resource).resolve({ d: r.dimensions, f: r.facts });
const logicalId = (r: MonitoredResource) => Stack.of(r.resource).resolve(r.resource.logicalId);
const ofKind = (found: MonitoredResource[], kind: string) => found.filter((r) => r.kind === kind);

describe('a HIGHLY_AVAILABLE FargateShop with the edge, a worker, replicas and blue/green', () => {
  const stack = newStack('us-east-1');
  const shop = new FargateShop(stack, 'Shop', {
    ...IMAGES,
    worker: {},
    preset: FargateShopPreset.HIGHLY_AVAILABLE,
    domainName: 'shop.example.com',
    hostedZone: route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', {
      hostedZoneId: 'Z0EXAMPLE',
      zoneName: 'example.com',
    }),
    databaseReadReplicas: 2,
    deploymentStrategy: ShopDeploymentStrategy.blueGreen(),
  });
  const found = discoverResources(shop);

  test('resources come in request order, then by path', () => {
    const order = found.map((r) => REQUEST_ORDER.indexOf(r.kind));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    // every kind such a shop makes, and no other (its functions all serve CloudFormation)
    expect([...new Set(found.map((r) => r.kind))]).toEqual([
      'cloudfront-distribution',
      'waf-web-acl',
      'load-balancer',
      'target-group',
      'ecs-service',
      'nat-gateway',
      'cache-replication-group',
      'rds-instance',
      'sqs-queue',
    ]);
  });

  test('the load balancer by its full name; every target group with the full name of its balancer', () => {
    const [lb] = ofKind(found, 'load-balancer');
    expect(resolved(lb).d).toEqual({
      LoadBalancer: { 'Fn::GetAtt': [logicalId(lb), 'LoadBalancerFullName'] },
    });
    const groups = ofKind(found, 'target-group');
    // blue/green: each public service has a blue and a green group, both behind the listener
    expect(groups.length).toBeGreaterThanOrEqual(4);
    expect(groups.length % 2).toBe(0);
    for (const group of groups) {
      expect(resolved(group).d).toEqual({
        TargetGroup: { 'Fn::GetAtt': [logicalId(group), 'TargetGroupFullName'] },
        LoadBalancer: { 'Fn::GetAtt': [logicalId(lb), 'LoadBalancerFullName'] },
      });
    }
  });

  test('ECS services by cluster name (its Ref) and service name; minimum tasks from the scaling target', () => {
    const services = ofKind(found, 'ecs-service');
    expect(services.length).toBeGreaterThanOrEqual(3);
    const template = appTemplate(stack);
    for (const service of services) {
      const { d, f } = resolved(service);
      const props = template.Resources[logicalId(service)].Properties;
      expect(d.ClusterName).toEqual(props.Cluster);
      expect(d.ClusterName).toEqual({ Ref: expect.stringMatching(/Cluster/) });
      expect(d.ServiceName).toEqual({ 'Fn::GetAtt': [logicalId(service), 'Name'] });
      const target = Object.values<any>(template.Resources).find(
        (r) =>
          r.Type === 'AWS::ApplicationAutoScaling::ScalableTarget' &&
          JSON.stringify(r.Properties.ResourceId).includes(`"${logicalId(service)}"`),
      );
      expect(f.minimumTasks).toBe(target ? target.Properties.MinCapacity : (props.DesiredCount ?? 1));
      expect(f.minimumTasks).toBeGreaterThanOrEqual(1);
    }
  });

  test('RDS: the primary and its 2 replicas, replicas with the source engine and storage', () => {
    const instances = ofKind(found, 'rds-instance');
    expect(instances).toHaveLength(3);
    const replicas = instances.filter((r) => r.facts.readReplica);
    expect(replicas).toHaveLength(2);
    const [primary] = instances.filter((r) => !r.facts.readReplica);
    for (const r of instances) {
      expect(resolved(r).d).toEqual({ DBInstanceIdentifier: { Ref: logicalId(r) } });
      expect(r.facts.engine).toBe('postgres');
      expect(r.facts.instanceClass).toMatch(/^db\./);
      expect(r.facts.allocatedStorageGiB).toBe(primary.facts.allocatedStorageGiB);
    }
    expect(primary.facts.allocatedStorageGiB).toBeGreaterThan(0);
  });

  test('the cache by member cluster (<group>-001...), never by the group id', () => {
    const [cache] = ofKind(found, 'cache-replication-group');
    const group = logicalId(cache);
    const ids = stack.resolve(cache.facts.cacheClusterIds);
    expect(ids.length).toBeGreaterThanOrEqual(2);
    ids.forEach((id: any, i: number) =>
      expect(id).toEqual({ 'Fn::Join': ['', [{ Ref: group }, `-00${i + 1}`]] }),
    );
    expect(stack.resolve(cache.dimensions)).toEqual({ CacheClusterId: ids[0] });
    expect(cache.facts.cacheNodeType).toMatch(/^cache\./);
  });

  test('the edge: CloudFront with Region=Global and the CLOUDFRONT web ACL, both in us-east-1', () => {
    const [cf] = ofKind(found, 'cloudfront-distribution');
    expect(resolved(cf).d).toEqual({ DistributionId: { Ref: logicalId(cf) }, Region: 'Global' });
    expect(cf.metricRegion).toBe('us-east-1');
    const [acl] = ofKind(found, 'waf-web-acl');
    const props = appTemplate(stack).Resources[logicalId(acl)].Properties;
    expect(acl.dimensions).toEqual({ WebACL: props.VisibilityConfig.MetricName, Rule: 'ALL' });
    expect(acl.facts.wafScope).toBe('CLOUDFRONT');
    expect(acl.metricRegion).toBe('us-east-1');
  });

  test('queues by QueueName, the dead-letter queue marked', () => {
    const queues = ofKind(found, 'sqs-queue');
    expect(queues.length).toBeGreaterThanOrEqual(2);
    for (const q of queues) {
      expect(resolved(q).d).toEqual({ QueueName: { 'Fn::GetAtt': [logicalId(q), 'QueueName'] } });
    }
    const template = appTemplate(stack);
    const targets = Object.values<any>(template.Resources)
      .filter((r) => r.Type === 'AWS::SQS::Queue' && r.Properties?.RedrivePolicy)
      .map((r) => r.Properties.RedrivePolicy.deadLetterTargetArn['Fn::GetAtt'][0]);
    expect(
      queues
        .filter((q) => q.facts.deadLetterQueue)
        .map(logicalId)
        .sort(),
    ).toEqual([...targets].sort());
    expect(targets.length).toBeGreaterThan(0);
  });

  test('functions that only serve CloudFormation (custom resources, providers) are left out', () => {
    const template = appTemplate(stack);
    const functions = Object.keys(template.Resources).filter(
      (id) => template.Resources[id].Type === 'AWS::Lambda::Function',
    );
    expect(functions.length).toBeGreaterThan(0);
    const tokens = JSON.stringify(
      Object.values<any>(template.Resources)
        .filter((r) => r.Type.startsWith('Custom::') || r.Type === 'AWS::CloudFormation::CustomResource')
        .map((r) => r.Properties.ServiceToken),
    );
    const found_ = new Set(ofKind(found, 'lambda-function').map(logicalId));
    for (const id of functions) if (tokens.includes(`"${id}"`)) expect(found_.has(id)).toBe(false);
  });
});

/** The stack's template, synthesized once per stack. */
const templates = new WeakMap<Stack, any>();
function appTemplate(stack: Stack): any {
  if (!templates.has(stack)) {
    const app = stack.node.root as App;
    templates.set(stack, app.synth().getStackByName(stack.stackName).template);
  }
  return templates.get(stack);
}

describe('other shapes', () => {
  test('SingleHostShop: the EC2 instance by InstanceId', () => {
    const stack = newStack();
    const shop = new SingleHostShop(stack, 'Shop', IMAGES);
    const found = discoverResources(shop);
    const instances = ofKind(found, 'ec2-instance');
    expect(instances).toHaveLength(1);
    expect(instances[0].label).toBe('Shop/Instance');
    expect(resolved(instances[0]).d).toEqual({ InstanceId: { Ref: logicalId(instances[0]) } });
  });

  test('a sharded cache: <group>-0001-001 per shard and member', () => {
    const stack = newStack();
    const network = new ShopNetwork(stack, 'Network', { profile: NetworkProfile.TWO_AZ_SINGLE_NAT });
    new ShopCache(stack, 'Sharded', { vpc: network.vpc, preset: CachePreset.clusterMode(2, 1) });
    const found = discoverResources(stack);
    const [cache] = ofKind(found, 'cache-replication-group');
    const suffixes = stack.resolve(cache.facts.cacheClusterIds).map((j: any) => j['Fn::Join'][1][1]);
    expect(suffixes).toEqual(['-0001-001', '-0001-002', '-0002-001', '-0002-002']);
    expect(ofKind(found, 'nat-gateway')).toHaveLength(1);
    expect(resolved(ofKind(found, 'nat-gateway')[0]).d).toEqual({
      NatGatewayId: { Ref: logicalId(ofKind(found, 'nat-gateway')[0]) },
    });
  });

  test('a standalone ShopDatabase and ShopQueue', () => {
    const stack = newStack();
    const network = new ShopNetwork(stack, 'Network', { profile: NetworkProfile.TWO_AZ_SINGLE_NAT });
    new ShopDatabase(stack, 'Database', { vpc: network.vpc });
    new ShopQueue(stack, 'Jobs', {
      expectedProcessingTime: Duration.seconds(20),
      alarmTopic: new sns.Topic(stack, 'Topic'),
    });
    const found = discoverResources(stack);
    expect(ofKind(found, 'rds-instance')).toHaveLength(1);
    expect(ofKind(found, 'rds-instance')[0].facts.readReplica).toBe(false);
    expect(
      ofKind(found, 'sqs-queue')
        .map((q) => q.facts.deadLetterQueue)
        .sort(),
    ).toEqual([false, true]);
  });

  test('Lambda with its timeout (3 s when omitted), HTTP and REST API stages, DynamoDB tables', () => {
    const stack = newStack();
    const code = lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 200 });');
    const fn = new lambda.Function(stack, 'Api', {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code,
      timeout: Duration.seconds(10),
    });
    new lambda.Function(stack, 'Plain', {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code,
    });
    new apigatewayv2.HttpApi(stack, 'Http', {
      defaultIntegration: new integrations.HttpLambdaIntegration('Fn', fn),
    });
    new apigateway.LambdaRestApi(stack, 'Rest', { handler: fn, deployOptions: { stageName: 'live' } });
    new dynamodb.Table(stack, 'Table', { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING } });
    new dynamodb.TableV2(stack, 'Global', {
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
    });
    const found = discoverResources(stack);
    const fns = ofKind(found, 'lambda-function');
    expect(fns.map((f) => [f.label, f.facts.timeoutSeconds])).toEqual([
      ['Api', 10],
      ['Plain', 3],
    ]);
    const [http] = ofKind(found, 'http-api');
    expect(resolved(http).d).toEqual({ ApiId: { Ref: logicalId(http) }, Stage: '$default' });
    const [rest] = ofKind(found, 'rest-api');
    expect(rest.dimensions).toEqual({ ApiName: 'Rest', Stage: 'live' });
    expect(rest.label).toBe('Rest/live');
    expect(ofKind(found, 'dynamodb-table').map((t) => resolved(t).d.TableName)).toEqual(
      ofKind(found, 'dynamodb-table').map((t) => ({ Ref: logicalId(t) })),
    );
    expect(ofKind(found, 'dynamodb-table')).toHaveLength(2);
  });

  test('a provider framework: its onEvent and the user handler are deploy-time, left out', () => {
    const stack = newStack();
    const code = lambda.Code.fromInline('exports.handler = async () => ({});');
    const onEvent = new lambda.Function(stack, 'OnEvent', {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code,
    });
    const isComplete = new lambda.Function(stack, 'IsComplete', {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code,
    });
    const provider = new cr.Provider(stack, 'Provider', {
      onEventHandler: onEvent,
      isCompleteHandler: isComplete,
    });
    new lambda.Function(stack, 'Runtime', {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code,
    });
    new cr.AwsCustomResource(stack, 'Lookup', {
      onCreate: {
        service: 'SSM',
        action: 'getParameter',
        parameters: { Name: 'x' },
        physicalResourceId: cr.PhysicalResourceId.of('x'),
      },
      policy: cr.AwsCustomResourcePolicy.fromSdkCalls({ resources: cr.AwsCustomResourcePolicy.ANY_RESOURCE }),
    });
    new CustomResource(stack, 'Thing', { serviceToken: provider.serviceToken });
    expect(ofKind(discoverResources(stack), 'lambda-function').map((f) => f.label)).toEqual(['Runtime']);
  });

  test('resources of another stack below the scope are left out, with a warning', () => {
    const stack = newStack();
    const other = new Stack(stack, 'Nested', { env: { region: 'eu-west-1', account: '111122223333' } });
    new ShopQueue(other, 'Jobs', {
      expectedProcessingTime: Duration.seconds(20),
      alarmTopic: new sns.Topic(other, 'Topic'),
    });
    new ShopQueue(stack, 'Mine', {
      expectedProcessingTime: Duration.seconds(20),
      alarmTopic: new sns.Topic(stack, 'Topic'),
    });
    const found = discoverResources(stack);
    expect(found.every((r) => Stack.of(r.resource) === stack)).toBe(true);
    expect(ofKind(found, 'sqs-queue')).toHaveLength(2);
    const warnings = JSON.stringify(Annotations.fromStack(stack).findWarning('*', Match.anyValue()));
    expect(warnings).toContain('Stack/Nested');
    expect(warnings).toContain(OTHER_STACK_WARNING);
  });
});
