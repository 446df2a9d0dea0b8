import { createHash } from 'crypto';
import { Arn, Lazy, Names, Stack, Stage, Token } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { acknowledgeSdkCallFunction, acknowledgeSdkCallPolicy } from './edge-findings';
import { defineWebAcl } from '../../edge/edge-web-acl';
import { acknowledge } from '../../private/acknowledge';
import { zoneApex } from '../../private/dns';
import { invalidProp } from '../../private/errors';

/** The region CloudFront reads certificates and CLOUDFRONT-scope web ACLs from. */
export const CLOUDFRONT_REGION = 'us-east-1';

/**
 * The id and apex name of the zone that validates CloudFront's certificate in the us-east-1 stack,
 * which imports it by both: refused when either is a deploy-time value, naming `prop` and `fix`.
 */
export function literalZone(
  shop: Construct,
  zone: route53.IHostedZone,
  prop: string,
  fix: string,
): { hostedZoneId: string; zoneName: string } {
  if (Token.isUnresolved(zone.hostedZoneId) || Token.isUnresolved(zone.zoneName)) {
    throw invalidProp(
      shop,
      prop,
      `the stack is in ${Stack.of(shop).region}, so CloudFront's certificate is defined in a us-east-1 stack and validated in hostedZone there, and the zone's id or name is a deploy-time value`,
      fix,
    );
  }
  return { hostedZoneId: zone.hostedZoneId, zoneName: zoneApex(zone) };
}

/** What the shop needs from us-east-1. */
export interface UsEast1EdgeRequest {
  /** Names of a DNS-validated certificate to define there; undefined for none. */
  readonly certificateNames?: string[];
  /** The zone that validates the certificate, imported by id and name. */
  readonly zone?: { readonly hostedZoneId: string; readonly zoneName: string };
  /** The web ACL to define there; undefined for none. */
  readonly webAcl?: { readonly rateLimit: number; readonly countRules: string[] };
}

/** The ARNs the shop's stack reads from us-east-1 at deploy time. */
export interface UsEast1EdgeResources {
  /** The stack in us-east-1 that holds them, a sibling of the shop's stack. */
  readonly stack: Stack;
  readonly certificate?: acm.ICertificate;
  readonly webAclArn?: string;
}

/**
 * Defines what CloudFront needs from us-east-1 (the certificate, the web ACL) for a shop whose
 * stack is in another region, without the user wiring anything: a stack of its own in us-east-1
 * (same account, same app or stage, deployed first: the shop's stack depends on it) writes their
 * ARNs to SSM parameters in the shop's region (`ssm:PutParameter` there through an
 * `AwsCustomResource`, allowed on those parameters only, deleted with the stack), and the shop's
 * template reads them with `{{resolve:ssm:...}}` dynamic references when it deploys. No
 * credentials at synth, no export that would pin the two stacks together.
 *
 * The parameters' names carry a fingerprint of what defines the resources (names, zone, web ACL
 * settings): when those change and the certificate is replaced, the name in the shop's template
 * changes too, so its next deployment reads the new ARN.
 */
export function defineUsEast1EdgeResources(
  shop: Construct,
  request: UsEast1EdgeRequest,
): UsEast1EdgeResources {
  const shopStack = Stack.of(shop);
  const stage = Stage.of(shopStack) ?? shopStack.node.root;
  const id = `${shopStack.node.id}-${Names.uniqueId(shop)}-UsEast1`.slice(0, 120);
  const stack =
    (stage.node.tryFindChild(id) as Stack | undefined) ??
    new Stack(stage, id, {
      env: { account: shopStack.account, region: CLOUDFRONT_REGION },
      description: `CloudFront's certificate and web ACL of the cdk-shop ${shop.node.path} (stack ${shopStack.stackName}), which CloudFront reads from us-east-1 only`,
    });
  shopStack.addDependency(stack, 'CloudFront reads the certificate and the web ACL from us-east-1');

  const fingerprint = createHash('sha256').update(JSON.stringify(request)).digest('hex').slice(0, 12);
  const prefix = `/cdk-shop/edge/${Names.uniqueResourceName(shop, { maxLength: 120, separator: '-' })}/${fingerprint}`;
  const shopRegion = shopStack.region;
  /** Writes `value` to a parameter in the shop's region, and gives the dynamic reference that reads it. */
  const pass = (name: string, what: string, value: string): string => {
    const parameterName = `${prefix}/${name}`;
    const parameterArn = Arn.format(
      { service: 'ssm', region: shopRegion, resource: 'parameter', resourceName: parameterName.slice(1) },
      stack,
    );
    const write = new cr.AwsCustomResource(stack, `${what}ArnTo${shopRegion}`, {
      resourceType: 'Custom::CrossRegionParameter',
      onUpdate: {
        service: 'SSM',
        action: 'putParameter',
        parameters: {
          Name: parameterName,
          Value: value,
          Type: 'String',
          Overwrite: true,
          Description: `The ${what} ARN (us-east-1) of the cdk-shop ${shop.node.path}`,
        },
        region: shopRegion,
        physicalResourceId: cr.PhysicalResourceId.of(parameterName),
      },
      onDelete: {
        service: 'SSM',
        action: 'deleteParameter',
        parameters: { Name: parameterName },
        region: shopRegion,
        ignoreErrorCodesMatching: 'ParameterNotFound',
      },
      policy: cr.AwsCustomResourcePolicy.fromSdkCalls({ resources: [parameterArn] }),
      installLatestAwsSdk: false,
    });
    acknowledgeSdkCallPolicy(
      write,
      `ssm:PutParameter and ssm:DeleteParameter on ${parameterName} in ${shopRegion}`,
    );
    // a plain string in the template: CloudFormation resolves it when the shop's stack deploys
    return Lazy.string({ produce: () => `{{resolve:ssm:${parameterName}}}` });
  };

  let certificate: acm.ICertificate | undefined;
  if (request.certificateNames && request.zone) {
    const [domainName, ...alternatives] = request.certificateNames;
    const zone = route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', request.zone);
    const defined = new acm.Certificate(stack, 'CloudFrontCertificate', {
      domainName,
      subjectAlternativeNames: alternatives.length > 0 ? alternatives : undefined,
      validation: acm.CertificateValidation.fromDns(zone),
    });
    certificate = acm.Certificate.fromCertificateArn(
      shop,
      'CloudFrontCertificate',
      pass('certificate-arn', 'Certificate', defined.certificateArn),
    );
  }
  let webAclArn: string | undefined;
  if (request.webAcl) {
    const acl = defineWebAcl(stack, 'WebAcl', request.webAcl);
    acknowledge(acl, {
      id: 'NIST.800.53.R5-WAFv2LoggingEnabled',
      reason:
        "Every request, blocked ones included (403 or 429), is in CloudFront's standard logs, and every rule publishes CloudWatch metrics and sampled requests; full AWS WAF logs would add $0.50 per GB ingested.",
    });
    webAclArn = pass('web-acl-arn', 'WebAcl', acl.attrArn);
  }
  acknowledgeSdkCallFunction(stack);
  return { stack, certificate, webAclArn };
}
