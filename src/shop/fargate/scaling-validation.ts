import { Duration } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { ServiceScalingRequest } from './scaling';
import { invalidProp, requireLiteral } from '../../private/errors';

/** Schedule names become construct ids and scheduled action names. */
const SCHEDULE_NAME = /^[A-Za-z0-9][A-Za-z0-9-]{0,63}$/;

/** The checks of `applyServiceScaling`, each error naming the field under `prop`. */
export function validateServiceScaling(scope: Construct, request: ServiceScalingRequest): void {
  const { minCapacity, maxCapacity, scaling, targetGroup, prop } = request;
  wholeNumber(scope, `${prop}.minCapacity`, minCapacity, 0);
  wholeNumber(scope, `${prop}.maxCapacity`, maxCapacity, 1);
  if (minCapacity > maxCapacity) {
    throw invalidProp(
      scope,
      `${prop}.minCapacity`,
      `is ${minCapacity}, above maxCapacity ${maxCapacity}`,
      'Give a minCapacity at most maxCapacity.',
    );
  }
  percent(scope, `${prop}.scaling.cpuPercent`, scaling.cpuPercent);
  percent(scope, `${prop}.scaling.memoryPercent`, scaling.memoryPercent);
  const requests = scaling.requestsPerTargetPerMinute;
  if (requests !== undefined) {
    const requestsProp = `${prop}.scaling.requestsPerTargetPerMinute`;
    if (!targetGroup) {
      throw invalidProp(
        scope,
        requestsProp,
        'applies to services behind the load balancer, and this service has no target group (public: false)',
        'Remove it, or make the service public.',
      );
    }
    wholeNumber(scope, requestsProp, requests, 1);
  }
  seconds(scope, `${prop}.scaling.scaleInCooldown`, scaling.scaleInCooldown);
  seconds(scope, `${prop}.scaling.scaleOutCooldown`, scaling.scaleOutCooldown);
  validateSchedules(scope, request);
}

function validateSchedules(scope: Construct, request: ServiceScalingRequest): void {
  const seen = new Set<string>();
  (request.scaling.schedules ?? []).forEach((schedule, i) => {
    const at = `${request.prop}.scaling.schedules[${i}]`;
    requireLiteral(scope, `${at}.name`, schedule.name, 'a name of letters, digits and hyphens');
    if (!SCHEDULE_NAME.test(schedule.name)) {
      throw invalidProp(
        scope,
        `${at}.name`,
        `'${schedule.name}' is not 1 to 64 letters, digits and hyphens starting with a letter or digit`,
        "Give a name such as 'shop-hours'.",
      );
    }
    if (seen.has(schedule.name)) {
      throw invalidProp(
        scope,
        `${at}.name`,
        `'${schedule.name}' names two schedules`,
        'Give each schedule its own name.',
      );
    }
    seen.add(schedule.name);
    if (schedule.minCapacity === undefined && schedule.maxCapacity === undefined) {
      throw invalidProp(
        scope,
        at,
        'changes neither minCapacity nor maxCapacity',
        'Give one of them, or remove it.',
      );
    }
    if (schedule.minCapacity !== undefined) wholeNumber(scope, `${at}.minCapacity`, schedule.minCapacity, 0);
    if (schedule.maxCapacity !== undefined) wholeNumber(scope, `${at}.maxCapacity`, schedule.maxCapacity, 1);
    if (
      schedule.minCapacity !== undefined &&
      schedule.maxCapacity !== undefined &&
      schedule.minCapacity > schedule.maxCapacity
    ) {
      throw invalidProp(
        scope,
        `${at}.minCapacity`,
        `is ${schedule.minCapacity}, above the schedule's maxCapacity ${schedule.maxCapacity}`,
        'Give a minCapacity at most maxCapacity.',
      );
    }
  });
}

function wholeNumber(scope: Construct, prop: string, value: number, min: number): void {
  requireLiteral(scope, prop, value, `a whole number, at least ${min}`);
  if (!Number.isInteger(value) || value < min) {
    throw invalidProp(
      scope,
      prop,
      `is ${value}, not a whole number of at least ${min}`,
      `Give a whole number ≥ ${min}.`,
    );
  }
}

function percent(scope: Construct, prop: string, value: number | undefined): void {
  if (value === undefined) return;
  requireLiteral(scope, prop, value, 'a percentage from 1 to 100');
  if (!Number.isFinite(value) || value < 1 || value > 100) {
    throw invalidProp(
      scope,
      prop,
      `is ${value}, outside 1 to 100 percent`,
      'Give a percentage from 1 to 100.',
    );
  }
}

function seconds(scope: Construct, prop: string, value: Duration | undefined): void {
  if (value === undefined) return;
  requireLiteral(scope, prop, value, 'a Duration in whole seconds');
  const ms = value.toMilliseconds();
  if (ms < 0 || ms % 1000 !== 0) {
    throw invalidProp(
      scope,
      prop,
      `is ${value.toHumanString()}, not a whole number of seconds`,
      'Give a Duration in whole seconds, e.g. Duration.seconds(300).',
    );
  }
}
