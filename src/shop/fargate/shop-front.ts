import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as route53Targets from 'aws-cdk-lib/aws-route53-targets';
import { Construct } from 'constructs';
import { defineFargateShopEdge, EdgePlan, FargateEdgeParts } from './edge';
import type { FargateShopProps } from './fargate-shop-props';
import { createShopLoadBalancer, ShopLoadBalancer } from './load-balancer';
import type { ShopEdge } from '../../edge/shop-edge';

/** What a FargateShop's front needs. */
export interface ShopFrontOptions {
  readonly vpc: ec2.IVpc;
  readonly deletionProtection: boolean;
  /** The edge's plan; undefined without the edge. */
  readonly edgePlan?: EdgePlan;
}

/** The shop's front: what takes the requests before the services. */
export interface ShopFront {
  /** The load balancer's certificate (`certificate`, or one for `domainName`); none without a domain. */
  readonly certificate?: acm.ICertificate;
  readonly lb: ShopLoadBalancer;
  /** CloudFront, AWS WAF, the origin lock and the media bucket; undefined without the edge. */
  readonly edgeParts?: FargateEdgeParts;
}

/**
 * Defines a FargateShop's front, in `shop`'s scope: the load balancer's certificate (with the
 * edge it covers the origin name CloudFront reaches the load balancer at), the load balancer
 * (admitting CloudFront only with the edge), the edge, and the domain's alias records.
 */
export function defineShopFront(
  shop: Construct,
  props: FargateShopProps,
  options: ShopFrontOptions,
): ShopFront {
  const { edgePlan } = options;
  let certificate: acm.ICertificate | undefined;
  if (props.domainName) {
    certificate =
      props.certificate ??
      new acm.Certificate(shop, 'Certificate', {
        domainName: props.domainName,
        // the edge: CloudFront reaches the load balancer at the origin name over HTTPS
        subjectAlternativeNames: edgePlan ? [edgePlan.originDomainName] : undefined,
        validation: acm.CertificateValidation.fromDns(props.hostedZone),
      });
  }
  const lb = createShopLoadBalancer(shop, {
    vpc: options.vpc,
    certificate,
    dualStack: props.dualStack ?? false,
    deletionProtection: options.deletionProtection,
    cloudFrontOnly: edgePlan !== undefined,
  });
  const edgeParts = edgePlan
    ? defineFargateShopEdge(shop, props, edgePlan, {
        loadBalancer: lb.loadBalancer,
        certificate: certificate!,
      })
    : undefined;
  if (props.domainName && props.hostedZone) {
    addShopRecords(shop, props, props.hostedZone, lb, edgeParts?.edge);
  }
  return { certificate, lb, edgeParts };
}

/**
 * The domain's alias records: to the load balancer, or with the edge to CloudFront (which
 * serves IPv6 too). The same records either way, so turning the edge on updates them in place.
 */
function addShopRecords(
  shop: Construct,
  props: FargateShopProps,
  zone: route53.IHostedZone,
  lb: ShopLoadBalancer,
  edge?: ShopEdge,
): void {
  const target = route53.RecordTarget.fromAlias(
    edge
      ? new route53Targets.CloudFrontTarget(edge.distribution)
      : new route53Targets.LoadBalancerTarget(lb.loadBalancer),
  );
  new route53.ARecord(shop, 'AliasRecord', { zone, recordName: props.domainName, target });
  if (props.dualStack || edge) {
    new route53.AaaaRecord(shop, 'AliasRecordIpv6', { zone, recordName: props.domainName, target });
  }
}
