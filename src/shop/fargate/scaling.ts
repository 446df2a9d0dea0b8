import { Duration, TimeZone } from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';

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
   * The load balancer requests per task per minute to keep (ALBRequestCountPerTarget). Applies
   * to services behind the load balancer only; ignored for internal (Service Connect) services.
   *
   * @default 1000
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
