import { Annotations, CfnResource, Stack } from 'aws-cdk-lib';
import type * as apigateway from 'aws-cdk-lib/aws-apigateway';
import type * as apigatewayv2 from 'aws-cdk-lib/aws-apigatewayv2';
import type * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as ecs from 'aws-cdk-lib/aws-ecs';
import type * as elasticache from 'aws-cdk-lib/aws-elasticache';
import type * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as rds from 'aws-cdk-lib/aws-rds';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { IConstruct } from 'constructs';
import {
  ecsService,
  httpApiStages,
  loadBalancer,
  restApiStages,
  targetGroup,
  targetGroupBalancers,
} from './discovery-app';
import {
  deploymentFunctions,
  distribution,
  ec2Instance,
  lambdaFunction,
  natGateway,
  webAcl,
} from './discovery-compute';
import { DiscoveryContext } from './discovery-context';
import { cacheReplicationGroup, dynamoTable, rdsInstance, sqsQueue } from './discovery-data';
import { Found } from './discovery-found';
import { MonitoredResource, REQUEST_ORDER, TIER_OF } from './monitored-resource';

/*
 * Finds the resources ShopObservability monitors by walking the construct tree: every
 * CloudFormation resource below a scope of a type it knows, with the dimensions its service
 * publishes metrics under (each rule cites its service's page) and the facts thresholds are
 * derived from. Reading the L1 resources, not the L2s, finds what any construct made, ours or not.
 */

/** The warning for resources of other stacks below the scope (not monitored). */
export const OTHER_STACK_WARNING = 'cdk-shop:observability-other-stack';

/** The label of a resource: its construct path below the stack, without a trailing `Resource`. */
function labelOf(resource: CfnResource): string {
  const stack = Stack.of(resource);
  const path = resource.node.scopes.slice(stack.node.scopes.length).map((s) => s.node.id);
  while (path.length > 1 && ['Resource', 'Default'].includes(path[path.length - 1])) path.pop();
  return path.join('/');
}

/**
 * Every resource below `scope` that ShopObservability knows, in `REQUEST_ORDER` and then by
 * construct path. Resources of another stack than the scope's are left out with a warning: an
 * alarm on them would need a cross-stack reference (or a metric of another region).
 */
export function discoverResources(scope: IConstruct): MonitoredResource[] {
  const stack = Stack.of(scope);
  const below = scope.node.findAll().filter(CfnResource.isCfnResource);
  const elsewhere = below.filter((r) => Stack.of(r) !== stack);
  if (elsewhere.length > 0) {
    const names = [...new Set(elsewhere.map((r) => Stack.of(r).node.path))].join(', ');
    Annotations.of(scope).addWarningV2(
      OTHER_STACK_WARNING,
      `resources of other stacks (${names}) are not monitored: an alarm watches the resources of ` +
        'its own stack. Give those stacks a ShopObservability of their own.',
    );
  }
  const mine = below.filter((r) => Stack.of(r) === stack);
  const ctx = new DiscoveryContext(
    stack,
    stack.node
      .findAll()
      .filter((c): c is CfnResource => CfnResource.isCfnResource(c) && Stack.of(c) === stack),
  );
  const balancers = targetGroupBalancers(ctx);
  const deployTime = deploymentFunctions(ctx);
  const found: MonitoredResource[] = [];
  for (const resource of mine) {
    for (const f of discover(ctx, resource, balancers, deployTime)) {
      found.push({
        kind: f.kind,
        tier: TIER_OF[f.kind],
        resource,
        label: labelOf(resource) + (f.labelSuffix ?? ''),
        dimensions: f.dimensions,
        metricRegion: f.metricRegion,
        facts: f.facts,
      });
    }
  }
  const order = (r: MonitoredResource) => REQUEST_ORDER.indexOf(r.kind);
  return found.sort((a, b) => order(a) - order(b) || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
}

/** What one CloudFormation resource is, if ShopObservability knows its type. */
function discover(
  ctx: DiscoveryContext,
  r: CfnResource,
  balancers: Map<string, elbv2.CfnLoadBalancer>,
  deployTime: Set<string>,
): Found[] {
  const one = (f: Found | undefined) => (f ? [f] : []);
  // by type name, not instanceof: nothing here loads an aws-cdk-lib module the app does not use
  switch (r.cfnResourceType) {
    case 'AWS::CloudFront::Distribution':
      return [distribution(r as cloudfront.CfnDistribution)];
    case 'AWS::WAFv2::WebACL':
      return one(webAcl(ctx, r as wafv2.CfnWebACL));
    case 'AWS::ElasticLoadBalancingV2::LoadBalancer':
      return one(loadBalancer(r as elbv2.CfnLoadBalancer));
    case 'AWS::ElasticLoadBalancingV2::TargetGroup':
      return one(targetGroup(r as elbv2.CfnTargetGroup, balancers.get(ctx.logicalId(r))));
    case 'AWS::ApiGateway::RestApi':
      return restApiStages(ctx, r as apigateway.CfnRestApi);
    case 'AWS::ApiGatewayV2::Api':
      return httpApiStages(ctx, r as apigatewayv2.CfnApi);
    case 'AWS::ECS::Service':
      return [ecsService(ctx, r as ecs.CfnService)];
    case 'AWS::EC2::Instance':
      return [ec2Instance(r as ec2.CfnInstance)];
    case 'AWS::Lambda::Function':
      return deployTime.has(ctx.logicalId(r)) ? [] : [lambdaFunction(r as lambda.CfnFunction)];
    case 'AWS::EC2::NatGateway':
      return [natGateway(r as ec2.CfnNatGateway)];
    case 'AWS::ElastiCache::ReplicationGroup':
      return one(cacheReplicationGroup(ctx, r as elasticache.CfnReplicationGroup));
    case 'AWS::RDS::DBInstance':
      return [rdsInstance(ctx, r as rds.CfnDBInstance)];
    case 'AWS::DynamoDB::Table':
    case 'AWS::DynamoDB::GlobalTable':
      return [dynamoTable(r as dynamodb.CfnTable)];
    case 'AWS::SQS::Queue':
      return [sqsQueue(ctx, r as sqs.CfnQueue)];
    default:
      return [];
  }
}
