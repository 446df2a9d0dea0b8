import { Annotations, Stack, Token } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct, IConstruct } from 'constructs';
import { apiPathPatternOf, cachedPathPatternsOf, frameworkOf, frameworkPathPatterns } from './edge-behaviors';
import { validateHostHeader } from './edge-host-header';
import { validateApiPath, validateOriginChoice } from './edge-origin-validation';
import { validatePattern } from './edge-path-pattern';
import { validateWebAcl } from './edge-web-acl-validation';
import { validateStaticAssets } from './nextjs-validation';
import type { ShopEdgeProps } from './shop-edge-props';
import { isInZone, zoneApex } from '../private/dns';
import { invalidProp } from '../private/errors';
import { DOMAIN_NAME_OR_WILDCARD } from '../private/patterns';

export const DEFAULT_MEDIA_PATH_PATTERN = '/media/*';

/** CloudFront's default quota of cache behaviours per distribution, besides the default one. */
const MAX_BEHAVIORS = 75;
/** CloudFront's default quota of alternate domain names per distribution. */
const MAX_DOMAIN_NAMES = 100;
const ACM_ARN = /^arn:[\w-]+:acm:([a-z0-9-]*):\d{12}:certificate\/.+$/;
/**
 * Regions whose buckets CloudFront standard logging (legacy) does not deliver to: the opt-in
 * regions AWS names for it (its guide lists more opt-in regions; a bucket there fails to receive
 * logs rather than to deploy).
 */
const NO_LOG_DELIVERY_REGIONS = ['af-south-1', 'ap-east-1', 'eu-south-1', 'me-south-1'];

/**
 * Rejects props that would synthesize an edge that cannot deploy or would not protect the
 * shop, naming the prop and the fix.
 */
export function validateEdgeProps(scope: Construct, props: ShopEdgeProps): void {
  validateOriginChoice(scope, props);
  validatePaths(scope, props);
  validateStaticAssets(scope, props);
  validateDomains(scope, props);
  validateHostHeader(scope, props);
  validateCertificate(scope, props.certificate);
  validateWebAcl(scope, props);
  validateLogs(scope, props);
}

function validatePaths(scope: Construct, props: ShopEdgeProps): void {
  const cached = cachedPathPatternsOf(props);
  for (const pattern of cached) validatePattern(scope, 'cachedPathPatterns', pattern);
  const framework = frameworkOf(props);
  // a storefront edge has no framework behaviours
  const frameworkOwn = props.storefront ? [] : frameworkPathPatterns(framework);
  const seen = new Set<string>(frameworkOwn);
  for (const pattern of cached) {
    if (seen.has(pattern)) {
      throw invalidProp(
        scope,
        'cachedPathPatterns',
        `'${pattern}' has a behaviour of its own with OriginFramework.${framework.name}`,
        `Remove it from cachedPathPatterns, or give framework: OriginFramework.GENERIC to cache it by path only.`,
      );
    }
  }
  const frameworkPatterns = seen.size;
  for (const pattern of cached) {
    if (seen.has(pattern)) {
      throw invalidProp(
        scope,
        'cachedPathPatterns',
        `'${pattern}' is listed twice`,
        'Give each path pattern once.',
      );
    }
    seen.add(pattern);
  }

  if (props.mediaPathPattern !== undefined && !props.mediaBucket) {
    throw invalidProp(
      scope,
      'mediaPathPattern',
      "there is no 'mediaBucket' to serve it from",
      'Give mediaBucket, or remove mediaPathPattern.',
    );
  }
  if (props.mediaBucket) {
    const media = props.mediaPathPattern ?? DEFAULT_MEDIA_PATH_PATTERN;
    validatePattern(scope, 'mediaPathPattern', media);
    if (frameworkOwn.includes(media)) {
      throw invalidProp(
        scope,
        'mediaPathPattern',
        `'${media}' is a path of OriginFramework.${framework.name}'s own behaviours, so the path would have two origins`,
        "Give the media bucket a path of its own, such as '/media/*'.",
      );
    }
    if (seen.has(media)) {
      throw invalidProp(
        scope,
        'mediaPathPattern',
        `'${media}' is also in cachedPathPatterns, so the path would have two origins`,
        'Give the media bucket a path of its own, or remove it from cachedPathPatterns.',
      );
    }
    seen.add(media);
  }

  const api = apiPathPatternOf(props);
  if (api !== undefined) {
    validatePattern(scope, 'apiPathPattern', api);
    validateApiPath(scope, props, [...seen]);
    seen.add(api);
  }

  if (seen.size > MAX_BEHAVIORS) {
    const own =
      frameworkPatterns > 0 ? ` (${frameworkPatterns} of them OriginFramework.${framework.name}'s own)` : '';
    throw invalidProp(
      scope,
      'cachedPathPatterns',
      `${seen.size} path patterns${own} exceed the ${MAX_BEHAVIORS} cache behaviours CloudFront allows per distribution by default`,
      "Cover several paths with one wildcard pattern (such as '/assets/*'), or request a higher quota and add behaviours to the distribution yourself.",
    );
  }
}

function validateDomains(scope: Construct, props: ShopEdgeProps): void {
  const { domainNames, certificate, hostedZone } = props;
  if (domainNames !== undefined) {
    if (domainNames.length === 0) {
      throw invalidProp(
        scope,
        'domainNames',
        'the list is empty',
        'Give at least one name, such as shop.example.com, or leave domainNames out.',
      );
    }
    if (domainNames.length > MAX_DOMAIN_NAMES) {
      throw invalidProp(
        scope,
        'domainNames',
        `${domainNames.length} names exceed the ${MAX_DOMAIN_NAMES} alternate domain names CloudFront allows per distribution by default`,
        'Use a wildcard name such as *.example.com, or split the names over two ShopEdges.',
      );
    }
    const seen = new Set<string>();
    for (const name of domainNames) {
      if (Token.isUnresolved(name)) continue;
      if (!DOMAIN_NAME_OR_WILDCARD.test(name)) {
        throw invalidProp(
          scope,
          'domainNames',
          `'${name}' is not a lower-case domain name`,
          'Give names such as shop.example.com or *.example.com.',
        );
      }
      if (seen.has(name)) {
        throw invalidProp(scope, 'domainNames', `'${name}' is listed twice`, 'Give each name once.');
      }
      seen.add(name);
    }
  }
  const hasNames = domainNames !== undefined;
  if (hasNames && !certificate) {
    throw invalidProp(
      scope,
      'certificate',
      "it is required with 'domainNames': CloudFront serves a domain name only with a certificate that covers it",
      'Give an ACM certificate from us-east-1 for the names, e.g. an acm.Certificate in a us-east-1 stack validated with CertificateValidation.fromDns(zone).',
    );
  }
  if (certificate && !hasNames) {
    throw invalidProp(
      scope,
      'domainNames',
      "it is required with 'certificate': CloudFront would not answer for any name the certificate covers",
      'Give the names the certificate covers, such as shop.example.com, or remove certificate.',
    );
  }
  if (hostedZone && !hasNames) {
    throw invalidProp(
      scope,
      'hostedZone',
      "there are no 'domainNames' to add to the zone",
      'Give domainNames and certificate, or remove hostedZone.',
    );
  }
  if (hostedZone && domainNames && !Token.isUnresolved(hostedZone.zoneName)) {
    const zone = zoneApex(hostedZone);
    for (const name of domainNames) {
      if (Token.isUnresolved(name)) continue;
      if (!isInZone(name, zone)) {
        throw invalidProp(
          scope,
          'domainNames',
          `'${name}' is not in the hosted zone '${zone}'`,
          'Give names in the zone, or the zone that holds them.',
        );
      }
    }
  }
}

function validateCertificate(scope: Construct, certificate: acm.ICertificate | undefined): void {
  if (!certificate) return;
  const arn = certificate.certificateArn;
  let region: string | undefined;
  if (!Token.isUnresolved(arn)) {
    const match = ACM_ARN.exec(arn);
    if (!match) {
      throw invalidProp(
        scope,
        'certificate',
        `'${arn}' is not an ACM certificate ARN`,
        'Give a certificate such as acm.Certificate.fromCertificateArn(this, id, "arn:aws:acm:us-east-1:…:certificate/…").',
      );
    }
    region = match[1];
  } else if (isDefinedCertificate(certificate)) {
    const there = Stack.of(certificate).region;
    region = Token.isUnresolved(there) ? undefined : there;
  }
  if (region !== undefined && region !== 'us-east-1') {
    throw invalidProp(
      scope,
      'certificate',
      `the certificate is in ${region}, and CloudFront reads certificates from us-east-1 only`,
      'Request or import the certificate in us-east-1, e.g. an acm.Certificate in a us-east-1 stack (crossRegionReferences: true) validated with CertificateValidation.fromDns(zone).',
    );
  }
}

function validateLogs(scope: Construct, props: ShopEdgeProps): void {
  const region = Stack.of(scope).region;
  if (!props.logBucket && NO_LOG_DELIVERY_REGIONS.includes(region)) {
    throw invalidProp(
      scope,
      'logBucket',
      `the log bucket would be defined in ${region}, where CloudFront does not deliver standard logs`,
      'Give a logBucket with ACLs enabled in another region, such as us-east-1.',
    );
  }
  if (props.logBucket) validateLogBucketAcls(scope, props.logBucket);
  const retention = props.logRetention;
  if (retention === undefined) return;
  if (props.logBucket) {
    throw invalidProp(
      scope,
      'logRetention',
      "it sets the lifecycle of the log bucket this construct defines, and 'logBucket' is given",
      'Expire the logs with a lifecycle rule on your own bucket, or remove logBucket.',
    );
  }
  if (retention.isUnresolved()) return;
  const days = retention.toHours({ integral: false }) / 24;
  if (!Number.isInteger(days) || days < 1) {
    throw invalidProp(
      scope,
      'logRetention',
      `${retention.toHumanString()} is not a whole number of days, 1 or more`,
      'S3 lifecycle rules expire objects after whole days: give Duration.days(n), such as Duration.days(90).',
    );
  }
}

/**
 * CloudFront standard logging writes with ACLs: a bucket with ACLs disabled (Object Ownership
 * `BucketOwnerEnforced`, the S3 default) receives no logs. A bucket defined in the app is
 * rejected, not changed (its ownership is the owner's choice); an imported one, whose setting
 * is not visible at synth, gets a warning.
 */
function validateLogBucketAcls(scope: Construct, bucket: s3.IBucket): void {
  const cfn = bucket.node.defaultChild;
  if (!(cfn instanceof s3.CfnBucket)) {
    Annotations.of(scope).addWarningV2(
      'cdk-shop:edge-log-bucket-acls',
      `logBucket ${bucket.node.path} is imported, so its Object Ownership cannot be checked: CloudFront standard logging writes with ACLs and delivers nothing to a bucket with ACLs disabled (BucketOwnerEnforced, the S3 default). Give it ObjectOwnership ObjectWriter or BucketOwnerPreferred.`,
    );
    return;
  }
  const controls = Stack.of(cfn).resolve(cfn.ownershipControls) as
    { rules?: { objectOwnership?: string }[] } | undefined;
  const ownership = controls?.rules?.[0]?.objectOwnership;
  if (ownership === undefined || ownership === 'BucketOwnerEnforced') {
    throw invalidProp(
      scope,
      'logBucket',
      `${bucket.node.path} has ACLs disabled (Object Ownership ${ownership ?? 'BucketOwnerEnforced, the S3 default'}), and CloudFront standard logging writes with ACLs, so no log would arrive`,
      'Give the bucket objectOwnership: s3.ObjectOwnership.OBJECT_WRITER (or BUCKET_OWNER_PREFERRED), or leave logBucket out to let ShopEdge define one.',
    );
  }
}

/** A certificate defined (not imported) in a stack, whose ARN's region is that stack's. */
function isDefinedCertificate(certificate: acm.ICertificate): boolean {
  return certificate.node.defaultChild instanceof acm.CfnCertificate;
}

/**
 * Whether a certificate is defined in the stack of `scope`, so its region is this stack's,
 * unknown until deployment when the stack is environment-agnostic.
 */
export function certificateStackIsHere(scope: IConstruct, certificate: acm.ICertificate): boolean {
  return (
    Token.isUnresolved(certificate.certificateArn) &&
    isDefinedCertificate(certificate) &&
    Stack.of(certificate) === Stack.of(scope)
  );
}
