import { App, Stack } from 'aws-cdk-lib';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { addExamples } from '../../examples/app';
import { FargateShop, FargateShopPreset, ShopDeploymentStrategy, ShopImage } from '../../src';
import { discoverResources } from '../../src/observability/discovery';
import { MonitoredResource, ResourceKind } from '../../src/observability/monitored-resource';

/*
 * Discovery against the synthesized templates of every example stack and of FargateShop's
 * presets: each resource of a monitored type is found (or left out for a reason read from the
 * template, not from discovery's code), and each dimension is the documented attribute of the
 * resource itself.
 */

type Template = { Resources: { [id: string]: { Type: string; Properties?: any } } };

/** The CloudFormation type of each kind. */
const TYPE_OF: { [kind in ResourceKind]: string } = {
  'cloudfront-distribution': 'AWS::CloudFront::Distribution',
  'waf-web-acl': 'AWS::WAFv2::WebACL',
  'load-balancer': 'AWS::ElasticLoadBalancingV2::LoadBalancer',
  'target-group': 'AWS::ElasticLoadBalancingV2::TargetGroup',
  'rest-api': 'AWS::ApiGateway::RestApi',
  'http-api': 'AWS::ApiGatewayV2::Api',
  'ecs-service': 'AWS::ECS::Service',
  'ec2-instance': 'AWS::EC2::Instance',
  'lambda-function': 'AWS::Lambda::Function',
  'nat-gateway': 'AWS::EC2::NatGateway',
  'cache-replication-group': 'AWS::ElastiCache::ReplicationGroup',
  'rds-instance': 'AWS::RDS::DBInstance',
  'dynamodb-table': 'AWS::DynamoDB::Table',
  'sqs-queue': 'AWS::SQS::Queue',
};

const getAtt = (id: string, attribute: string) => ({ 'Fn::GetAtt': [id, attribute] });
const ref = (id: string) => ({ Ref: id });

/** The logical ids a template value refers to. */
function refsIn(value: unknown): string[] {
  const s = JSON.stringify(value ?? null);
  return [...s.matchAll(/"(?:Ref|Fn::GetAtt)":\s*\[?"([A-Za-z0-9]+)"/g)].map((m) => m[1]);
}

/** What the template says should be found, by kind: logical ids. */
function expectedFromTemplate(t: Template): Map<ResourceKind, string[]> {
  const ids = (type: string) => Object.keys(t.Resources).filter((id) => t.Resources[id].Type === type);
  const tokens = Object.values(t.Resources)
    .filter((r) => r.Type.startsWith('Custom::') || r.Type === 'AWS::CloudFormation::CustomResource')
    .map((r) => r.Properties?.ServiceToken);
  // a function is deploy-time when a custom resource's token, or such a function's or its
  // waiter state machine's configuration, names it (read transitively)
  const deployTime = new Set(refsIn(tokens));
  for (let grew = true; grew;) {
    grew = false;
    for (const id of [...deployTime]) {
      const r = t.Resources[id];
      if (!r) continue;
      const next =
        r.Type === 'AWS::Lambda::Function'
          ? refsIn(r.Properties?.Environment)
          : r.Type === 'AWS::StepFunctions::StateMachine'
            ? refsIn(r.Properties?.DefinitionString)
            : [];
      for (const n of next) if (!deployTime.has(n)) (deployTime.add(n), (grew = true));
    }
  }
  const forwarded = new Set(
    Object.values(t.Resources)
      .filter((r) =>
        ['AWS::ElasticLoadBalancingV2::Listener', 'AWS::ElasticLoadBalancingV2::ListenerRule'].includes(
          r.Type,
        ),
      )
      .flatMap((r) => refsIn(r.Properties?.DefaultActions ?? r.Properties?.Actions)),
  );
  const expected = new Map<ResourceKind, string[]>();
  for (const kind of Object.keys(TYPE_OF) as ResourceKind[]) {
    let found = ids(TYPE_OF[kind]);
    if (kind === 'load-balancer') {
      found = found.filter((id) => (t.Resources[id].Properties?.Type ?? 'application') === 'application');
    }
    if (kind === 'target-group') found = found.filter((id) => forwarded.has(id));
    if (kind === 'lambda-function') found = found.filter((id) => !deployTime.has(id));
    if (kind === 'http-api') {
      found = found.filter((id) => t.Resources[id].Properties?.ProtocolType === 'HTTP');
    }
    expected.set(kind, found.sort());
  }
  return expected;
}

/** The dimensions each kind must have, as the template's expressions of the resource `id`. */
function expectedDimensions(t: Template, r: MonitoredResource, id: string, resolved: any): any {
  const props = t.Resources[id].Properties ?? {};
  switch (r.kind) {
    case 'load-balancer':
      return { LoadBalancer: getAtt(id, 'LoadBalancerFullName') };
    case 'target-group': {
      const [lb] = refsIn(resolved.LoadBalancer);
      expect(t.Resources[lb].Type).toBe('AWS::ElasticLoadBalancingV2::LoadBalancer');
      return {
        TargetGroup: getAtt(id, 'TargetGroupFullName'),
        LoadBalancer: getAtt(lb, 'LoadBalancerFullName'),
      };
    }
    case 'ecs-service':
      expect(t.Resources[props.Cluster.Ref].Type).toBe('AWS::ECS::Cluster');
      return { ClusterName: props.Cluster, ServiceName: getAtt(id, 'Name') };
    case 'ec2-instance':
      return { InstanceId: ref(id) };
    case 'nat-gateway':
      return { NatGatewayId: ref(id) };
    case 'lambda-function':
      return { FunctionName: ref(id) };
    case 'rds-instance':
      return { DBInstanceIdentifier: ref(id) };
    case 'cache-replication-group':
      return { CacheClusterId: { 'Fn::Join': ['', [ref(id), '-001']] } };
    case 'sqs-queue':
      return { QueueName: getAtt(id, 'QueueName') };
    case 'dynamodb-table':
      return { TableName: ref(id) };
    case 'http-api': {
      // once per stage of the API: ApiId and the stage's name
      const stages = Object.values(t.Resources).filter(
        (s) => s.Type === 'AWS::ApiGatewayV2::Stage' && refsIn(s.Properties?.ApiId).includes(id),
      );
      expect(stages.map((s) => s.Properties.StageName)).toContain(resolved.Stage);
      return { ApiId: ref(id), Stage: resolved.Stage };
    }
    case 'cloudfront-distribution':
      return { DistributionId: ref(id), Region: 'Global' };
    case 'waf-web-acl':
      return props.Scope === 'CLOUDFRONT'
        ? { WebACL: props.VisibilityConfig.MetricName, Rule: 'ALL' }
        : { WebACL: props.VisibilityConfig.MetricName, Rule: 'ALL', Region: resolved.Region };
    default:
      throw new Error(`no expectation for ${r.kind}`);
  }
}

function checkStack(stack: Stack, template: Template): MonitoredResource[] {
  const found = discoverResources(stack);
  const byKind = new Map<ResourceKind, string[]>();
  for (const r of found) {
    const id = stack.resolve(r.resource.logicalId);
    byKind.set(r.kind, [...(byKind.get(r.kind) ?? []), id]);
    const resolved = stack.resolve(r.dimensions);
    expect([r.label, resolved]).toEqual([r.label, expectedDimensions(template, r, id, resolved)]);
    expect(r.metricRegion).toBe(
      r.kind === 'cloudfront-distribution' || r.facts.wafScope === 'CLOUDFRONT' ? 'us-east-1' : undefined,
    );
  }
  for (const [kind, ids] of expectedFromTemplate(template)) {
    expect([kind, (byKind.get(kind) ?? []).sort()]).toEqual([kind, ids]);
  }
  return found;
}

describe('every example stack (examples/app.ts)', () => {
  const app = new App({ context: { 'aws:cdk:disable-creation-stack-traces': true } });
  addExamples(app);
  const assembly = app.synth();
  const stacks = app.node.children.filter((c): c is Stack => c instanceof Stack);

  test.each(stacks.map((s) => [s.stackName, s] as const))('%s', (_name, stack) => {
    checkStack(stack, assembly.getStackByName(stack.stackName).template);
  });

  test("together they cover the shops' kinds", () => {
    const kinds = new Set(stacks.flatMap((s) => discoverResources(s).map((r) => r.kind)));
    for (const kind of [
      'cloudfront-distribution',
      'waf-web-acl',
      'load-balancer',
      'target-group',
      'ecs-service',
      'ec2-instance',
      'nat-gateway',
      'cache-replication-group',
      'rds-instance',
    ] as ResourceKind[]) {
      expect([kind, kinds.has(kind)]).toEqual([kind, true]);
    }
  });
});

describe.each([
  ['DEVELOPMENT', FargateShopPreset.DEVELOPMENT],
  ['HIGHLY_AVAILABLE', FargateShopPreset.HIGHLY_AVAILABLE],
])('FargateShop %s with a domain, a worker, read replicas and blue/green', (_name, preset) => {
  const app = new App({ context: { 'aws:cdk:disable-creation-stack-traces': true } });
  const stack = new Stack(app, 'Stack', { env: { region: 'us-east-1', account: '111122223333' } });
  new FargateShop(stack, 'Shop', {
    storefront: { image: ShopImage.fromRegistry('ghcr.io/acme/storefront:1.4.2') },
    backend: { image: ShopImage.fromRegistry('ghcr.io/acme/medusa:1.4.2') },
    worker: {},
    preset,
    domainName: 'shop.example.com',
    hostedZone: route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', {
      hostedZoneId: 'Z0EXAMPLE',
      zoneName: 'example.com',
    }),
    databaseReadReplicas: 1,
    deploymentStrategy: ShopDeploymentStrategy.blueGreen(),
  });
  const template = app.synth().getStackByName('Stack').template;

  test('every resource found with its documented dimensions', () => {
    const found = checkStack(stack, template);
    const replicas = found.filter((r) => r.kind === 'rds-instance' && r.facts.readReplica);
    expect(replicas).toHaveLength(1);
    const [primary] = found.filter((r) => r.kind === 'rds-instance' && !r.facts.readReplica);
    expect(replicas[0].facts.instanceClass).toBe(
      template.Resources[stack.resolve(replicas[0].resource.logicalId)].Properties.DBInstanceClass ??
        primary.facts.instanceClass,
    );
  });
});
