import { IConstruct } from 'constructs';
import { describeSizes, FARGATE_TASK_SIZES } from './fargate-sizes';
import type { ServicePlan } from './service-plan';
import { SHOP_VARIABLES } from './service-settings';
import { invalidProp, requireLiteral } from '../../private/errors';
import { ENVIRONMENT_VARIABLE_NAME } from '../../private/patterns';
import {
  validateEnvironment,
  validateHealthPath,
  validateImage,
  validatePort,
} from '../base/container-rules';

/** An extra service's name: a DNS label Service Connect can use, short enough for alarm names. */
const SERVICE_NAME = /^[a-z][a-z0-9-]{0,31}$/;
const RESERVED_NAMES = ['storefront', 'backend', 'worker'];
/** ECS's limit on a service's task count. */
const MAX_TASKS = 1000;
/** An absolute path with ordinary characters, not the root. */
const ABSOLUTE_PATH = /^(\/[A-Za-z0-9._@+-]+)+\/?$/;

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
  validateEnvironment(scope, `${plan.containerProp}.environment`, plan.environment, `${p}.secrets`);
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
