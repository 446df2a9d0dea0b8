import { Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import type { FargateShopPreset } from './fargate-shop-preset';
import type { FargateShopProps } from './fargate-shop-props';
import { DEFAULT_MEDIA_PATH } from './media';
import { COMMON_RULE_SET_RULES } from '../../edge/edge-web-acl-validation';
import { isInZone, zoneApex } from '../../private/dns';
import { invalidProp, requireLiteral } from '../../private/errors';
import { DOMAIN_NAME } from '../../private/patterns';
import { MEDUSA_PATH_PREFIXES } from '../../private/shop-defaults';

/** AWS WAF's rate-based rule limits. */
const RATE_LIMIT = { min: 10, max: 2_000_000_000 };
const CLOUDFRONT_WEB_ACL_ARN = /^arn:[\w-]+:wafv2:us-east-1:\d{12}:global\/webacl\/[\w-]{1,128}\/[\w-]+$/;
const ACM_ARN_REGION = /^arn:[\w-]+:acm:([a-z0-9-]+):\d{12}:certificate\/.+$/;
/** `/<prefix>/*`, one or more path segments. */
const MEDIA_PATH = /^\/([A-Za-z0-9_.-]+\/)+\*$/;
/** Paths the edge already gives another origin or caching (ShopEdge's cached paths). */
const TAKEN_EDGE_PATHS = ['/_next/', '/static/'];

/**
 * Whether the shop has the edge in front: `edge`, else the preset's when the shop has a
 * domain and a hosted zone (the edge needs both).
 */
export function edgeEnabled(props: FargateShopProps, preset: FargateShopPreset): boolean {
  return props.edge ?? (preset.edge && props.domainName !== undefined && props.hostedZone !== undefined);
}

/** The edge's path of product images; undefined without media (no edge, no backend, `media: false`). */
export function mediaPathOf(props: FargateShopProps, edge: boolean): string | undefined {
  if (!edge || !(props.edgeSettings?.media ?? props.backend !== undefined)) return undefined;
  return props.edgeSettings?.mediaPathPattern ?? DEFAULT_MEDIA_PATH;
}

/** Checks `edge` and `edgeSettings`, naming the prop and the fix. */
export function validateEdgeProps(scope: IConstruct, props: FargateShopProps, edge: boolean): void {
  const settings = props.edgeSettings;
  if (!edge) {
    if (settings !== undefined) {
      throw invalidProp(
        scope,
        'edgeSettings',
        `it sets up the edge, which is off (${props.edge === false ? 'edge: false' : 'the preset turns it on only with domainName and hostedZone'})`,
        'Set edge: true (with domainName and hostedZone), or remove edgeSettings.',
      );
    }
    return;
  }
  if (props.domainName === undefined || props.hostedZone === undefined) {
    throw invalidProp(
      scope,
      'edge',
      `the edge needs domainName and hostedZone (CloudFront serves domainName, and CloudFront reaches the load balancer at a name of the zone over HTTPS); ${props.domainName === undefined ? 'domainName' : 'hostedZone'} is not given`,
      'Give domainName and hostedZone, or set edge: false.',
    );
  }
  for (const [i, service] of (props.services ?? []).entries()) {
    if ((service.hostHeaders ?? []).length > 0) {
      throw invalidProp(
        scope,
        `services[${i}].hostHeaders`,
        "behind the edge the load balancer sees the Host of the origin name, never the viewer's, so a host-header rule would match nothing",
        'Route the service by pathPatterns, or set edge: false.',
      );
    }
  }
  if (!settings) return;
  validateOriginName(scope, props, settings.originDomainName);
  validateWebAclSettings(scope, settings);
  validateCloudFrontCertificate(scope, settings.cloudFrontCertificate?.certificateArn);
  validateMedia(scope, props);
}

function validateOriginName(scope: IConstruct, props: FargateShopProps, name: string | undefined): void {
  if (name === undefined) return;
  const prop = 'edgeSettings.originDomainName';
  requireLiteral(scope, prop, name, 'a domain name such as origin.shop.example.com');
  if (!DOMAIN_NAME.test(name)) {
    throw invalidProp(
      scope,
      prop,
      `'${name}' is not a lower-case domain name`,
      'Give a name such as origin.shop.example.com.',
    );
  }
  if (name === props.domainName) {
    throw invalidProp(
      scope,
      prop,
      `'${name}' is domainName, which points at CloudFront: CloudFront would send requests to itself`,
      'Give a name of its own, such as origin.shop.example.com, or leave originDomainName out.',
    );
  }
  const zone = props.hostedZone!;
  if (!Token.isUnresolved(zone.zoneName) && !isInZone(name, zoneApex(zone))) {
    throw invalidProp(
      scope,
      prop,
      `'${name}' is not in the hosted zone '${zoneApex(zone)}', where its record and certificate validation go`,
      `Give a name in ${zoneApex(zone)}, or leave originDomainName out.`,
    );
  }
}

function validateWebAclSettings(
  scope: IConstruct,
  settings: NonNullable<FargateShopProps['edgeSettings']>,
): void {
  const arn = settings.webAclArn;
  if (arn !== undefined) {
    for (const prop of ['rateLimitPer5Minutes', 'commonRuleSetCountRules'] as const) {
      if (settings[prop] !== undefined) {
        throw invalidProp(
          scope,
          `edgeSettings.${prop}`,
          'it shapes the web ACL the shop defines, but webAclArn is given',
          `Set it on your web ACL, or remove webAclArn.`,
        );
      }
    }
    if (!Token.isUnresolved(arn) && !CLOUDFRONT_WEB_ACL_ARN.test(arn)) {
      throw invalidProp(
        scope,
        'edgeSettings.webAclArn',
        `'${arn}' is not the ARN of a CLOUDFRONT-scope AWS WAF web ACL`,
        'Give arn:aws:wafv2:us-east-1:<account>:global/webacl/<name>/<id>.',
      );
    }
  }
  const limit = settings.rateLimitPer5Minutes;
  if (limit !== undefined) {
    requireLiteral(scope, 'edgeSettings.rateLimitPer5Minutes', limit, 'a whole number of requests');
    if (!Number.isInteger(limit) || limit < RATE_LIMIT.min || limit > RATE_LIMIT.max) {
      throw invalidProp(
        scope,
        'edgeSettings.rateLimitPer5Minutes',
        `${limit} is not a whole number from ${RATE_LIMIT.min} to ${RATE_LIMIT.max.toLocaleString('en-US')} (AWS WAF's range)`,
        'Give requests per IP in 5 minutes, such as 1000.',
      );
    }
  }
  const seen = new Set<string>();
  for (const rule of settings.commonRuleSetCountRules ?? []) {
    if (!COMMON_RULE_SET_RULES.includes(rule)) {
      const near = COMMON_RULE_SET_RULES.find((r) => r.toLowerCase() === rule.toLowerCase());
      throw invalidProp(
        scope,
        'edgeSettings.commonRuleSetCountRules',
        `'${rule}' is not a rule of AWSManagedRulesCommonRuleSet`,
        near
          ? `Write it as AWS does: '${near}'.`
          : `Give rules such as 'SizeRestrictions_BODY' (the group has ${COMMON_RULE_SET_RULES.length}).`,
      );
    }
    if (seen.has(rule)) {
      throw invalidProp(
        scope,
        'edgeSettings.commonRuleSetCountRules',
        `'${rule}' is listed twice`,
        'Give each rule once.',
      );
    }
    seen.add(rule);
  }
}

function validateCloudFrontCertificate(scope: IConstruct, arn: string | undefined): void {
  if (arn === undefined || Token.isUnresolved(arn)) return;
  const region = ACM_ARN_REGION.exec(arn)?.[1];
  if (region !== 'us-east-1') {
    throw invalidProp(
      scope,
      'edgeSettings.cloudFrontCertificate',
      region
        ? `the certificate is in ${region}, and CloudFront reads certificates from us-east-1 only`
        : `'${arn}' is not an ACM certificate ARN`,
      'Give a certificate from us-east-1, or leave cloudFrontCertificate out to have one defined there.',
    );
  }
}

function validateMedia(scope: IConstruct, props: FargateShopProps): void {
  const settings = props.edgeSettings!;
  if (settings.media === true && !props.backend) {
    throw invalidProp(
      scope,
      'edgeSettings.media',
      'the media bucket is written by the backend, and no backend is given',
      'Give backend, or remove media.',
    );
  }
  const path = settings.mediaPathPattern;
  if (path === undefined) return;
  const prop = 'edgeSettings.mediaPathPattern';
  if (settings.media === false || !props.backend) {
    throw invalidProp(
      scope,
      prop,
      'the shop has no media bucket to serve at it',
      'Remove mediaPathPattern, or turn media on (with a backend).',
    );
  }
  requireLiteral(scope, prop, path, "a path pattern such as '/media/*'");
  if (!MEDIA_PATH.test(path)) {
    throw invalidProp(
      scope,
      prop,
      `'${path}' is not of the form '/<prefix>/*' (letters, digits, _ . -), whose objects' keys start with '<prefix>/'`,
      "Give a pattern such as '/media/*' or '/images/products/*'.",
    );
  }
  const taken = [
    ...TAKEN_EDGE_PATHS,
    ...(props.backend.pathPrefixes ?? MEDUSA_PATH_PREFIXES).map((p) => `${p}/`),
  ];
  const clash = taken.find((t) => path.startsWith(t));
  if (clash) {
    throw invalidProp(
      scope,
      prop,
      `'${path}' is under '${clash}', which the edge already sends to the ${TAKEN_EDGE_PATHS.includes(clash) ? 'cached assets' : 'backend'}`,
      "Give a path of its own, such as '/media/*'.",
    );
  }
}
