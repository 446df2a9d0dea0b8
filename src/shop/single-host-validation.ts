import { Stack, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import type { ShopContainerOptions } from './shop-containers';
import type { SingleHostShopProps } from './single-host-shop';
import { isInZone, zoneApex } from '../private/dns';
import { invalidProp } from '../private/errors';
import { POSTGRES_IDENTIFIER } from '../private/shop-defaults';

/** Environment variables the shop generates; users may not set them in plain text. */
const GENERATED_VARIABLES = ['DATABASE_URL', 'REDIS_URL', 'JWT_SECRET', 'COOKIE_SECRET', 'POSTGRES_PASSWORD'];
const DOMAIN = /^(?=.{1,253}$)(?!-)([a-z0-9-]{1,63}(?<!-)\.)+[a-z]{2,63}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const PREFIX = /^\/[A-Za-z0-9._~\-/]*[A-Za-z0-9._~-]$/;
const IMAGE = /^[a-z0-9][a-z0-9._\-/:@]*$/i;
const RESERVED_PORTS = [22, 80, 443];

/**
 * Rejects props that would synthesize a shop that cannot work, naming the prop and the fix.
 */
export function validateSingleHostShopProps(
  scope: Construct,
  props: SingleHostShopProps,
  instanceType: ec2.InstanceType,
): void {
  if (!props.storefront && !props.backend) {
    throw invalidProp(
      scope,
      'storefront',
      'neither storefront nor backend is given',
      'Give at least one of them.',
    );
  }
  if (props.worker && !props.backend) {
    throw invalidProp(
      scope,
      'worker',
      'a worker runs the backend image, but no backend is given',
      'Give backend, or remove worker.',
    );
  }
  const arm = instanceType.architecture === ec2.InstanceArchitecture.ARM_64;
  validateContainer(scope, 'storefront', props.storefront, 3000, arm);
  validateContainer(scope, 'backend', props.backend, 9000, arm);
  const storefrontPort = props.storefront?.port ?? 3000;
  const backendPort = props.backend?.port ?? 9000;
  if (props.storefront && props.backend && storefrontPort === backendPort) {
    throw invalidProp(
      scope,
      'backend.port',
      `storefront and backend both listen on port ${backendPort}`,
      'Give them different ports.',
    );
  }
  validatePrefixes(scope, props);
  for (const [name, env] of Object.entries({
    'storefront.environment': props.storefront?.environment,
    'backend.environment': props.backend?.environment,
    'worker.environment': props.worker?.environment,
  })) {
    validateEnvironment(scope, name, env);
  }

  validateDomain(scope, props);

  if (props.alarmEmail !== undefined && !EMAIL.test(props.alarmEmail)) {
    throw invalidProp(
      scope,
      'alarmEmail',
      `'${props.alarmEmail}' is not an email address`,
      'Give an address such as ops@example.com.',
    );
  }
  if (props.alarmEmail && props.alarmTopic) {
    throw invalidProp(
      scope,
      'alarmEmail',
      "'alarmTopic' and 'alarmEmail' cannot be given together",
      'Subscribe the address to your topic yourself, or remove alarmTopic.',
    );
  }

  if (props.databaseName !== undefined && !POSTGRES_IDENTIFIER.test(props.databaseName)) {
    throw invalidProp(
      scope,
      'databaseName',
      `'${props.databaseName}' is not a lower-case PostgreSQL identifier`,
      'Use letters, digits and underscores, starting with a letter, such as shop.',
    );
  }
  const postgres = props.postgresVersion ?? '16';
  if (!['13', '14', '15', '16', '17'].includes(postgres)) {
    throw invalidProp(
      scope,
      'postgresVersion',
      `'${postgres}' is not a supported PostgreSQL major version`,
      'Give one of 13, 14, 15, 16, 17.',
    );
  }
  const redis = props.redisVersion ?? '7';
  if (!['6', '7', '8'].includes(redis)) {
    throw invalidProp(
      scope,
      'redisVersion',
      `'${redis}' is not a supported Redis major version`,
      'Give one of 6, 7, 8.',
    );
  }

  validateHost(scope, props, instanceType);
  validateBackups(scope, props);
  validateNetwork(scope, props);
}

function validateContainer(
  scope: Construct,
  name: string,
  options: ShopContainerOptions | undefined,
  defaultPort: number,
  arm: boolean,
): void {
  if (!options) return;
  const image = options.image.imageName;
  if (!Token.isUnresolved(image)) {
    if (!IMAGE.test(image)) {
      throw invalidProp(
        scope,
        `${name}.image`,
        `'${image}' is not an image reference`,
        'Give one such as ghcr.io/acme/shop:1.0.0.',
      );
    }
    const tag = image.includes(':') ? image.slice(image.lastIndexOf(':') + 1) : '';
    if (arm && /(amd64|x86[_-]64)/i.test(tag)) {
      throw invalidProp(
        scope,
        `${name}.image`,
        `tag '${tag}' is an x86 image, but the instance type is Graviton (ARM64)`,
        'Use an arm64 or multi-architecture image, or an x86 instance type such as t3.small.',
      );
    }
    if (!arm && /(arm64|aarch64)/i.test(tag)) {
      throw invalidProp(
        scope,
        `${name}.image`,
        `tag '${tag}' is an ARM image, but the instance type is x86`,
        'Use an amd64 or multi-architecture image, or a Graviton instance type such as t4g.small.',
      );
    }
  }
  const port = options.port ?? defaultPort;
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw invalidProp(
      scope,
      `${name}.port`,
      `${port} is not a TCP port`,
      'Give a whole number from 1 to 65535.',
    );
  }
  if (RESERVED_PORTS.includes(port)) {
    throw invalidProp(
      scope,
      `${name}.port`,
      `port ${port} is taken on the host (nginx listens on 80 and 443, sshd on 22)`,
      'Give another port, such as 3000 or 9000.',
    );
  }
  const health = options.healthPath;
  if (health !== undefined && !/^\/[^\s{};'"]*$/.test(health)) {
    throw invalidProp(
      scope,
      `${name}.healthPath`,
      `'${health}' is not a URL path`,
      "Give a path starting with '/', such as /health.",
    );
  }
}

function validatePrefixes(scope: Construct, props: SingleHostShopProps): void {
  const prefixes = props.backend?.pathPrefixes;
  if (prefixes === undefined) return;
  if (prefixes.length === 0) {
    throw invalidProp(
      scope,
      'backend.pathPrefixes',
      'the list is empty, so no request would reach the backend',
      'Give at least one prefix, or leave it out for the Medusa defaults.',
    );
  }
  for (const prefix of prefixes) {
    if (!PREFIX.test(prefix)) {
      throw invalidProp(
        scope,
        'backend.pathPrefixes',
        `'${prefix}' is not a path prefix`,
        "Give prefixes such as /store: a '/', then letters, digits, '.', '_', '~', '-' or '/', not ending in '/'.",
      );
    }
  }
}

function validateEnvironment(
  scope: Construct,
  name: string,
  env: { [key: string]: string } | undefined,
): void {
  for (const [key, value] of Object.entries(env ?? {})) {
    if (!ENV_NAME.test(key)) {
      throw invalidProp(
        scope,
        name,
        `'${key}' is not an environment variable name`,
        'Use letters, digits and underscores.',
      );
    }
    if (GENERATED_VARIABLES.includes(key)) {
      throw invalidProp(
        scope,
        name,
        `${key} is generated by the shop and read from Secrets Manager at run time`,
        `Remove ${key}; the containers receive it.`,
      );
    }
    if (JSON.stringify(Stack.of(scope).resolve(value)).includes('{{resolve:secretsmanager')) {
      throw invalidProp(
        scope,
        name,
        `${key} holds a Secrets Manager value, which would be written in plain text into the host's user data`,
        'Do not pass secrets as environment.',
      );
    }
  }
}

function validateDomain(scope: Construct, props: SingleHostShopProps): void {
  const { domainName, certificateEmail, hostedZone } = props;
  if (domainName !== undefined && !DOMAIN.test(domainName)) {
    throw invalidProp(
      scope,
      'domainName',
      `'${domainName}' is not a lower-case domain name`,
      'Give one such as shop.example.com.',
    );
  }
  if (certificateEmail !== undefined && !EMAIL.test(certificateEmail)) {
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

function validateHost(scope: Construct, props: SingleHostShopProps, instanceType: ec2.InstanceType): void {
  const size = instanceType.toString().split('.')[1];
  if (['nano', 'micro'].includes(size)) {
    throw invalidProp(
      scope,
      'instanceType',
      `${instanceType} has less than the 2 GiB of memory four containers need`,
      'Use t4g.small or larger.',
    );
  }
  const root = props.rootVolumeSize?.toGibibytes();
  if (root !== undefined && (root < 8 || root > 16384)) {
    throw invalidProp(
      scope,
      'rootVolumeSize',
      `${root} GiB is out of range`,
      'Give 8 to 16384 GiB (16 is the default).',
    );
  }
  const data = props.dataVolumeSize?.toGibibytes();
  if (data !== undefined && (data < 1 || data > 16384)) {
    throw invalidProp(scope, 'dataVolumeSize', `${data} GiB is out of range`, 'Give 1 to 16384 GiB.');
  }
  const swap = props.swapSize?.toMebibytes();
  const rootGib = root ?? 16;
  if (swap !== undefined && (swap < 0 || swap / 1024 > rootGib / 2)) {
    throw invalidProp(
      scope,
      'swapSize',
      `${swap} MiB would fill more than half of the ${rootGib} GiB root volume`,
      'Give a smaller swap or a larger rootVolumeSize.',
    );
  }
}

function validateBackups(scope: Construct, props: SingleHostShopProps): void {
  const hour = props.backupHourUtc;
  if (hour !== undefined && (!Number.isInteger(hour) || hour < 0 || hour > 23)) {
    throw invalidProp(
      scope,
      'backupHourUtc',
      `${hour} is not an hour of the day`,
      'Give a whole number from 0 to 23.',
    );
  }
  const retention = props.backupRetention;
  if (retention !== undefined && !retention.isUnresolved()) {
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
  if (props.vpc) {
    let subnets: ec2.ISubnet[] = [];
    try {
      subnets = props.vpc.selectSubnets(props.vpcSubnets ?? { subnetType: ec2.SubnetType.PUBLIC }).subnets;
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
  }
}
