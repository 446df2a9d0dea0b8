/**
 * Where the stack's user-facing traffic (`dataTransferOutGb`) leaves AWS for the internet, so it
 * is charged once: on the CloudFront distributions when the stack has any (origins send to
 * CloudFront for free), else as internet data transfer out of the internet-facing application
 * load balancers, else of the instances with a public address that are not NAT instances.
 */
import { bool, props, references, Resources, str, target } from '../cfn';
import { fmt, LineDraft, PricingContext } from './helpers';

/** The resources that carry the user-facing traffic out to the internet. */
export interface UserTraffic {
  /** What carries it: 'CloudFront', 'load balancer', 'instance', or undefined when nothing does. */
  readonly via?: string;
  /** Their logical IDs (the traffic is split evenly over them). */
  readonly origins: readonly string[];
}

/** An application load balancer (the only type priced); Type defaults to application. */
export function isApplicationLoadBalancer(resource: any): boolean {
  return (str(props(resource).Type) ?? 'application') === 'application';
}

/** A load balancer reachable from the internet; Scheme defaults to internet-facing. */
export function isInternetFacing(resource: any): boolean {
  return (str(props(resource).Scheme) ?? 'internet-facing') === 'internet-facing';
}

/** The EIP (or EIP association) attached to an instance, if any. */
export function eipAttachedTo(resources: Resources, logicalId: string): string | undefined {
  for (const [id, r] of Object.entries(resources)) {
    if (
      (r?.Type === 'AWS::EC2::EIP' || r?.Type === 'AWS::EC2::EIPAssociation') &&
      references(props(r).InstanceId, logicalId)
    ) {
      return id;
    }
  }
  return undefined;
}

/**
 * How an instance gets a public IPv4 address: 'eip' (priced on the EIP), 'interface'
 * (AssociatePublicIpAddress), 'subnet <id>' (MapPublicIpOnLaunch), or undefined.
 */
export function instancePublicAddress(
  resources: Resources,
  logicalId: string,
  resource: any,
): string | undefined {
  const p = props(resource);
  if (eipAttachedTo(resources, logicalId)) {
    return 'eip';
  }
  const interfaces: any[] = Array.isArray(p.NetworkInterfaces) ? p.NetworkInterfaces : [];
  if (interfaces.some((ni) => bool(ni?.AssociatePublicIpAddress) === true)) {
    return 'interface';
  }
  const subnet = interfaces.length === 0 ? target(resources, p.SubnetId) : undefined;
  return subnet && bool(props(subnet.resource).MapPublicIpOnLaunch) === true
    ? `subnet ${subnet.id}`
    : undefined;
}

/** A NAT (or other routing) instance: it forwards other hosts' traffic, it serves no users. */
export function isRoutingInstance(resource: any): boolean {
  return bool(props(resource).SourceDestCheck) === false;
}

/** Finds the resources that carry the user-facing traffic (see the module comment). */
export function userTraffic(resources: Resources): UserTraffic {
  const ofType = (type: string, keep: (id: string, r: any) => boolean) =>
    Object.entries(resources)
      .filter(([id, r]) => r?.Type === type && keep(id, r))
      .map(([id]) => id);
  const distributions = ofType('AWS::CloudFront::Distribution', () => true);
  if (distributions.length > 0) {
    return { via: 'CloudFront', origins: distributions };
  }
  const albs = ofType(
    'AWS::ElasticLoadBalancingV2::LoadBalancer',
    (_id, r) => isApplicationLoadBalancer(r) && isInternetFacing(r),
  );
  if (albs.length > 0) {
    return { via: 'load balancer', origins: albs };
  }
  const instances = ofType(
    'AWS::EC2::Instance',
    (id, r) => !isRoutingInstance(r) && instancePublicAddress(resources, id, r) !== undefined,
  );
  return instances.length > 0 ? { via: 'instance', origins: instances } : { origins: [] };
}

/** The internet data transfer out line of a load balancer or instance that carries user traffic. */
export function internetOutDraft(ctx: PricingContext, logicalId: string): LineDraft | undefined {
  const { via, origins } = ctx.facts.userTraffic;
  if (via === 'CloudFront' || !origins.includes(logicalId)) {
    return undefined;
  }
  const total = ctx.assumptions.dataTransferOutGb;
  const gb = total / origins.length;
  return {
    description: 'internet data transfer out',
    priceKey: 'dataTransfer.internetOut.first10TB.perGb',
    quantity: gb,
    unit: 'GB',
    assumption:
      `dataTransferOutGb ${fmt(total)} GB served to users, split evenly over ${origins.length} ${via}(s) ` +
      '(no CloudFront distribution in the stack); first 10 TB rate',
  };
}
