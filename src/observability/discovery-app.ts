import { Fn, Token } from 'aws-cdk-lib';
import type * as apigateway from 'aws-cdk-lib/aws-apigateway';
import type * as apigatewayv2 from 'aws-cdk-lib/aws-apigatewayv2';
import type * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import type * as ecs from 'aws-cdk-lib/aws-ecs';
import type * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { DiscoveryContext } from './discovery-context';
import { Found } from './discovery-found';

/*
 * The app tier's resources: load balancers and the target groups they send to, ECS services, and
 * API Gateway APIs per stage. Dimensions as each service documents them.
 */

/**
 * An Application Load Balancer: `LoadBalancer` = its full name (`app/<name>/<id>`).
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-cloudwatch-metrics.html
 */
export function loadBalancer(lb: elbv2.CfnLoadBalancer): Found | undefined {
  if (lb.type !== undefined && lb.type !== 'application') return undefined;
  return { kind: 'load-balancer', dimensions: { LoadBalancer: lb.attrLoadBalancerFullName }, facts: {} };
}

/** The target group ARNs an action forwards to (plain or weighted forward). */
function forwardedGroups(ctx: DiscoveryContext, actions: unknown): unknown[] {
  const resolved = ctx.resolve(actions);
  if (!Array.isArray(resolved)) return [];
  // L1 values resolve in their camelCase form; an override may give CloudFormation's PascalCase
  return resolved.flatMap((a: any) => {
    const forward = a?.forwardConfig ?? a?.ForwardConfig;
    const groups: any[] = forward?.targetGroups ?? forward?.TargetGroups ?? [];
    return [
      a?.targetGroupArn ?? a?.TargetGroupArn,
      ...groups.map((g) => g?.targetGroupArn ?? g?.TargetGroupArn),
    ];
  });
}

/** The load balancer each listener belongs to, by listener logical id. */
function listenerBalancers(ctx: DiscoveryContext): Map<string, elbv2.CfnLoadBalancer> {
  const balancers = new Map<string, elbv2.CfnLoadBalancer>();
  for (const listener of ctx.ofType<elbv2.CfnListener>('AWS::ElasticLoadBalancingV2::Listener')) {
    const [lb] = ctx.referenced<elbv2.CfnLoadBalancer>(
      listener.loadBalancerArn,
      'AWS::ElasticLoadBalancingV2::LoadBalancer',
    );
    if (lb) balancers.set(ctx.logicalId(listener), lb);
  }
  return balancers;
}

/**
 * The load balancer that sends traffic to each target group: through a listener's default
 * action or a listener rule (forward or weighted forward, the green group of a blue/green pair
 * at weight 0 included). A group no listener uses publishes nothing and is not in the map.
 */
export function targetGroupBalancers(ctx: DiscoveryContext): Map<string, elbv2.CfnLoadBalancer> {
  const byListener = listenerBalancers(ctx);
  const groups = new Map<string, elbv2.CfnLoadBalancer>();
  const add = (lb: elbv2.CfnLoadBalancer | undefined, arns: unknown[]) => {
    if (!lb || lb.type === 'network' || lb.type === 'gateway') return;
    for (const group of ctx.referenced(arns, 'AWS::ElasticLoadBalancingV2::TargetGroup')) {
      if (!groups.has(ctx.logicalId(group))) groups.set(ctx.logicalId(group), lb);
    }
  };
  for (const listener of ctx.ofType<elbv2.CfnListener>('AWS::ElasticLoadBalancingV2::Listener')) {
    add(byListener.get(ctx.logicalId(listener)), forwardedGroups(ctx, listener.defaultActions));
  }
  for (const rule of ctx.ofType<elbv2.CfnListenerRule>('AWS::ElasticLoadBalancingV2::ListenerRule')) {
    const [listener] = ctx.referenced(rule.listenerArn, 'AWS::ElasticLoadBalancingV2::Listener');
    if (listener) add(byListener.get(ctx.logicalId(listener)), forwardedGroups(ctx, rule.actions));
  }
  return groups;
}

/**
 * A target group: `TargetGroup` = its full name with `LoadBalancer` = the full name of the load
 * balancer that sends to it (ALB publishes target-group metrics under both together).
 */
export function targetGroup(
  group: elbv2.CfnTargetGroup,
  balancer: elbv2.CfnLoadBalancer | undefined,
): Found | undefined {
  if (!balancer || (group.targetType ?? 'instance') === 'lambda') return undefined;
  return {
    kind: 'target-group',
    dimensions: {
      TargetGroup: group.attrTargetGroupFullName,
      LoadBalancer: balancer.attrLoadBalancerFullName,
    },
    facts: { loadBalancerFullName: balancer.attrLoadBalancerFullName },
  };
}

/**
 * The cluster's name from a service's `Cluster` (a name, a `Ref` of a cluster, which is its
 * name, or an ARN `arn:…:cluster/<name>`); omitted, ECS uses the cluster `default`.
 */
function clusterName(ctx: DiscoveryContext, cluster: string | undefined): string {
  if (cluster === undefined) return 'default';
  if (!Token.isUnresolved(cluster)) return cluster.startsWith('arn:') ? cluster.split('/').pop()! : cluster;
  const ref = ctx.references(cluster);
  if (ref.length === 1 && ref[0].attribute === 'Ref') return cluster;
  return Fn.select(1, Fn.split('/', cluster));
}

/**
 * An ECS service: `ClusterName` + `ServiceName` (its `Name` attribute).
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/available-metrics.html
 * The least number of tasks is its scaling target's minimum, else its desired count (1 when
 * omitted, as CloudFormation creates it).
 */
export function ecsService(ctx: DiscoveryContext, service: ecs.CfnService): Found {
  const name = service.attrName;
  const target = ctx
    .ofType<appscaling.CfnScalableTarget>('AWS::ApplicationAutoScaling::ScalableTarget')
    .find((t) => t.scalableDimension === 'ecs:service:DesiredCount' && ctx.refersTo(t.resourceId, service));
  const minimum = target ? target.minCapacity : (service.desiredCount ?? 1);
  return {
    kind: 'ecs-service',
    dimensions: { ClusterName: clusterName(ctx, service.cluster), ServiceName: name },
    facts: { minimumTasks: Token.isUnresolved(minimum) ? undefined : minimum },
  };
}

/**
 * A REST API, once per stage: `ApiName` + `Stage`.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-metrics-and-dimensions.html
 */
export function restApiStages(ctx: DiscoveryContext, api: apigateway.CfnRestApi): Found[] {
  if (api.name === undefined) return [];
  const stages = ctx
    .ofType<apigateway.CfnStage>('AWS::ApiGateway::Stage')
    .filter((stage) => ctx.refersTo(stage.restApiId, api) && stage.stageName !== undefined)
    .map((stage) => stage.stageName!);
  // a deployment with a StageName creates that stage itself
  const deployed = ctx
    .ofType<apigateway.CfnDeployment>('AWS::ApiGateway::Deployment')
    .filter((d) => ctx.refersTo(d.restApiId, api) && d.stageName !== undefined)
    .map((d) => d.stageName!);
  return [...new Set([...stages, ...deployed])].map((stageName) => ({
    kind: 'rest-api' as const,
    dimensions: { ApiName: api.name!, Stage: stageName },
    facts: {},
    labelSuffix: stageLabel(stageName),
  }));
}

/**
 * An HTTP API, once per stage: `ApiId` + `Stage` (`$default` for the default stage).
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-metrics.html
 */
export function httpApiStages(ctx: DiscoveryContext, api: apigatewayv2.CfnApi): Found[] {
  if (api.protocolType !== 'HTTP') return [];
  return ctx
    .ofType<apigatewayv2.CfnStage>('AWS::ApiGatewayV2::Stage')
    .filter((stage) => ctx.refersTo(stage.apiId, api))
    .map((stage) => ({
      kind: 'http-api' as const,
      dimensions: { ApiId: api.ref, Stage: stage.stageName },
      facts: {},
      labelSuffix: stageLabel(stage.stageName),
    }));
}

function stageLabel(stageName: string): string {
  return Token.isUnresolved(stageName) ? '' : `/${stageName === '$default' ? 'default' : stageName}`;
}
