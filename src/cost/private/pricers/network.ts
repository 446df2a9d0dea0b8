import { props, str, target } from '../cfn';
import { ALB_SHARE, lcuDraft } from './alb-capacity';
import { fmt, H, LineDraft, lines, notPriced, Pricer, PricerFamily, publicIpv4Line } from './helpers';
import { internetOutDraft, isApplicationLoadBalancer, isInternetFacing } from './traffic';

const eip: Pricer = () =>
  lines({
    description: 'Elastic IP (public IPv4)',
    priceKey: 'vpc.elasticIp.hourly',
    quantity: H,
    unit: 'address-hours',
    assumption: `charged attached or idle, ${H} h/month`,
  });

const NAT_SHARE = 'nat';

/** A private NAT gateway has no public side: no public IPv4, no share of the internet traffic. */
function isPrivateNat(resource: any): boolean {
  return str(props(resource).ConnectivityType) === 'private';
}

const natGateway: Pricer = (_id, resource, ctx) => {
  const p = props(resource);
  const isPrivate = isPrivateNat(resource);
  const drafts: LineDraft[] = [
    {
      description: `${isPrivate ? 'private ' : ''}NAT gateway`,
      priceKey: 'natGateway.hourly',
      quantity: H,
      unit: 'hours',
      assumption: `running ${H} h/month`,
    },
  ];
  if (!isPrivate) {
    const alloc = target(ctx.resources, p.AllocationId);
    if (!(alloc && alloc.resource?.Type === 'AWS::EC2::EIP')) {
      drafts.push(publicIpv4Line(1, 'the NAT gateway public IPv4 (its EIP is not in this template)'));
    }
    const n = ctx.share(NAT_SHARE);
    const total = ctx.assumptions.natDataProcessedGb;
    drafts.push({
      description: 'NAT gateway data processed',
      priceKey: 'natGateway.perGb',
      quantity: total / n,
      unit: 'GB',
      assumption:
        `natDataProcessedGb ${fmt(total)} GB split evenly over ${n} NAT gateway(s); ` +
        'mostly downloads by private hosts (updates, images, API responses): data in is free, so no ' +
        'internet data transfer out line' +
        (alloc && alloc.resource?.Type === 'AWS::EC2::EIP'
          ? `; its public IPv4 is priced on EIP ${alloc.id}`
          : ''),
    });
  }
  return lines(...drafts);
};

const vpcEndpoint: Pricer = (_id, resource) => {
  const p = props(resource);
  const type = str(p.VpcEndpointType) ?? 'Gateway';
  if (type === 'Gateway') {
    return { kind: 'free', reason: 'gateway endpoints have no charge' };
  }
  if (type !== 'Interface') {
    return notPriced(`no list price in the price table for ${type} endpoints`);
  }
  const subnets = Array.isArray(p.SubnetIds) ? p.SubnetIds.length : undefined;
  const azs = subnets ?? 2;
  return lines({
    description: `interface endpoint in ${azs} AZ(s)`,
    priceKey: 'vpcEndpoint.interface.hourlyPerAz',
    quantity: H * azs,
    unit: 'ENI-hours',
    assumption:
      (subnets === undefined
        ? 'SubnetIds not a literal list: assumed 2 AZs'
        : `${azs} subnet(s) = ${azs} AZ(s)`) + `, ${H} h/month; data processed not priced`,
  });
};

const loadBalancer: Pricer = (id, resource, ctx) => {
  const p = props(resource);
  if (!isApplicationLoadBalancer(resource)) {
    return notPriced(`no list price in the price table for ${str(p.Type)} load balancers`);
  }
  const drafts: LineDraft[] = [
    {
      description: 'application load balancer',
      priceKey: 'alb.hourly',
      quantity: H,
      unit: 'hours',
      assumption: `running ${H} h/month`,
    },
    lcuDraft(id, ctx),
  ];
  if (isInternetFacing(resource)) {
    const mappings = Array.isArray(p.SubnetMappings) ? p.SubnetMappings : undefined;
    const subnets = Array.isArray(p.Subnets) ? p.Subnets.length : mappings?.length;
    const azs = subnets ?? 2;
    drafts.push(
      publicIpv4Line(
        azs,
        (subnets === undefined
          ? 'Subnets not a literal list: assumed 2 AZs'
          : `internet-facing in ${azs} subnet(s)`) + ': one public IPv4 per AZ',
      ),
    );
  }
  return lines(...drafts, internetOutDraft(ctx, id));
};

/** Elastic IPs, NAT gateways, VPC endpoints and load balancers; the VPC itself has no charge. */
export const NETWORK: PricerFamily = {
  pricers: {
    'AWS::EC2::EIP': eip,
    'AWS::EC2::NatGateway': natGateway,
    'AWS::EC2::VPCEndpoint': vpcEndpoint,
    'AWS::ElasticLoadBalancingV2::LoadBalancer': loadBalancer,
  },
  shareRules: {
    'AWS::EC2::NatGateway': (_id, r) => (isPrivateNat(r) ? undefined : NAT_SHARE),
    'AWS::ElasticLoadBalancingV2::LoadBalancer': (_id, r) =>
      isApplicationLoadBalancer(r) ? ALB_SHARE : undefined,
  },
  free: {
    'AWS::EC2::VPC': 'no charge for a VPC',
    'AWS::EC2::Subnet': 'no charge for a subnet',
    'AWS::EC2::RouteTable': 'no charge',
    'AWS::EC2::Route': 'no charge',
    'AWS::EC2::SubnetRouteTableAssociation': 'no charge',
    'AWS::EC2::InternetGateway': 'no charge (data transfer is charged on the resources)',
    'AWS::EC2::VPCGatewayAttachment': 'no charge',
    'AWS::EC2::EgressOnlyInternetGateway': 'no charge',
    'AWS::EC2::SecurityGroup': 'no charge',
    'AWS::EC2::SecurityGroupIngress': 'no charge',
    'AWS::EC2::SecurityGroupEgress': 'no charge',
    'AWS::EC2::NetworkAcl': 'no charge',
    'AWS::EC2::NetworkAclEntry': 'no charge',
    'AWS::EC2::SubnetNetworkAclAssociation': 'no charge',
    'AWS::EC2::EIPAssociation': 'no charge (the EIP is priced)',
    'AWS::EC2::FlowLog': 'ingestion is priced on its log group',
    'AWS::ElasticLoadBalancingV2::Listener': 'priced on the load balancer',
    'AWS::ElasticLoadBalancingV2::ListenerRule': 'priced on the load balancer',
    'AWS::ElasticLoadBalancingV2::ListenerCertificate': 'no charge',
    'AWS::ElasticLoadBalancingV2::TargetGroup': 'priced on the load balancer',
    'AWS::EC2::VPCCidrBlock': 'no charge (an Amazon-provided IPv6 block or a secondary IPv4 range)',
    'AWS::EC2::SubnetCidrBlock': 'no charge (a subnet IPv6 range)',
    'AWS::EC2::PrefixList': 'customer managed prefix lists have no charge',
  },
  priceKeys: [
    'vpc.elasticIp.hourly',
    'vpc.publicIpv4.hourly',
    'natGateway.hourly',
    'natGateway.perGb',
    'vpcEndpoint.interface.hourlyPerAz',
    'alb.hourly',
    'alb.lcuHourly',
    'alb.lcu.newConnectionsPerSec',
    'alb.lcu.activeConnectionsPerMin',
    'alb.lcu.processedGbPerHour',
    'alb.lcu.processedGbPerHourLambda',
    'alb.lcu.ruleEvaluationsPerSec',
    'dataTransfer.internetOut.first10TB.perGb',
  ],
};
