import { Annotations, CfnResource, Stack } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as apigatewayv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
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
  if (r instanceof cloudfront.CfnDistribution) return [distribution(r)];
  if (r instanceof wafv2.CfnWebACL) return one(webAcl(ctx, r));
  if (r instanceof elbv2.CfnLoadBalancer) return one(loadBalancer(r));
  if (r instanceof elbv2.CfnTargetGroup) return one(targetGroup(r, balancers.get(ctx.logicalId(r))));
  if (r instanceof apigateway.CfnRestApi) return restApiStages(ctx, r);
  if (r instanceof apigatewayv2.CfnApi) return httpApiStages(ctx, r);
  if (r instanceof ecs.CfnService) return [ecsService(ctx, r)];
  if (r instanceof ec2.CfnInstance) return [ec2Instance(r)];
  if (r instanceof lambda.CfnFunction) return deployTime.has(ctx.logicalId(r)) ? [] : [lambdaFunction(r)];
  if (r instanceof ec2.CfnNatGateway) return [natGateway(r)];
  if (r instanceof elasticache.CfnReplicationGroup) return one(cacheReplicationGroup(ctx, r));
  if (r instanceof rds.CfnDBInstance) return [rdsInstance(ctx, r)];
  if (r instanceof dynamodb.CfnTable || r instanceof dynamodb.CfnGlobalTable) return [dynamoTable(r)];
  if (r instanceof sqs.CfnQueue) return [sqsQueue(ctx, r)];
  return [];
}
