import { App, CfnParameter, Stack, StackProps } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { ShopEdge, ShopEdgeProps } from '../../src/edge';
import { COMMON_RULE_SET_RULES } from '../../src/edge/edge-web-acl-validation';

const US_EAST_1: StackProps = { env: { account: '123456789012', region: 'us-east-1' } };

function build(props: (stack: Stack) => Partial<ShopEdgeProps>) {
  const stack = new Stack(new App(), 'Stack', US_EAST_1);
  const edge = new ShopEdge(stack, 'Edge', {
    origin: new origins.HttpOrigin('origin.example.com'),
    ...props(stack),
  });
  return { stack, edge };
}

const logBucket = (stack: Stack, objectOwnership?: s3.ObjectOwnership) =>
  new s3.Bucket(stack, 'Logs', { objectOwnership, enforceSSL: true });

describe('ShopEdge rejects bad input with the construct path, the prop and the fix', () => {
  test.each<[string, (stack: Stack) => Partial<ShopEdgeProps>, RegExp]>([
    [
      'a common-rule-set name in lower case',
      () => ({ commonRuleSetCountRules: ['sizerestrictions_body'] }),
      /^Stack\/Edge: invalid 'commonRuleSetCountRules': 'sizerestrictions_body' is not a rule of AWSManagedRulesCommonRuleSet: AWS WAF matches rule names case-sensitively.*the rule is 'SizeRestrictions_BODY'\. Write 'SizeRestrictions_BODY'\.$/,
    ],
    [
      'a common-rule-set name in mixed case',
      () => ({ commonRuleSetCountRules: ['CrossSiteScripting_Body'] }),
      /^Stack\/Edge: invalid 'commonRuleSetCountRules': 'CrossSiteScripting_Body' .*Write 'CrossSiteScripting_BODY'\.$/,
    ],
    [
      'the cookie size rule with HEADER-style case',
      () => ({ commonRuleSetCountRules: ['SizeRestrictions_COOKIE_HEADER'] }),
      /^Stack\/Edge: invalid 'commonRuleSetCountRules': .*Write 'SizeRestrictions_Cookie_HEADER'\.$/,
    ],
    [
      'the user-agent rule as its label spells it',
      () => ({ commonRuleSetCountRules: ['NoUserAgent_Header'] }),
      /^Stack\/Edge: invalid 'commonRuleSetCountRules': .*Write 'NoUserAgent_HEADER'\.$/,
    ],
    [
      'a rule of another rule group (SQL database)',
      () => ({ commonRuleSetCountRules: ['SQLi_BODY'] }),
      /^Stack\/Edge: invalid 'commonRuleSetCountRules': 'SQLi_BODY' is not a rule of AWSManagedRulesCommonRuleSet, so the override would count nothing.*Give rule names as AWS lists them: NoUserAgent_HEADER, /,
    ],
    [
      'a rule name from a parameter',
      (s) => ({ commonRuleSetCountRules: [new CfnParameter(s, 'Rule').valueAsString] }),
      /^Stack\/Edge: invalid 'commonRuleSetCountRules': is a token .*Give a literal: a rule name such as SizeRestrictions_BODY/,
    ],
    [
      'a log bucket with ACLs disabled by the S3 default',
      (s) => ({ logBucket: logBucket(s) }),
      /^Stack\/Edge: invalid 'logBucket': Stack\/Logs has ACLs disabled \(Object Ownership BucketOwnerEnforced, the S3 default\).*Give the bucket objectOwnership: s3\.ObjectOwnership\.OBJECT_WRITER/,
    ],
    [
      'a log bucket with ACLs disabled explicitly',
      (s) => ({ logBucket: logBucket(s, s3.ObjectOwnership.BUCKET_OWNER_ENFORCED) }),
      /^Stack\/Edge: invalid 'logBucket': Stack\/Logs has ACLs disabled \(Object Ownership BucketOwnerEnforced\)/,
    ],
  ])('%s', (_name, props, message) => {
    expect(() => build(props)).toThrow(message);
  });
});

describe('ShopEdge accepts near-edge good input', () => {
  test('every rule of the common rule set, as AWS names it', () => {
    expect(COMMON_RULE_SET_RULES).toHaveLength(22);
    const { stack } = build(() => ({ commonRuleSetCountRules: COMMON_RULE_SET_RULES }));
    const acl = Object.values(Template.fromStack(stack).findResources('AWS::WAFv2::WebACL'))[0] as any;
    const common = acl.Properties.Rules.find((r: any) => r.Name === 'AWS-AWSManagedRulesCommonRuleSet');
    expect(common.Statement.ManagedRuleGroupStatement.RuleActionOverrides.map((o: any) => o.Name)).toEqual(
      COMMON_RULE_SET_RULES,
    );
  });

  test.each([
    ['ObjectWriter', s3.ObjectOwnership.OBJECT_WRITER],
    ['BucketOwnerPreferred', s3.ObjectOwnership.BUCKET_OWNER_PREFERRED],
  ])('a log bucket with ACLs enabled (%s)', (name, ownership) => {
    const { stack } = build((s) => ({ logBucket: logBucket(s, ownership) }));
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::S3::Bucket', {
      OwnershipControls: { Rules: [{ ObjectOwnership: name }] },
    });
    template.resourceCountIs('AWS::S3::Bucket', 1);
  });

  test('an imported log bucket, with a warning that its ACLs cannot be checked', () => {
    const { stack } = build((s) => ({ logBucket: s3.Bucket.fromBucketName(s, 'Imported', 'shop-logs') }));
    Annotations.fromStack(stack).hasWarning(
      '/Stack/Edge',
      Match.stringLikeRegexp(
        'logBucket Stack/Imported is imported.*delivers nothing to a bucket with ACLs disabled',
      ),
    );
  });
});
