import { props } from '../cfn';
import { fmt, lines, monthly, monthlyDraft, Pricer, PricerFamily } from './helpers';

const distribution: Pricer = (_id, _resource, ctx) => {
  const n = ctx.share('cloudfront');
  const gb = ctx.assumptions.dataTransferOutGb / n;
  const requests = ctx.assumptions.requestsPerMonth / n;
  const split = `split evenly over ${n} distribution(s); North America rates, free tier not applied`;
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

/** CloudFront distributions, AWS WAF web ACLs and Route 53 hosted zones. */
export const EDGE: PricerFamily = {
  pricers: {
    'AWS::CloudFront::Distribution': distribution,
    'AWS::WAFv2::WebACL': webAcl,
    'AWS::Route53::HostedZone': hostedZone,
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
    'AWS::WAFv2::WebACLAssociation': 'no charge (the web ACL is priced)',
  },
  priceKeys: [
    'cloudfront.na.first10TB.perGb',
    'cloudfront.na.httpsPer10k',
    'waf.webAcl.month',
    'waf.rule.month',
    'waf.perMillionRequests',
    'route53.hostedZone.month',
  ],
};
