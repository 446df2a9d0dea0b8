import { Annotations, CfnResource, Duration } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { createAccessLogBucket, logAccessLogs } from './access-logs';
import { acknowledgeLoadBalancerFindings } from './load-balancer-findings';
import { admitCloudFrontOnly } from './origin-lock';
import { invalidProp, requireLiteral } from '../../private/errors';

export { addListenerRules } from './listener-rules';

/** What the shop's load balancer needs to know. */
export interface ShopLoadBalancerOptions {
  readonly vpc: ec2.IVpc;
  /** HTTPS on 443 with an HTTP->HTTPS redirect on 80; without one, HTTP on 80 only. */
  readonly certificate?: acm.ICertificate;
  /** IPv4 and IPv6 (the public subnets need IPv6 CIDR blocks). */
  readonly dualStack: boolean;
  readonly deletionProtection: boolean;
  /** @default - ALB's 60 seconds */
  readonly idleTimeout?: Duration;
  /**
   * Only CloudFront reaches the load balancer (the edge): HTTPS from CloudFront's origin-facing
   * prefix list is the only ingress, and there is no HTTP listener (CloudFront redirects
   * viewers). Needs `certificate`.
   *
   * @default false
   */
  readonly cloudFrontOnly?: boolean;
}

/** The load balancer and what hangs off it. */
export interface ShopLoadBalancer {
  readonly loadBalancer: elbv2.ApplicationLoadBalancer;
  readonly securityGroup: ec2.SecurityGroup;
  /** HTTPS, or HTTP without a certificate; the listener rules go here. */
  readonly listener: elbv2.ApplicationListener;
  /** HTTP on 80 that redirects to HTTPS (301); only with a certificate, and not `cloudFrontOnly`. */
  readonly redirectListener?: elbv2.ApplicationListener;
  readonly accessLogBucket: s3.Bucket;
}

/**
 * Defines the shop's internet-facing ALB in the public subnets: invalid header fields dropped,
 * strictest desync mitigation, HTTP/2, access logs to a bucket of its own, and a security group
 * of its own open on 443 and 80 only (80 for the redirect, or the only listener without a
 * certificate), with no egress but what the target groups add (their connections). With
 * `cloudFrontOnly`, 443 from CloudFront's origin-facing prefix list is the only ingress.
 *
 * The listener gets its default action from {@link addListenerRules}.
 */
export function createShopLoadBalancer(scope: Construct, options: ShopLoadBalancerOptions): ShopLoadBalancer {
  if (options.idleTimeout !== undefined) validateIdleTimeout(scope, options.idleTimeout);
  if (options.dualStack) requireIpv6(scope, options.vpc);
  const securityGroup = new ec2.SecurityGroup(scope, 'LoadBalancerSecurityGroup', {
    vpc: options.vpc,
    description: options.cloudFrontOnly
      ? 'The shop load balancer: HTTPS from CloudFront only; egress only to its targets'
      : 'The shop load balancer: HTTP(S) from the internet; egress only to its targets',
    allowAllOutbound: false,
  });
  const loadBalancer = new elbv2.ApplicationLoadBalancer(scope, 'LoadBalancer', {
    vpc: options.vpc,
    internetFacing: true,
    vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC },
    securityGroup,
    dropInvalidHeaderFields: true,
    desyncMitigationMode: elbv2.DesyncMitigationMode.STRICTEST,
    deletionProtection: options.deletionProtection,
    http2Enabled: true,
    idleTimeout: options.idleTimeout,
    ipAddressType: options.dualStack ? elbv2.IpAddressType.DUAL_STACK : elbv2.IpAddressType.IPV4,
  });
  const accessLogBucket = createAccessLogBucket(scope);
  logAccessLogs(loadBalancer, accessLogBucket);

  const cloudFrontOnly = options.cloudFrontOnly ?? false;
  if (cloudFrontOnly && !options.certificate) {
    throw new Error(
      `${scope.node.path}: a load balancer only CloudFront reaches needs a certificate (HTTPS)`,
    );
  }
  if (cloudFrontOnly) admitCloudFrontOnly(scope, securityGroup);
  const ports = cloudFrontOnly ? [] : options.certificate ? [443, 80] : [80];
  const peers = options.dualStack ? [ec2.Peer.anyIpv4(), ec2.Peer.anyIpv6()] : [ec2.Peer.anyIpv4()];
  for (const port of ports) {
    for (const peer of peers) {
      const purpose = port === 443 ? 'HTTPS' : options.certificate ? 'HTTP, redirected to HTTPS' : 'HTTP';
      securityGroup.addIngressRule(peer, ec2.Port.tcp(port), `${purpose} from the internet`);
    }
  }

  // open: false everywhere: the ingress above is the only one (no listener-added 0.0.0.0/0)
  let listener: elbv2.ApplicationListener;
  let redirectListener: elbv2.ApplicationListener | undefined;
  if (options.certificate) {
    listener = loadBalancer.addListener('HttpsListener', {
      port: 443,
      protocol: elbv2.ApplicationProtocol.HTTPS,
      certificates: [elbv2.ListenerCertificate.fromCertificateManager(options.certificate)],
      // TLS 1.2 and 1.3 only, forward secrecy (ELBSecurityPolicy-TLS13-1-2-2021-06)
      sslPolicy: elbv2.SslPolicy.RECOMMENDED_TLS,
      open: false,
    });
    redirectListener = cloudFrontOnly
      ? undefined
      : loadBalancer.addListener('HttpListener', {
          port: 80,
          protocol: elbv2.ApplicationProtocol.HTTP,
          open: false,
          defaultAction: elbv2.ListenerAction.redirect({ protocol: 'HTTPS', port: '443', permanent: true }),
        });
  } else {
    listener = loadBalancer.addListener('HttpListener', {
      port: 80,
      protocol: elbv2.ApplicationProtocol.HTTP,
      open: false,
    });
  }
  const shopLoadBalancer = { loadBalancer, securityGroup, listener, redirectListener, accessLogBucket };
  acknowledgeLoadBalancerFindings(shopLoadBalancer, options);
  return shopLoadBalancer;
}

/** ALB accepts an idle timeout of 1 to 4000 seconds. */
function validateIdleTimeout(scope: Construct, idleTimeout: Duration): void {
  requireLiteral(scope, 'idleTimeout', idleTimeout, 'a Duration of 1 to 4000 seconds');
  const seconds = idleTimeout.toMilliseconds() / 1000;
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > 4000) {
    throw invalidProp(
      scope,
      'idleTimeout',
      `is ${seconds} seconds; ALB accepts whole seconds from 1 to 4000`,
      "Give Duration.seconds(1) to Duration.seconds(4000), or leave it out for ALB's 60 seconds.",
    );
  }
}

/**
 * A dual-stack ALB needs IPv6 CIDR blocks on its public subnets. Subnets this app defines are
 * checked; imported ones cannot be, so they get a warning.
 */
function requireIpv6(scope: Construct, vpc: ec2.IVpc): void {
  const subnets = vpc.publicSubnets;
  const defined = subnets
    .map((s) => s.node.defaultChild)
    .filter((c): c is ec2.CfnSubnet => c instanceof CfnResource && c.cfnResourceType === 'AWS::EC2::Subnet');
  if (subnets.length > 0 && defined.length === subnets.length) {
    const withoutIpv6 = defined.filter((s) => s.ipv6CidrBlock === undefined && s.ipv6Native !== true);
    if (withoutIpv6.length > 0) {
      throw invalidProp(
        scope,
        'dualStack',
        `the VPC's public subnets have no IPv6 CIDR block (${withoutIpv6.map((s) => s.node.scope!.node.path).join(', ')}), which a dual-stack load balancer needs`,
        'Give a VPC with ipProtocol: ec2.IpProtocol.DUAL_STACK, or set dualStack to false.',
      );
    }
    return;
  }
  Annotations.of(scope).addWarningV2(
    'cdk-shop:fargate-shop-dual-stack-unchecked',
    'dualStack: the VPC is imported, so cdk-shop cannot check that its public subnets have IPv6 CIDR blocks; the load balancer fails to deploy if they have none.',
  );
}
