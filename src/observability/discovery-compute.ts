import { Stack, Token } from 'aws-cdk-lib';
import type * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { IConstruct } from 'constructs';
import { DiscoveryContext } from './discovery-context';
import { Found } from './discovery-found';
import { ResourceFacts } from './monitored-resource';

/*
 * The edge (CloudFront distributions, WAF web ACLs) and compute (EC2 instances, NAT gateways,
 * Lambda functions that serve the shop rather than the deployment).
 */

/** CloudFront and CLOUDFRONT-scope AWS WAF publish their metrics in us-east-1 only. */
export const GLOBAL_METRICS_REGION = 'us-east-1';

/**
 * A CloudFront distribution: `DistributionId` = its `Ref`, `Region` = `Global`, in us-east-1.
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/programming-cloudwatch-metrics.html
 */
export function distribution(d: cloudfront.CfnDistribution): Found {
  return {
    kind: 'cloudfront-distribution',
    dimensions: { DistributionId: d.ref, Region: 'Global' },
    metricRegion: GLOBAL_METRICS_REGION,
    facts: {},
  };
}

/**
 * A web ACL: `WebACL` = its visibility config's metric name, `Rule` = `ALL` (every rule), and
 * `Region` = the stack's region for a REGIONAL one; a CLOUDFRONT one has no `Region` and
 * publishes in us-east-1. Skipped when the metric name is not known at synth time.
 * https://docs.aws.amazon.com/waf/latest/developerguide/waf-metrics.html
 */
export function webAcl(ctx: DiscoveryContext, acl: wafv2.CfnWebACL): Found | undefined {
  const visibility = ctx.resolve(acl.visibilityConfig);
  const metricName = visibility?.MetricName ?? visibility?.metricName;
  if (typeof metricName !== 'string' || Token.isUnresolved(acl.scope)) return undefined;
  const cloudFront = acl.scope === 'CLOUDFRONT';
  return {
    kind: 'waf-web-acl',
    dimensions: cloudFront
      ? { WebACL: metricName, Rule: 'ALL' }
      : { WebACL: metricName, Rule: 'ALL', Region: Stack.of(acl).region },
    metricRegion: cloudFront ? GLOBAL_METRICS_REGION : undefined,
    facts: { wafScope: acl.scope },
  };
}

/** Facts an instance's construct knows and its template does not (what its host publishes). */
const INSTANCE_FACTS = new WeakMap<IConstruct, ResourceFacts>();

/**
 * Records what the host on `instance` publishes: the namespace of its CloudWatch agent, the
 * `Shop` of its backup metric. Discovery adds them to the instance's facts.
 */
export function recordInstanceFacts(
  instance: ec2.CfnInstance,
  facts: Pick<ResourceFacts, 'agentNamespace' | 'backupShopName'>,
): void {
  INSTANCE_FACTS.set(instance, { ...INSTANCE_FACTS.get(instance), ...facts });
}

/**
 * An EC2 instance: `InstanceId` = its `Ref`.
 * https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/viewing_metrics_with_cloudwatch.html
 */
export function ec2Instance(instance: ec2.CfnInstance): Found {
  return {
    kind: 'ec2-instance',
    dimensions: { InstanceId: instance.ref },
    facts: { ...INSTANCE_FACTS.get(instance) },
  };
}

/**
 * A NAT gateway: `NatGatewayId` = its `Ref`.
 * https://docs.aws.amazon.com/vpc/latest/userguide/vpc-nat-gateway-cloudwatch.html
 */
export function natGateway(nat: ec2.CfnNatGateway): Found {
  return { kind: 'nat-gateway', dimensions: { NatGatewayId: nat.ref }, facts: {} };
}

/**
 * A Lambda function: `FunctionName` = its `Ref`, with its timeout (3 s when omitted).
 * https://docs.aws.amazon.com/lambda/latest/dg/monitoring-metrics-types.html
 */
export function lambdaFunction(fn: lambda.CfnFunction): Found {
  const timeout = fn.timeout ?? 3;
  return {
    kind: 'lambda-function',
    dimensions: { FunctionName: fn.ref },
    facts: { timeoutSeconds: Token.isUnresolved(timeout) ? undefined : timeout },
  };
}

/**
 * The logical ids of the functions that only serve CloudFormation: a custom resource's service
 * token, and whatever such a function or a state machine it starts refers to (the provider
 * framework's user handlers and its waiter's isComplete/onTimeout functions). They run while
 * the stack deploys; an alarm on them would be noise, and CloudFormation reports their failures.
 */
export function deploymentFunctions(ctx: DiscoveryContext): Set<string> {
  const found = new Set<string>();
  const queue: unknown[] = [];
  for (const [type, resources] of ctx.types) {
    if (!type.startsWith('Custom::') && type !== 'AWS::CloudFormation::CustomResource') continue;
    for (const r of resources) queue.push(ctx.propertiesOf(r).ServiceToken ?? (r as any).serviceToken);
  }
  const seen = new Set<string>();
  while (queue.length > 0) {
    for (const ref of ctx.references(queue.pop())) {
      if (seen.has(ref.id)) continue;
      seen.add(ref.id);
      const fn = ctx.resourceOf('AWS::Lambda::Function', ref.id) as lambda.CfnFunction | undefined;
      const machine = ctx.resourceOf('AWS::StepFunctions::StateMachine', ref.id) as
        sfn.CfnStateMachine | undefined;
      if (fn) {
        found.add(ref.id);
        queue.push(fn.environment);
      } else if (machine) {
        queue.push(machine.definitionString, machine.definition, machine.definitionSubstitutions);
      }
    }
  }
  return found;
}
