import { Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import type { FargateShopProps } from './fargate-shop-props';
import { describeSizes, FARGATE_TASK_SIZES } from './fargate-sizes';
import type { ServicePlan } from './service-plan';
import { SHOP_VARIABLES } from './service-settings';
import { zoneApex, isInZone } from '../../private/dns';
import { invalidProp, requireLiteral } from '../../private/errors';
import { DOMAIN_NAME, EMAIL_ADDRESS, ENVIRONMENT_VARIABLE_NAME } from '../../private/patterns';
import {
  validateEnvironment,
  validateHealthPath,
  validateImage,
  validatePathPrefixes,
  validatePort,
} from '../base/container-rules';

/** An extra service's name: a DNS label Service Connect can use, short enough for alarm names. */
const SERVICE_NAME = /^[a-z][a-z0-9-]{0,31}$/;
const RESERVED_NAMES = ['storefront', 'backend', 'worker'];
/** ECS's limit on a service's task count. */
const MAX_TASKS = 1000;
/** An absolute path with ordinary characters, not the root. */
const ABSOLUTE_PATH = /^(\/[A-Za-z0-9._@+-]+)+\/?$/;

/** Checks the shop-wide props: which parts are given, the domain, the alarm and data props. */
export function validateFargateShopProps(scope: IConstruct, props: FargateShopProps): void {
  if (!props.storefront && !props.backend && (props.services ?? []).length === 0) {
    throw invalidProp(
      scope,
      'storefront',
      'neither storefront, backend nor services is given',
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
  if (props.vpc) {
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

function validateDomain(scope: IConstruct, props: FargateShopProps): void {
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
    const cacheOn = props.cacheEnabled ?? (props.backend !== undefined || props.cache !== undefined);
    if (service.cache && !cacheOn) {
      throw invalidProp(
        scope,
        `services[${i}].cache`,
        'the shop has no cache (cacheEnabled is false, or there is no backend to turn it on by default)',
        'Set cacheEnabled: true, or remove cache.',
      );
    }
  });
}

/** Checks every service's plan: names, ports, sizes, counts, settings. */
export function validateServicePlans(scope: IConstruct, plans: ServicePlan[]): void {
  const names = new Map<string, string>();
  for (const plan of plans) {
    if (plan.role === 'extra') validateServiceName(scope, plan, names);
    validateServicePort(scope, plan);
    validateCounts(scope, plan);
    validateSettings(scope, plan);
    if (plan.role === 'extra') validateRoutesFlag(scope, plan);
  }
}

function validateServiceName(scope: IConstruct, plan: ServicePlan, names: Map<string, string>): void {
  const prop = `${plan.containerProp}.name`;
  requireLiteral(scope, prop, plan.name, 'a name such as products');
  if (!SERVICE_NAME.test(plan.name)) {
    throw invalidProp(
      scope,
      prop,
      `'${plan.name}' is not lower-case letters, digits and '-' starting with a letter, at most 32 characters`,
      'Give a name such as products (it becomes the Service Connect host name).',
    );
  }
  if (RESERVED_NAMES.includes(plan.name)) {
    throw invalidProp(
      scope,
      prop,
      `'${plan.name}' is the name of the shop's own ${plan.name} service`,
      "Give another name, or use the shop's own prop for it.",
    );
  }
  const earlier = names.get(plan.name);
  if (earlier) {
    throw invalidProp(
      scope,
      prop,
      `'${plan.name}' is also the name of ${earlier}`,
      'Give every service its own name.',
    );
  }
  names.set(plan.name, plan.containerProp);
}

function validateServicePort(scope: IConstruct, plan: ServicePlan): void {
  if (plan.role === 'worker') return;
  const prop = `${plan.containerProp}.port`;
  if (plan.port === undefined) {
    throw invalidProp(
      scope,
      prop,
      'an extra service needs the port its container listens on',
      'Give port, such as 8000.',
    );
  }
  validatePort(scope, prop, plan.port);
  validateHealthPath(scope, `${plan.containerProp}.healthPath`, plan.healthPath);
}

function validateCounts(scope: IConstruct, plan: ServicePlan): void {
  const p = plan.settingsProp;
  for (const [name, value] of [
    ['minCapacity', plan.minCapacity],
    ['maxCapacity', plan.maxCapacity],
    ['desiredCount', plan.desiredCount],
  ] as const) {
    requireLiteral(scope, `${p}.${name}`, value, 'a whole number of tasks');
    if (!Number.isInteger(value) || value < 0 || value > MAX_TASKS) {
      throw invalidProp(
        scope,
        `${p}.${name}`,
        `${value} is not a whole number of tasks from 0 to ${MAX_TASKS}`,
        `Give a whole number from 0 to ${MAX_TASKS} (ECS's limit per service).`,
      );
    }
  }
  if (plan.minCapacity > plan.maxCapacity) {
    throw invalidProp(
      scope,
      `${p}.maxCapacity`,
      `${plan.maxCapacity} is below minCapacity (${plan.minCapacity})`,
      'Give a maxCapacity at least minCapacity.',
    );
  }
  if (plan.maxCapacity === 0) {
    throw invalidProp(
      scope,
      `${p}.maxCapacity`,
      'a service that may run no task serves nothing',
      'Give at least 1, or remove the service.',
    );
  }
  if (plan.desiredCount < plan.minCapacity || plan.desiredCount > plan.maxCapacity) {
    throw invalidProp(
      scope,
      `${p}.desiredCount`,
      `${plan.desiredCount} is outside minCapacity..maxCapacity (${plan.minCapacity}..${plan.maxCapacity})`,
      'Give a desiredCount from minCapacity to maxCapacity.',
    );
  }
}

/** Checks the task size against what Fargate offers. */
export function validateTaskSize(scope: IConstruct, plan: ServicePlan, fargate: boolean): void {
  const p = plan.settingsProp;
  requireLiteral(scope, `${p}.cpu`, plan.cpu, 'vCPU units such as 512');
  requireLiteral(scope, `${p}.memoryLimitMiB`, plan.memoryMiB, 'MiB such as 1024');
  if (!fargate) {
    if (!Number.isInteger(plan.cpu) || plan.cpu < 128 || plan.cpu > 196608) {
      throw invalidProp(
        scope,
        `${p}.cpu`,
        `${plan.cpu} is not a whole number of vCPU units from 128 to 196608`,
        'Give vCPU units such as 512 (1024 = 1 vCPU).',
      );
    }
    if (!Number.isInteger(plan.memoryMiB) || plan.memoryMiB < 128) {
      throw invalidProp(
        scope,
        `${p}.memoryLimitMiB`,
        `${plan.memoryMiB} is not a whole number of MiB of at least 128`,
        'Give MiB such as 1024.',
      );
    }
    return;
  }
  const memories = FARGATE_TASK_SIZES[plan.cpu];
  if (!memories) {
    throw invalidProp(
      scope,
      `${p}.cpu`,
      `${plan.cpu} vCPU units is not a Fargate task size`,
      `Give one of ${describeSizes(Object.keys(FARGATE_TASK_SIZES).map(Number))}.`,
    );
  }
  if (!memories.includes(plan.memoryMiB)) {
    throw invalidProp(
      scope,
      `${p}.memoryLimitMiB`,
      `Fargate does not offer ${plan.memoryMiB} MiB with ${plan.cpu} vCPU units`,
      `With cpu ${plan.cpu} give ${describeSizes(memories)} MiB.`,
    );
  }
}

function validateSettings(scope: IConstruct, plan: ServicePlan): void {
  const p = plan.settingsProp;
  const user = plan.user;
  requireLiteral(scope, `${p}.user`, user, "a user name or UID such as '1000'");
  if (!/^[A-Za-z0-9_][A-Za-z0-9_.-]*(:[A-Za-z0-9_][A-Za-z0-9_.-]*)?$/.test(user)) {
    throw invalidProp(
      scope,
      `${p}.user`,
      `'${user}' is not a user (name or UID, optionally ':group')`,
      "Give a user such as '1000' or 'node'.",
    );
  }
  if (/^(root|0)(:|$)/.test(user)) {
    throw invalidProp(
      scope,
      `${p}.user`,
      'the container would run as root',
      "Give a non-root user such as '1000'; the scratch directories are made writable for any user.",
    );
  }
  const seen = new Set<string>();
  plan.scratchDirectories.forEach((dir, i) => {
    const prop = `${p}.scratchDirectories[${i}]`;
    requireLiteral(scope, prop, dir, 'an absolute path such as /tmp');
    if (!ABSOLUTE_PATH.test(dir) || dir.split('/').some((part) => part === '..' || part === '.')) {
      throw invalidProp(
        scope,
        prop,
        `'${dir}' is not an absolute path below /`,
        'Give a directory such as /tmp.',
      );
    }
    const bare = dir.replace(/\/$/, '');
    if (seen.has(bare)) {
      throw invalidProp(scope, prop, `'${dir}' is given twice`, 'Give each directory once.');
    }
    seen.add(bare);
  });
  if (plan.command !== undefined) {
    requireLiteral(scope, `${p}.command`, plan.command, 'a list of words');
    if (plan.command.length === 0 || plan.command.some((word) => typeof word !== 'string' || word === '')) {
      throw invalidProp(
        scope,
        `${p}.command`,
        'it is empty or has an empty word',
        "Give the program and its arguments, such as ['npx', 'medusa', 'start'].",
      );
    }
  } else if (plan.database || plan.cache) {
    throw invalidProp(
      scope,
      `${p}.command`,
      "the service gets DATABASE_URL or REDIS_URL from a shell wrapper, which replaces the image's entry point, so the image's command is lost",
      "Give the command the image runs, such as ['node', 'server.js'].",
    );
  }
  if (plan.healthCheckGracePeriod !== undefined) {
    requireLiteral(
      scope,
      `${p}.healthCheckGracePeriod`,
      plan.healthCheckGracePeriod,
      'a Duration in seconds',
    );
    const seconds = plan.healthCheckGracePeriod.toSeconds({ integral: false });
    if (!Number.isInteger(seconds) || seconds < 0 || seconds > 2147483647) {
      throw invalidProp(
        scope,
        `${p}.healthCheckGracePeriod`,
        `${seconds} seconds is not a whole number of seconds`,
        'Give a whole number of seconds, such as Duration.minutes(5).',
      );
    }
    if (!plan.public) {
      throw invalidProp(
        scope,
        `${p}.healthCheckGracePeriod`,
        'the service has no load balancer health check to hold off',
        'Remove healthCheckGracePeriod.',
      );
    }
  }
  if (plan.role !== 'worker') validateImage(scope, `${plan.containerProp}.image`, plan.image);
  validateEnvironment(scope, `${plan.containerProp}.environment`, plan.environment);
  validateVariables(scope, `${plan.containerProp}.environment`, Object.keys(plan.environment));
  validateVariables(scope, `${p}.secrets`, Object.keys(plan.settings.secrets ?? {}));
  for (const name of Object.keys(plan.settings.secrets ?? {})) {
    if (name in plan.environment) {
      throw invalidProp(
        scope,
        `${p}.secrets`,
        `${name} is also set in plain text in ${plan.containerProp}.environment`,
        'Set it in one place: as a secret.',
      );
    }
  }
}

function validateVariables(scope: IConstruct, prop: string, names: string[]): void {
  for (const name of names) {
    if (!ENVIRONMENT_VARIABLE_NAME.test(name)) {
      throw invalidProp(
        scope,
        prop,
        `'${name}' is not a variable name`,
        'Give letters, digits and _ , not starting with a digit.',
      );
    }
    if (SHOP_VARIABLES.includes(name)) {
      throw invalidProp(
        scope,
        prop,
        `${name} is set by the shop`,
        `Remove ${name}: the shop generates it and passes secrets as ECS secrets.`,
      );
    }
  }
}

function validateRoutesFlag(scope: IConstruct, plan: ServicePlan): void {
  const routed = plan.pathPatterns.length > 0 || plan.hostHeaders.length > 0;
  if (plan.public && !routed) {
    throw invalidProp(
      scope,
      `${plan.containerProp}.public`,
      'a public service needs path patterns or host headers for the load balancer to route to it',
      'Give pathPatterns or hostHeaders, or remove public.',
    );
  }
  if (!plan.public && routed) {
    throw invalidProp(
      scope,
      plan.pathPatterns.length > 0 ? plan.pathPatternsProp : plan.hostHeadersProp,
      'the service is not public (public: false), so the load balancer never routes these',
      'Remove them, or remove public: false.',
    );
  }
}
