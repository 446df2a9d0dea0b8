import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { API_DEFAULTS } from './api-defaults';
import type { ShopApiRoute } from './shop-api-route';

/** What every function of one `ShopApi` shares. */
export interface RouteFunctionContext {
  readonly tracing: boolean;
  readonly logRetention: logs.RetentionDays;
  /** The VPC for functions that reach the database or the cache. */
  readonly vpc?: ec2.IVpc;
}

/**
 * The network actions Lambda needs to attach a function to a VPC; they take no resource-level
 * ARN for the subnets and interfaces Lambda picks, hence `*`.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc.html#configuration-vpc-permissions
 */
export const VPC_ACCESS_ACTIONS = [
  'ec2:CreateNetworkInterface',
  'ec2:DescribeNetworkInterfaces',
  'ec2:DescribeSubnets',
  'ec2:DeleteNetworkInterface',
  'ec2:AssignPrivateIpAddresses',
  'ec2:UnassignPrivateIpAddresses',
];

/** A route's function, with what was defined for it. */
export interface RouteFunction {
  readonly function: lambda.Function;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;
  readonly inVpc: boolean;
}

/**
 * Defines the function of a route given as `code`: its own role (log writing on its own log
 * group only, no managed policy), a log group with retention kept on stack deletion, JSON
 * logs, active tracing unless turned off, and, for `database` / `sessions` routes, a place in
 * the VPC's isolated (else private) subnets with its own security group.
 */
export function defineRouteFunction(
  scope: Construct,
  route: ShopApiRoute,
  context: RouteFunctionContext,
): RouteFunction {
  const inVpc = Boolean(route.database || route.sessions);
  const role = new iam.Role(scope, 'ServiceRole', {
    assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    description: `Runs the function of ${route.route}`,
  });
  const logGroup = new logs.LogGroup(scope, 'LogGroup', {
    retention: context.logRetention,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  logGroup.grantWrite(role);
  if (inVpc) {
    role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: VPC_ACCESS_ACTIONS, resources: ['*'] }));
  }

  const vpc = inVpc ? context.vpc : undefined;
  const fn = new lambda.Function(scope, 'Function', {
    code: route.code!,
    handler: route.handler ?? API_DEFAULTS.handler,
    runtime: route.runtime ?? API_DEFAULTS.runtime,
    architecture: route.architecture ?? API_DEFAULTS.architecture,
    memorySize: route.memorySize ?? API_DEFAULTS.memorySizeMiB,
    timeout: route.timeout ?? Duration.seconds(API_DEFAULTS.timeoutSeconds),
    environment: route.environment,
    reservedConcurrentExecutions: route.reservedConcurrency,
    tracing: context.tracing ? lambda.Tracing.ACTIVE : lambda.Tracing.DISABLED,
    role,
    logGroup,
    loggingFormat: lambda.LoggingFormat.JSON,
    description: `cdk-shop ShopApi: ${route.route}`,
    vpc,
    vpcSubnets: vpc ? functionSubnets(vpc) : undefined,
  });
  return { function: fn, role, logGroup, inVpc };
}

/** Isolated subnets when the VPC has them (ShopNetwork without NAT), else private ones. */
function functionSubnets(vpc: ec2.IVpc): ec2.SubnetSelection {
  return {
    subnetType:
      vpc.isolatedSubnets.length > 0 ? ec2.SubnetType.PRIVATE_ISOLATED : ec2.SubnetType.PRIVATE_WITH_EGRESS,
  };
}
