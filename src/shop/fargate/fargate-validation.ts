import { Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import type { FargateShopProps } from './fargate-shop-props';
import { zoneApex, isInZone } from '../../private/dns';
import { invalidProp, requireLiteral } from '../../private/errors';
import { DOMAIN_NAME, EMAIL_ADDRESS } from '../../private/patterns';
import { validatePathPrefixes, validateShopParts } from '../base/container-rules';

/** Checks the shop-wide props: which parts are given, the domain, the alarm and data props. */
export function validateFargateShopProps(scope: IConstruct, props: FargateShopProps): void {
  validateShopParts(scope, props, { prop: 'services', count: (props.services ?? []).length });
  for (const [settings, part] of [
    ['storefrontService', 'storefront'],
    ['backendService', 'backend'],
    ['workerService', 'worker'],
  ] as const) {
    if (props[settings] && !props[part]) {
      throw invalidProp(
        scope,
        settings,
        `it sets up the ${part}, but no ${part} is given`,
        `Give ${part}, or remove ${settings}.`,
      );
    }
  }
  validatePathPrefixes(scope, 'backend.pathPrefixes', props.backend?.pathPrefixes);
  validateDomain(scope, props);
  validateAlarmEmail(scope, props);
  if (props.vpc) {
    if (props.vpc.privateSubnets.length === 0) {
      throw invalidProp(
        scope,
        'vpc',
        'it has no private subnets with egress, where the tasks run without public IPs and pull their images through a NAT',
        'Give a VPC with private subnets and a NAT (such as a ShopNetwork), or leave vpc out.',
      );
    }
    for (const prop of ['networkProfile', 'natType'] as const) {
      if (props[prop] !== undefined) {
        throw invalidProp(
          scope,
          prop,
          'it shapes a new VPC, but vpc is given',
          `Remove ${prop}, or remove vpc.`,
        );
      }
    }
  }
  validateDataTier(scope, props);
}

/** Checks `alarmEmail` (an address, and not beside `alarmTopic`), as every shop takes it. */
export function validateAlarmEmail(
  scope: IConstruct,
  props: Pick<FargateShopProps, 'alarmEmail' | 'alarmTopic'>,
): void {
  if (props.alarmEmail !== undefined) {
    requireLiteral(scope, 'alarmEmail', props.alarmEmail, 'an e-mail address');
    if (props.alarmTopic) {
      throw invalidProp(
        scope,
        'alarmEmail',
        'it subscribes to a new topic, but alarmTopic is given',
        'Subscribe the address to your topic yourself, or remove alarmTopic.',
      );
    }
    if (!EMAIL_ADDRESS.test(props.alarmEmail)) {
      throw invalidProp(
        scope,
        'alarmEmail',
        `'${props.alarmEmail}' is not an e-mail address`,
        'Give an address such as ops@example.com.',
      );
    }
  }
}

/** Checks `domainName` with `hostedZone` and `certificate`, as every shop takes them. */
export function validateDomain(
  scope: IConstruct,
  props: Pick<FargateShopProps, 'domainName' | 'hostedZone' | 'certificate'>,
): void {
  const domain = props.domainName;
  if (domain === undefined) {
    if (props.hostedZone) {
      throw invalidProp(
        scope,
        'hostedZone',
        'it holds the records of domainName, which is not given',
        'Give domainName, or remove hostedZone.',
      );
    }
    if (props.certificate) {
      throw invalidProp(
        scope,
        'certificate',
        'it serves domainName over HTTPS, which is not given',
        'Give domainName (the name the certificate covers), or remove certificate.',
      );
    }
    return;
  }
  requireLiteral(scope, 'domainName', domain, 'a domain name such as shop.example.com');
  if (!DOMAIN_NAME.test(domain)) {
    throw invalidProp(
      scope,
      'domainName',
      `'${domain}' is not a lower-case domain name`,
      'Give a name such as shop.example.com.',
    );
  }
  if (!props.hostedZone && !props.certificate) {
    throw invalidProp(
      scope,
      'domainName',
      'HTTPS needs a certificate, and neither hostedZone (to validate a new one) nor certificate is given',
      'Give hostedZone, the Route 53 zone of the domain, or certificate.',
    );
  }
  if (props.hostedZone && !Token.isUnresolved(props.hostedZone.zoneName)) {
    const apex = zoneApex(props.hostedZone);
    if (!isInZone(domain, apex)) {
      throw invalidProp(
        scope,
        'domainName',
        `'${domain}' is not in the hosted zone '${apex}'`,
        `Give a name in ${apex}, or the zone that holds ${domain}.`,
      );
    }
  }
}

function validateDataTier(scope: IConstruct, props: FargateShopProps): void {
  for (const [given, preset, enabled] of [
    ['database', 'databasePreset', 'databaseEnabled'],
    ['cache', 'cachePreset', 'cacheEnabled'],
  ] as const) {
    if (props[given] && props[preset]) {
      throw invalidProp(
        scope,
        preset,
        `it shapes a new ${given}, but ${given} is given`,
        `Remove ${preset}, or remove ${given}.`,
      );
    }
    if (props[given] && props[enabled] === false) {
      throw invalidProp(
        scope,
        given,
        `it is given, but ${enabled} is false`,
        `Remove ${given}, or ${enabled}.`,
      );
    }
    if (props[preset] && props[enabled] === false) {
      throw invalidProp(
        scope,
        preset,
        `it shapes the ${given}, but ${enabled} is false`,
        `Remove ${preset}, or ${enabled}.`,
      );
    }
  }
  (props.services ?? []).forEach((service, i) => {
    if (service.database && props.databaseEnabled === false) {
      throw invalidProp(
        scope,
        `services[${i}].database`,
        'the shop has no database (databaseEnabled is false)',
        'Remove database, or turn the database on.',
      );
    }
    if (service.cache && props.cacheEnabled === false) {
      throw invalidProp(
        scope,
        `services[${i}].cache`,
        'the shop has no cache (cacheEnabled is false)',
        'Remove cache, or turn the cache on.',
      );
    }
  });
}
