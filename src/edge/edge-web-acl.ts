import { Names } from 'aws-cdk-lib';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';

/** What the web ACL of a `ShopEdge` is built from. */
export interface EdgeWebAclOptions {
  /** Requests per IP address in any 5 minutes before the rate-based rule answers 429. */
  readonly rateLimit: number;
  /** Rules of the common rule set that count instead of block. */
  readonly countRules: string[];
}

/** The rules of the web ACL, by priority: cheap and certain first, broad inspection last. */
export const WEB_ACL_RULES = {
  ipReputation: { name: 'AWS-AWSManagedRulesAmazonIpReputationList', priority: 0 },
  rateLimit: { name: 'RateLimitPerIp', priority: 1 },
  common: { name: 'AWS-AWSManagedRulesCommonRuleSet', priority: 2 },
  knownBadInputs: { name: 'AWS-AWSManagedRulesKnownBadInputsRuleSet', priority: 3 },
};

/**
 * Defines the CLOUDFRONT-scope web ACL of a `ShopEdge`: AWS managed rules against known bad IP
 * addresses, the OWASP-style common attacks and known bad inputs (Log4j and others), and a
 * per-IP rate limit. Every rule publishes CloudWatch metrics and keeps sampled requests.
 */
export function defineWebAcl(scope: Construct, id: string, options: EdgeWebAclOptions): wafv2.CfnWebACL {
  const visibility = (metricName: string): wafv2.CfnWebACL.VisibilityConfigProperty => ({
    cloudWatchMetricsEnabled: true,
    sampledRequestsEnabled: true,
    metricName,
  });
  const managed = (
    rule: { name: string; priority: number },
    groupName: string,
    countRules: string[] = [],
  ): wafv2.CfnWebACL.RuleProperty => ({
    name: rule.name,
    priority: rule.priority,
    statement: {
      managedRuleGroupStatement: {
        vendorName: 'AWS',
        name: groupName,
        ruleActionOverrides:
          countRules.length > 0
            ? countRules.map((name) => ({ name, actionToUse: { count: {} } }))
            : undefined,
      },
    },
    overrideAction: { none: {} },
    visibilityConfig: visibility(rule.name),
  });

  // one name per web ACL in the account; it also names the web ACL's own CloudWatch metrics
  const name = Names.uniqueResourceName(scope, { maxLength: 128 });
  return new wafv2.CfnWebACL(scope, id, {
    name,
    description: 'cdk-shop ShopEdge: AWS managed rules and a per-IP rate limit',
    scope: 'CLOUDFRONT',
    defaultAction: { allow: {} },
    visibilityConfig: visibility(name),
    rules: [
      managed(WEB_ACL_RULES.ipReputation, 'AWSManagedRulesAmazonIpReputationList'),
      {
        name: WEB_ACL_RULES.rateLimit.name,
        priority: WEB_ACL_RULES.rateLimit.priority,
        statement: {
          rateBasedStatement: {
            aggregateKeyType: 'IP',
            limit: options.rateLimit,
            evaluationWindowSec: 300,
          },
        },
        action: { block: { customResponse: { responseCode: 429 } } },
        visibilityConfig: visibility(WEB_ACL_RULES.rateLimit.name),
      },
      managed(WEB_ACL_RULES.common, 'AWSManagedRulesCommonRuleSet', options.countRules),
      managed(WEB_ACL_RULES.knownBadInputs, 'AWSManagedRulesKnownBadInputsRuleSet'),
    ],
  });
}
