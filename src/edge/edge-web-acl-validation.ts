import { Stack, Token } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { ShopEdgeProps } from './shop-edge-props';
import { invalidProp, requireLiteral } from '../private/errors';

/** AWS WAF rate-based rule limits (RateLimit in the WAFV2 API). */
const MIN_RATE_LIMIT = 10;
const MAX_RATE_LIMIT = 2_000_000_000;
const WEB_ACL_ARN = /^arn:[\w-]+:wafv2:([a-z0-9-]*):\d{12}:(global|regional)\/webacl\/[\w-]{1,128}\/[\w-]+$/;
const WAF_CLASSIC_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The rules of `AWSManagedRulesCommonRuleSet` (its latest static version), as AWS names them.
 *
 * @see https://docs.aws.amazon.com/waf/latest/developerguide/aws-managed-rule-groups-baseline.html
 */
export const COMMON_RULE_SET_RULES = [
  'NoUserAgent_HEADER',
  'UserAgent_BadBots_HEADER',
  'SizeRestrictions_QUERYSTRING',
  'SizeRestrictions_Cookie_HEADER',
  'SizeRestrictions_BODY',
  'SizeRestrictions_URIPATH',
  'EC2MetaDataSSRF_BODY',
  'EC2MetaDataSSRF_COOKIE',
  'EC2MetaDataSSRF_URIPATH',
  'EC2MetaDataSSRF_QUERYARGUMENTS',
  'GenericLFI_QUERYARGUMENTS',
  'GenericLFI_URIPATH',
  'GenericLFI_BODY',
  'RestrictedExtensions_URIPATH',
  'RestrictedExtensions_QUERYARGUMENTS',
  'GenericRFI_QUERYARGUMENTS',
  'GenericRFI_BODY',
  'GenericRFI_URIPATH',
  'CrossSiteScripting_COOKIE',
  'CrossSiteScripting_QUERYARGUMENTS',
  'CrossSiteScripting_BODY',
  'CrossSiteScripting_URIPATH',
];

/**
 * Rejects web ACL props that AWS WAF or CloudFront would refuse, or that would be ignored.
 */
export function validateWebAcl(scope: Construct, props: ShopEdgeProps): void {
  const { webAcl, webAclArn } = props;
  if (webAcl === true && webAclArn !== undefined) {
    throw invalidProp(
      scope,
      'webAclArn',
      "'webAcl' and 'webAclArn' cannot be given together: a distribution has one web ACL",
      'Remove webAcl to use the given web ACL, or remove webAclArn to define one.',
    );
  }
  if (webAclArn !== undefined && !Token.isUnresolved(webAclArn)) {
    if (WAF_CLASSIC_ID.test(webAclArn)) {
      throw invalidProp(
        scope,
        'webAclArn',
        `'${webAclArn}' is the id of an AWS WAF Classic web ACL, which AWS no longer supports`,
        'Migrate it to AWS WAF and give the ARN of the new CLOUDFRONT-scope web ACL.',
      );
    }
    const match = WEB_ACL_ARN.exec(webAclArn);
    if (!match) {
      throw invalidProp(
        scope,
        'webAclArn',
        `'${webAclArn}' is not an AWS WAF web ACL ARN`,
        'Give the ARN of a CLOUDFRONT-scope web ACL: arn:aws:wafv2:us-east-1:<account>:global/webacl/<name>/<id>.',
      );
    }
    if (match[2] !== 'global') {
      throw invalidProp(
        scope,
        'webAclArn',
        `'${webAclArn}' is a REGIONAL web ACL (for load balancers and API Gateway), which CloudFront cannot use`,
        'Give a web ACL created with scope CLOUDFRONT in us-east-1 (its ARN holds global/webacl).',
      );
    }
    if (match[1] !== 'us-east-1') {
      throw invalidProp(
        scope,
        'webAclArn',
        `'${webAclArn}' names ${match[1] || 'no region'}, and CLOUDFRONT-scope web ACLs exist in us-east-1 only`,
        'Give the ARN as AWS WAF shows it: arn:aws:wafv2:us-east-1:<account>:global/webacl/<name>/<id>.',
      );
    }
  }

  const defined = webAcl ?? webAclArn === undefined;
  const rate = props.rateLimitPer5Minutes;
  const countRules = props.commonRuleSetCountRules;
  if (!defined) {
    const without = webAcl === false ? "'webAcl' is false" : "the web ACL is given as 'webAclArn'";
    for (const [prop, value] of [
      ['rateLimitPer5Minutes', rate],
      ['commonRuleSetCountRules', countRules],
    ] as const) {
      if (value !== undefined) {
        throw invalidProp(
          scope,
          prop,
          `it configures the web ACL this construct defines, and ${without}`,
          `Remove ${prop}, or set it on your own web ACL.`,
        );
      }
    }
    return;
  }

  if (
    rate !== undefined &&
    !Token.isUnresolved(rate) &&
    !(Number.isInteger(rate) && rate >= MIN_RATE_LIMIT && rate <= MAX_RATE_LIMIT)
  ) {
    throw invalidProp(
      scope,
      'rateLimitPer5Minutes',
      `${rate} is not a whole number from ${MIN_RATE_LIMIT} to ${MAX_RATE_LIMIT.toLocaleString('en-US')}, the range AWS WAF accepts`,
      'Give the requests one IP address may send in 5 minutes, such as 1000 (a page view with its assets counts each request).',
    );
  }
  for (const [i, name] of (countRules ?? []).entries()) {
    requireLiteral(scope, 'commonRuleSetCountRules', name, 'a rule name such as SizeRestrictions_BODY');
    if (!COMMON_RULE_SET_RULES.includes(name)) {
      const sameLetters = COMMON_RULE_SET_RULES.find((rule) => rule.toLowerCase() === name.toLowerCase());
      throw invalidProp(
        scope,
        'commonRuleSetCountRules',
        sameLetters
          ? `'${name}' is not a rule of AWSManagedRulesCommonRuleSet: AWS WAF matches rule names case-sensitively, and the rule is '${sameLetters}'`
          : `'${name}' is not a rule of AWSManagedRulesCommonRuleSet, so the override would count nothing and the rule meant would keep blocking`,
        sameLetters
          ? `Write '${sameLetters}'.`
          : `Give rule names as AWS lists them: ${COMMON_RULE_SET_RULES.join(', ')}.`,
      );
    }
    if (countRules!.indexOf(name) !== i) {
      throw invalidProp(
        scope,
        'commonRuleSetCountRules',
        `'${name}' is listed twice`,
        'Give each rule name once.',
      );
    }
  }

  const region = Stack.of(scope).region;
  if (!Token.isUnresolved(region) && region !== 'us-east-1') {
    throw invalidProp(
      scope,
      'webAcl',
      `this stack is in ${region}, and a CLOUDFRONT-scope web ACL can only be created in us-east-1`,
      'Put the ShopEdge in a us-east-1 stack, or define the web ACL in one and give its ARN as webAclArn (or set webAcl: false to go without).',
    );
  }
}
