import { Annotations, Size, SizeRoundingBehavior, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import { validateContainers } from './single-host-container-validation';
import {
  POSTGRES_VERSIONS,
  REDIS_VERSIONS,
  ResolvedSingleHost,
  SINGLE_HOST_DEFAULTS,
} from './single-host-defaults';
import type { SingleHostShopProps } from './single-host-shop-props';
import { isInZone, zoneApex } from '../../private/dns';
import { invalidProp, requireLiteral, withPropContext } from '../../private/errors';
import { DOMAIN_NAME, EMAIL_ADDRESS } from '../../private/patterns';
import { POSTGRES_IDENTIFIER } from '../../private/shop-defaults';

/** The largest gp3 volume, in GiB. */
const MAX_VOLUME_GIB = 16384;

/**
 * Rejects props that would synthesize a shop that cannot work, naming the prop and the fix.
 * Every rule the host renderers apply is checked here first (src/shop/single-host/host/host-rules.ts).
 *
 * @returns whether the instance type is Graviton (ARM64)
 */
export function validateSingleHostShopProps(
  scope: Construct,
  props: SingleHostShopProps,
  resolved: ResolvedSingleHost,
): boolean {
  const instanceType = resolved.instanceType;
  requireLiteral(scope, 'instanceType', instanceType.toString(), 'an instance type such as t4g.small');
  const arm = withPropContext(
    scope,
    'instanceType',
    'Give an instance type such as t4g.small.',
    () => instanceType.architecture === ec2.InstanceArchitecture.ARM_64,
  );
  validateContainers(scope, props, resolved, arm);
  validateDomain(scope, props);
  validateAlarms(scope, props);
  validateDatabase(scope, resolved);
  validateHost(scope, props, resolved);
  validateBackups(scope, resolved);
  validateNetwork(scope, props);
  return arm;
}

function validateAlarms(scope: Construct, props: SingleHostShopProps): void {
  const email = props.alarmEmail;
  if (email !== undefined && !Token.isUnresolved(email) && !EMAIL_ADDRESS.test(email)) {
    throw invalidProp(
      scope,
      'alarmEmail',
      `'${email}' is not an email address`,
      'Give an address such as ops@example.com.',
    );
  }
  if (email && props.alarmTopic) {
    throw invalidProp(
      scope,
      'alarmEmail',
      "'alarmTopic' and 'alarmEmail' cannot be given together",
      'Subscribe the address to your topic yourself, or remove alarmTopic.',
    );
  }
}

function validateDatabase(scope: Construct, resolved: ResolvedSingleHost): void {
  const { databaseName, postgresVersion, redisVersion } = resolved;
  requireLiteral(scope, 'databaseName', databaseName, 'a name such as shop');
  if (!POSTGRES_IDENTIFIER.test(databaseName)) {
    throw invalidProp(
      scope,
      'databaseName',
      `'${databaseName}' is not a lower-case PostgreSQL identifier`,
      'Use letters, digits and underscores, starting with a letter, such as shop.',
    );
  }
  requireLiteral(scope, 'postgresVersion', postgresVersion, `one of ${POSTGRES_VERSIONS.join(', ')}`);
  if (!POSTGRES_VERSIONS.includes(postgresVersion)) {
    throw invalidProp(
      scope,
      'postgresVersion',
      `'${postgresVersion}' is not a supported PostgreSQL major version`,
      `Give one of ${POSTGRES_VERSIONS.join(', ')}.`,
    );
  }
  requireLiteral(scope, 'redisVersion', redisVersion, `one of ${REDIS_VERSIONS.join(', ')}`);
  if (!REDIS_VERSIONS.includes(redisVersion)) {
    throw invalidProp(
      scope,
      'redisVersion',
      `'${redisVersion}' is not a supported Redis major version`,
      `Give one of ${REDIS_VERSIONS.join(', ')}.`,
    );
  }
}

function validateDomain(scope: Construct, props: SingleHostShopProps): void {
  const { domainName, certificateEmail, hostedZone } = props;
  requireLiteral(scope, 'domainName', domainName, 'a domain such as shop.example.com');
  if (domainName !== undefined && !DOMAIN_NAME.test(domainName)) {
    throw invalidProp(
      scope,
      'domainName',
      `'${domainName}' is not a lower-case domain name`,
      'Give one such as shop.example.com.',
    );
  }
  if (
    certificateEmail !== undefined &&
    !Token.isUnresolved(certificateEmail) &&
    !EMAIL_ADDRESS.test(certificateEmail)
  ) {
    throw invalidProp(
      scope,
      'certificateEmail',
      `'${certificateEmail}' is not an email address`,
      'Give an address such as ops@example.com.',
    );
  }
  if (domainName && !certificateEmail) {
    throw invalidProp(
      scope,
      'certificateEmail',
      "it is required with 'domainName': Let's Encrypt sends expiry notices there",
      'Give a contact address.',
    );
  }
  if (certificateEmail && !domainName) {
    throw invalidProp(
      scope,
      'certificateEmail',
      "there is no 'domainName' to certify",
      'Give domainName, or remove certificateEmail.',
    );
  }
  if (hostedZone && !domainName) {
    throw invalidProp(
      scope,
      'hostedZone',
      "there is no 'domainName' to add to the zone",
      'Give domainName, or remove hostedZone.',
    );
  }
  if (hostedZone && domainName && !Token.isUnresolved(hostedZone.zoneName)) {
    const zone = zoneApex(hostedZone);
    if (!isInZone(domainName, zone)) {
      throw invalidProp(
        scope,
        'domainName',
        `'${domainName}' is not in the hosted zone '${zone}'`,
        'Give a name in the zone, or the zone that holds it.',
      );
    }
  }
}

/** The whole number of `unit`s in a size, rejecting a fraction or a token with the prop's name. */
function wholeSize(scope: Construct, prop: string, size: Size, unit: 'GiB' | 'MiB'): number {
  const amount =
    unit === 'GiB'
      ? size.toGibibytes({ rounding: SizeRoundingBehavior.NONE })
      : size.toMebibytes({ rounding: SizeRoundingBehavior.NONE });
  requireLiteral(scope, prop, amount, `a size such as Size.gibibytes(20)`);
  if (!Number.isInteger(amount)) {
    throw invalidProp(
      scope,
      prop,
      `${size.toKibibytes({ rounding: SizeRoundingBehavior.NONE })} KiB is not a whole number of ${unit}`,
      unit === 'GiB'
        ? 'EBS volumes are sized in GiB: give Size.gibibytes(n).'
        : 'Give Size.mebibytes(n) or Size.gibibytes(n).',
    );
  }
  return amount;
}

function validateHost(scope: Construct, props: SingleHostShopProps, resolved: ResolvedSingleHost): void {
  const size = resolved.instanceType.toString().split('.')[1];
  if (['nano', 'micro'].includes(size)) {
    throw invalidProp(
      scope,
      'instanceType',
      `${resolved.instanceType} has less than the 2 GiB of memory four containers need`,
      'Use t4g.small or larger.',
    );
  }
  const minRoot = SINGLE_HOST_DEFAULTS.rootVolumeGib;
  const root = wholeSize(scope, 'rootVolumeSize', resolved.rootVolumeSize, 'GiB');
  if (root < minRoot || root > MAX_VOLUME_GIB) {
    throw invalidProp(
      scope,
      'rootVolumeSize',
      `${root} GiB is out of range (the Amazon Linux 2023 image needs ${minRoot})`,
      `Give ${minRoot} to ${MAX_VOLUME_GIB} GiB (${minRoot} is the default).`,
    );
  }
  const data = wholeSize(scope, 'dataVolumeSize', resolved.dataVolumeSize, 'GiB');
  if (data < 1 || data > MAX_VOLUME_GIB) {
    throw invalidProp(
      scope,
      'dataVolumeSize',
      `${data} GiB is out of range`,
      `Give 1 to ${MAX_VOLUME_GIB} GiB.`,
    );
  }
  const swap = wholeSize(scope, 'swapSize', resolved.swapSize, 'MiB');
  if (swap < 0 || swap / 1024 > root / 2) {
    throw invalidProp(
      scope,
      'swapSize',
      `${swap} MiB would fill more than half of the ${root} GiB root volume`,
      props.rootVolumeSize
        ? 'Give a smaller swap or a larger rootVolumeSize.'
        : 'Give a smaller swap, or a larger rootVolumeSize with it.',
    );
  }
}

function validateBackups(scope: Construct, resolved: ResolvedSingleHost): void {
  const hour = resolved.backupHourUtc;
  requireLiteral(scope, 'backupHourUtc', hour, 'an hour from 0 to 23');
  if (!Number.isInteger(hour) || hour < 0 || hour > 23) {
    throw invalidProp(
      scope,
      'backupHourUtc',
      `${hour} is not an hour of the day`,
      'Give a whole number from 0 to 23.',
    );
  }
  const retention = resolved.backupRetention;
  if (retention.isUnresolved()) {
    requireLiteral(scope, 'backupRetention', retention.toDays({ integral: false }), 'Duration.days(n)');
  }
  const hours = retention.toHours({ integral: false });
  if (hours < 24) {
    throw invalidProp(
      scope,
      'backupRetention',
      `${retention.toHumanString()} is shorter than the daily backup schedule, so backups would expire before the next one`,
      'Keep backups at least Duration.days(1); 7 or more is wise.',
    );
  }
  if (hours % 24 !== 0) {
    throw invalidProp(
      scope,
      'backupRetention',
      `${retention.toHumanString()} is not a whole number of days`,
      'Give Duration.days(n).',
    );
  }
}

function validateNetwork(scope: Construct, props: SingleHostShopProps): void {
  if (props.vpcSubnets && !props.vpc) {
    throw invalidProp(
      scope,
      'vpcSubnets',
      "it selects subnets of 'vpc', which is not given",
      'Give vpc, or remove vpcSubnets.',
    );
  }
  const vpc = props.vpc;
  if (!vpc) return;
  let subnets: ec2.ISubnet[] = [];
  try {
    subnets = vpc.selectSubnets(props.vpcSubnets ?? { subnetType: ec2.SubnetType.PUBLIC }).subnets;
  } catch {
    // the VPC has no subnet group of the selected type
  }
  if (subnets.length === 0) {
    throw invalidProp(
      scope,
      'vpcSubnets',
      'no public subnet is selected',
      'The host serves the internet from a public subnet: select one.',
    );
  }
  const host = subnets[0];
  const id = (s: ec2.ISubnet) => s.subnetId;
  const privateIds = [...vpc.privateSubnets, ...vpc.isolatedSubnets].map(id);
  if (privateIds.includes(host.subnetId)) {
    throw invalidProp(
      scope,
      'vpcSubnets',
      `the host's subnet ${host.node.path} is not public, but the host gets an Elastic IP and serves the internet from it`,
      'Select a public subnet, such as { subnetType: ec2.SubnetType.PUBLIC }.',
    );
  }
  if (!vpc.publicSubnets.map(id).includes(host.subnetId)) {
    Annotations.of(scope).addWarningV2(
      'cdk-shop:SingleHostShop.subnetNotKnownPublic',
      `vpcSubnets: the host's subnet ${host.node.path} is not one of the VPC's public subnets, so whether it routes to an internet gateway is unknown; without that route the Elastic IP cannot reach the host.`,
    );
  }
}
