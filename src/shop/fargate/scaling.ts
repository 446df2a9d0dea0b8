import { Duration, TimeZone } from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { Construct } from 'constructs';
import { validateServiceScaling } from './scaling-validation';
import { withPropContext } from '../../private/errors';

/** Defaults of `ServiceScaling` (seed 002: CPU 70 %, memory 80 %, 1000 requests a minute, 300 s). */
export const SCALING_DEFAULTS = {
  cpuPercent: 70,
  memoryPercent: 80,
  requestsPerTargetPerMinute: 1000,
  scaleInCooldown: Duration.seconds(300),
  scaleOutCooldown: Duration.seconds(60),
} as const;

/**
 * Target-tracking autoscaling of one service, between the service's `minCapacity` and
 * `maxCapacity`. Each target adds a policy; the service scales out when any one is above its
 * target and in only when all are below theirs.
 *
 * Nothing is created when `minCapacity` equals `maxCapacity` and there is no schedule.
 */
export interface ServiceScaling {
  /**
   * The average CPU utilization of the service to keep, 1 to 100 percent.
   *
   * @default 70
   */
  readonly cpuPercent?: number;

  /**
   * The average memory utilization of the service to keep, 1 to 100 percent.
   *
   * @default 80
   */
  readonly memoryPercent?: number;

  /**
   * The load balancer requests per task per minute to keep (ALBRequestCountPerTarget). Only for
   * services behind the load balancer: setting it on an internal (Service Connect) service is an
   * error.
   *
   * @default 1000 (for services behind the load balancer)
   */
  readonly requestsPerTargetPerMinute?: number;

  /**
   * How long after a scale-in activity before another scale-in, in whole seconds.
   *
   * @default Duration.seconds(300)
   */
  readonly scaleInCooldown?: Duration;

  /**
   * How long after a scale-out activity before another scale-out, in whole seconds. Shorter than
   * the scale-in cooldown: adding tasks late costs requests, removing them late costs only
   * minutes of a task, and a minute lets the previous tasks start and count in the metrics.
   *
   * @default Duration.seconds(60)
   */
  readonly scaleOutCooldown?: Duration;

  /**
   * Whether the target-tracking policies never remove tasks (only schedules and manual changes do).
   *
   * @default false
   */
  readonly disableScaleIn?: boolean;

  /**
   * Scheduled changes of the service's capacity bounds, e.g. a higher minimum in shop hours.
   *
   * @default - no schedule
   */
  readonly schedules?: ServiceScalingSchedule[];
}

/** A scheduled change of a service's capacity bounds. */
export interface ServiceScalingSchedule {
  /** A name for the schedule, unique in the service: letters, digits and hyphens. */
  readonly name: string;

  /** When the change happens, e.g. `appscaling.Schedule.cron({ hour: '8', minute: '0' })`. */
  readonly schedule: appscaling.Schedule;

  /**
   * The minimum number of tasks from then on.
   *
   * @default - the minimum is not changed
   */
  readonly minCapacity?: number;

  /**
   * The maximum number of tasks from then on.
   *
   * @default - the maximum is not changed
   */
  readonly maxCapacity?: number;

  /**
   * The time zone of a cron schedule, e.g. `TimeZone.EUROPE_BERLIN`.
   *
   * @default - UTC
   */
  readonly timeZone?: TimeZone;
}

/** What `applyServiceScaling` scales a service by. */
export interface ServiceScalingRequest {
  /** The fewest tasks. */
  readonly minCapacity: number;
  /** The most tasks. */
  readonly maxCapacity: number;
  /** The targets and schedules. */
  readonly scaling: ServiceScaling;
  /** The service's target group (attached to a listener), for request-count scaling. */
  readonly targetGroup?: elbv2.ApplicationTargetGroup;
  /**
   * The settings prop errors name, e.g. `backendService` or `services[1]` (or its scaling prop,
   * `backendService.scaling`): errors say `backendService.minCapacity`,
   * `backendService.scaling.cpuPercent`, `backendService.scaling.schedules[0].name`.
   */
  readonly prop: string;
}

/**
 * Target-tracking scaling of `service` on CPU, memory and (with a target group) requests per
 * target, plus the scheduled actions. Validates the request first; creates nothing when
 * `minCapacity` equals `maxCapacity` and there is no schedule.
 */
export function applyServiceScaling(
  scope: Construct,
  service: ecs.BaseService,
  options: ServiceScalingRequest,
): void {
  const prop = options.prop.replace(/\.scaling$/, '');
  const { minCapacity, maxCapacity, scaling, targetGroup } = options;
  validateServiceScaling(scope, { ...options, prop });
  const schedules = scaling.schedules ?? [];
  if (minCapacity === maxCapacity && schedules.length === 0) return;

  const common = {
    scaleInCooldown: scaling.scaleInCooldown ?? SCALING_DEFAULTS.scaleInCooldown,
    scaleOutCooldown: scaling.scaleOutCooldown ?? SCALING_DEFAULTS.scaleOutCooldown,
    disableScaleIn: scaling.disableScaleIn ?? false,
  };
  const taskCount = service.autoScaleTaskCount({ minCapacity, maxCapacity });
  taskCount.scaleOnCpuUtilization('Cpu', {
    targetUtilizationPercent: scaling.cpuPercent ?? SCALING_DEFAULTS.cpuPercent,
    ...common,
  });
  taskCount.scaleOnMemoryUtilization('Memory', {
    targetUtilizationPercent: scaling.memoryPercent ?? SCALING_DEFAULTS.memoryPercent,
    ...common,
  });
  if (targetGroup) {
    withPropContext(
      scope,
      `${prop}.scaling.requestsPerTargetPerMinute`,
      'Attach the target group to a listener first.',
      () =>
        taskCount.scaleOnRequestCount('Requests', {
          requestsPerTarget:
            scaling.requestsPerTargetPerMinute ?? SCALING_DEFAULTS.requestsPerTargetPerMinute,
          targetGroup,
          ...common,
        }),
    );
  }
  for (const schedule of schedules) {
    taskCount.scaleOnSchedule(`Schedule-${schedule.name}`, {
      schedule: schedule.schedule,
      minCapacity: schedule.minCapacity,
      maxCapacity: schedule.maxCapacity,
      timeZone: schedule.timeZone,
    });
  }
}
