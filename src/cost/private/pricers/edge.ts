import { bool, num, props, references, str } from '../cfn';
import { fmt, lines, monthly, monthlyDraft, notPriced, Pricer, PricerFamily } from './helpers';

const distribution: Pricer = (_id, _resource, ctx) => {
  const n = ctx.share('cloudfront');
  const gb = ctx.assumptions.dataTransferOutGb / n;
  const requests = ctx.assumptions.requestsPerMonth / n;
  const split = `split evenly over ${n} distribution(s); North America rates`;
  return lines(
    {
      description: 'CloudFront data transfer out',
      priceKey: 'cloudfront.na.first10TB.perGb',
      quantity: gb,
      unit: 'GB',
      assumption: `dataTransferOutGb ${fmt(ctx.assumptions.dataTransferOutGb)} GB ${split}`,
    },
    {
      description: 'CloudFront HTTPS requests',
      priceKey: 'cloudfront.na.httpsPer10k',
      quantity: requests / 10000,
      unit: '10k requests',
      assumption: `requestsPerMonth ${fmt(ctx.assumptions.requestsPerMonth)} ${split}`,
    },
  );
};

/**
 * A CloudFront Function runs on every viewer request (or response) of the behaviors it is
 * associated with: priced on the requests of each distribution that associates it, an upper bound
 * when it is on some of a distribution's behaviors only.
 */
const cloudFrontFunction: Pricer = (id, _resource, ctx) => {
  const distributions = Object.keys(ctx.resources).filter(
    (d) =>
      ctx.resources[d]?.Type === 'AWS::CloudFront::Distribution' &&
      references(props(ctx.resources[d]).DistributionConfig, id),
  );
  if (distributions.length === 0) {
    return { kind: 'free', reason: 'no distribution of this template associates it: no invocations' };
  }
  const n = ctx.share('cloudfront');
  const invocations = (ctx.assumptions.requestsPerMonth / n) * distributions.length;
  return lines({
    description: 'CloudFront Functions invocations',
    priceKey: 'cloudfront.functions.perMillion',
    quantity: invocations / 1e6,
    unit: 'million invocations',
    assumption:
      `requestsPerMonth ${fmt(ctx.assumptions.requestsPerMonth)} split evenly over ${n} distribution(s), ` +
      `on every request of ${distributions.join(', ')}: an upper bound where it serves some behaviors only; ` +
      'key value store reads not priced',
  });
};

const webAcl: Pricer = (_id, resource, ctx) => {
  const rules = Array.isArray(props(resource).Rules) ? props(resource).Rules.length : 0;
  const n = ctx.share('waf');
  const requests = ctx.assumptions.requestsPerMonth / n;
  return lines(
    monthlyDraft('web ACL', 'waf.webAcl.month', 'web ACLs', 1, 'one web ACL'),
    rules > 0
      ? monthlyDraft('WAF rules', 'waf.rule.month', 'rules', rules, `${rules} rule(s) in Rules`)
      : undefined,
    {
      description: 'WAF requests',
      priceKey: 'waf.perMillionRequests',
      quantity: requests / 1e6,
      unit: 'million requests',
      assumption: `requestsPerMonth split evenly over ${n} web ACL(s); managed rule subscriptions not priced`,
    },
  );
};

const hostedZone: Pricer = () =>
  monthly(
    'hosted zone',
    'route53.hostedZone.month',
    'zones',
    'one of the first 25 zones; queries not priced',
  );

/**
 * A Route 53 health check of an endpoint, assumed to be in AWS: the basic check (HTTP or TCP),
 * or HTTPS with string matching; other optional features (HTTPS alone, a 10 s interval, latency)
 * have no list price in the table.
 */
const healthCheck: Pricer = (_id, resource) => {
  const config = props(resource).HealthCheckConfig ?? {};
  const type = str(config.Type);
  const fast = num(config.RequestInterval) === 10;
  const latency = bool(config.MeasureLatency) === true;
  const key =
    type === 'HTTP' || type === 'TCP'
      ? 'route53.healthCheck.aws.month'
      : type === 'HTTPS_STR_MATCH'
        ? 'route53.healthCheck.aws.httpsStringMatch.month'
        : undefined;
  if (!key || fast || latency) {
    return notPriced(
      `no list price in the price table for a ${type ?? '(not a literal)'} health check` +
        (fast ? ' at a 10 s interval' : '') +
        (latency ? ' measuring latency' : ''),
    );
  }
  return monthly(`${type} health check`, key, 'health checks', 'an endpoint in AWS, 30 s interval');
};

/** A Cloud Map DNS namespace creates a Route 53 hosted zone (private or public), billed as one. */
const dnsNamespace: Pricer = () =>
  monthly(
    'hosted zone of the Cloud Map namespace',
    'route53.hostedZone.month',
    'zones',
    'the namespace creates a Route 53 hosted zone; one of the first 25 zones; queries not priced',
  );

/** CloudFront distributions, AWS WAF web ACLs, Route 53 hosted zones and health checks, Cloud Map namespaces. */
export const EDGE: PricerFamily = {
  pricers: {
    'AWS::CloudFront::Distribution': distribution,
    'AWS::WAFv2::WebACL': webAcl,
    'AWS::Route53::HostedZone': hostedZone,
    'AWS::Route53::HealthCheck': healthCheck,
    'AWS::CloudFront::Function': cloudFrontFunction,
    'AWS::ServiceDiscovery::PrivateDnsNamespace': dnsNamespace,
    'AWS::ServiceDiscovery::PublicDnsNamespace': dnsNamespace,
  },
  shareRules: {
    'AWS::CloudFront::Distribution': () => 'cloudfront',
    'AWS::WAFv2::WebACL': () => 'waf',
  },
  free: {
    'AWS::CertificateManager::Certificate': 'public ACM certificates have no charge',
    'AWS::Route53::RecordSet': 'records have no charge (queries are not priced)',
    'AWS::Route53::RecordSetGroup': 'records have no charge (queries are not priced)',
    'AWS::CloudFront::OriginAccessControl': 'no charge',
    'AWS::CloudFront::CloudFrontOriginAccessIdentity': 'no charge',
    'AWS::CloudFront::CachePolicy': 'no charge (requests are priced on the distribution)',
    'AWS::CloudFront::OriginRequestPolicy': 'no charge (requests are priced on the distribution)',
    'AWS::CloudFront::ResponseHeadersPolicy': 'no charge (requests are priced on the distribution)',
    'AWS::CloudFront::VpcOrigin': 'no charge of its own (requests are priced on the distribution)',
    'AWS::WAFv2::WebACLAssociation': 'no charge (the web ACL is priced)',
    'AWS::ServiceDiscovery::HttpNamespace': 'an HTTP namespace has no hosted zone and no charge of its own',
  },
  // ECS registers each task of a Service Connect or service-discovery service as an instance
  usageOnly: [
    'AWS::ServiceDiscovery::Service',
    'AWS::ServiceDiscovery::Instance',
    // CloudFront key value stores (reads priced per million)
    'AWS::CloudFront::KeyValueStore',
  ],
  priceKeys: [
    'cloudfront.na.first10TB.perGb',
    'cloudfront.na.httpsPer10k',
    'cloudfront.functions.perMillion',
    'waf.webAcl.month',
    'waf.rule.month',
    'waf.perMillionRequests',
    'route53.hostedZone.month',
    'route53.healthCheck.aws.month',
    'route53.healthCheck.aws.httpsStringMatch.month',
  ],
};
