import { Duration, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { ShopUptimeOptions } from './uptime-options';
import { invalidProp, requireLiteral } from '../private/errors';

/*
 * ShopUptimeOptions checked and resolved at synth time. Limits, from AWS's documentation:
 * - a canary's schedule `rate(N minutes)` runs from once a minute to once an hour
 *   (https://docs.aws.amazon.com/AmazonSynthetics/latest/APIReference/API_CanaryScheduleInput.html);
 * - a run's timeout is at most the schedule's interval and at most 840 seconds (14 minutes)
 *   (https://docs.aws.amazon.com/AmazonSynthetics/latest/APIReference/API_CanaryRunConfigInput.html).
 */

/** The uptime defaults (README states their cost). */
export const UPTIME_DEFAULTS = {
  healthPath: '/health',
  scheduleMinutes: 15,
  timeoutSeconds: 10,
  failedRunsToAlarm: 1,
} as const;

/**
 * Run data kept by Synthetics and artifacts (logs, reports) kept in S3: 7 days of passed runs,
 * 31 days of failed ones (Synthetics' default), then expired. They describe the checks, not
 * customers, so they need no longer life.
 */
export const UPTIME_RETENTION = { successDays: 7, failureDays: 31 } as const;

/** The longest run Synthetics allows, in seconds. */
export const MAX_RUN_SECONDS = 840;
/** Time a run needs besides its requests (the runtime's start and the artifacts' upload), in seconds. */
export const RUN_OVERHEAD_SECONDS = 30;

const PATH = /^\/[A-Za-z0-9._~!$&'()*+,;=:@%/?-]*$/;

/** One URL the canary GETs. */
export interface UptimeCheck {
  /** The step's name: `storefront`, `health` or `path-<n>`. */
  readonly name: string;
  readonly url: string;
  readonly expectedText?: string;
}

/** Options resolved: undefined from `resolveUptime` when uptime is off. */
export interface ResolvedUptime {
  readonly checks: UptimeCheck[];
  readonly scheduleMinutes: number;
  readonly timeoutSeconds: number;
  /** The run's timeout: the requests one after another plus the overhead, within the schedule. */
  readonly runTimeoutSeconds: number;
  readonly failedRunsToAlarm: number;
}

/**
 * Checks the options and resolves the checks; undefined when uptime is off (`enabled: false`,
 * or no URL and `enabled` not set).
 *
 * @param url the shop's URL, if there is a shop
 */
export function resolveUptime(
  scope: IConstruct,
  url: string | undefined,
  options: ShopUptimeOptions = {},
): ResolvedUptime | undefined {
  requireLiteral(scope, 'uptime.enabled', options.enabled, 'true or false');
  if (options.enabled === false) return undefined;
  const base = options.url ?? url;
  if (base === undefined) {
    if (options.enabled === true) {
      throw invalidProp(
        scope,
        'uptime.enabled',
        'is true but there is no URL to check (no shop, and no uptime.url)',
        "Give 'shop', or 'uptime.url' (such as 'https://shop.example.com').",
      );
    }
    return undefined;
  }
  const root = checkUrl(scope, options.url !== undefined ? 'uptime.url' : 'shop.url', base);
  const paths = resolvePaths(scope, options);
  const scheduleMinutes = resolveSchedule(scope, options.schedule);
  const timeoutSeconds = resolveTimeout(scope, options.timeout, scheduleMinutes);
  const failedRunsToAlarm = resolveFailedRuns(scope, options.failedRunsToAlarm);
  requireLiteral(scope, 'uptime.expectedText', options.expectedText, 'the text the page must contain');
  if (options.expectedText !== undefined && options.expectedText.length === 0) {
    throw invalidProp(
      scope,
      'uptime.expectedText',
      'is empty',
      'Give the text the page must contain, or leave it out.',
    );
  }

  const checks: UptimeCheck[] = [
    { name: 'storefront', url: `${root}/`, expectedText: options.expectedText },
    ...paths.map((p) => ({ name: p.name, url: `${root}${p.path}` })),
  ];
  const needed = checks.length * timeoutSeconds + RUN_OVERHEAD_SECONDS;
  const limit = Math.min(scheduleMinutes * 60, MAX_RUN_SECONDS);
  if (needed > limit) {
    throw invalidProp(
      scope,
      'uptime.timeout',
      `${checks.length} checks of up to ${timeoutSeconds} s each and ${RUN_OVERHEAD_SECONDS} s for the run need ${needed} s, ` +
        `more than the ${limit} s a run may take (the schedule's interval, at most ${MAX_RUN_SECONDS} s)`,
      'Shorten uptime.timeout, check fewer paths, or run less often.',
    );
  }
  return { checks, scheduleMinutes, timeoutSeconds, runTimeoutSeconds: needed, failedRunsToAlarm };
}

/** The URL without a trailing `/`; throws unless it is http(s) with a literal scheme. */
function checkUrl(scope: IConstruct, prop: string, url: string): string {
  const fix = "Give an http:// or https:// URL such as 'https://shop.example.com' (the host may be a token).";
  if (typeof url !== 'string' || url.length === 0) throw invalidProp(scope, prop, 'is empty', fix);
  const scheme = /^(https?):\/\//i.exec(url);
  if (!scheme) {
    const problem =
      Token.isUnresolved(url) && url.startsWith('${Token[')
        ? 'starts with a token, so its scheme is not known at synth time'
        : `'${url}' is not an http:// or https:// URL`;
    throw invalidProp(scope, prop, problem, fix);
  }
  const rest = url.slice(scheme[0].length);
  if (rest.length === 0 || rest.startsWith('/')) throw invalidProp(scope, prop, `'${url}' has no host`, fix);
  if (!Token.isUnresolved(url)) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw invalidProp(scope, prop, `'${url}' is not a valid URL`, fix);
    }
    if (parsed.search || parsed.hash) {
      throw invalidProp(
        scope,
        prop,
        `'${url}' has a query or fragment`,
        'Give the base URL only; add paths with uptime.paths.',
      );
    }
  }
  return url.replace(/\/+$/, '');
}

function checkPath(scope: IConstruct, prop: string, path: string): string {
  requireLiteral(scope, prop, path, "a path such as '/health'");
  if (typeof path !== 'string' || !PATH.test(path)) {
    throw invalidProp(
      scope,
      prop,
      `'${path}' does not start with '/' or has characters a URL path cannot hold`,
      "Give a path that starts with '/', such as '/health'.",
    );
  }
  return path;
}

function resolvePaths(scope: IConstruct, options: ShopUptimeOptions): { name: string; path: string }[] {
  requireLiteral(scope, 'uptime.checkHealthPath', options.checkHealthPath, 'true or false');
  const paths: { name: string; path: string }[] = [];
  const health = checkPath(scope, 'uptime.healthPath', options.healthPath ?? UPTIME_DEFAULTS.healthPath);
  if (options.checkHealthPath !== false) paths.push({ name: 'health', path: health });
  (options.paths ?? []).forEach((p, i) =>
    paths.push({ name: `path-${i + 1}`, path: checkPath(scope, `uptime.paths[${i}]`, p) }),
  );
  const seen = new Set<string>();
  for (const p of paths) {
    if (seen.has(p.path)) {
      throw invalidProp(scope, 'uptime.paths', `'${p.path}' is checked twice`, 'List each path once.');
    }
    seen.add(p.path);
  }
  return paths;
}

function resolveSchedule(scope: IConstruct, schedule: Duration | undefined): number {
  requireLiteral(scope, 'uptime.schedule', schedule, 'a Duration such as Duration.minutes(15)');
  if (schedule === undefined) return UPTIME_DEFAULTS.scheduleMinutes;
  const seconds = schedule.toSeconds({ integral: false });
  const fix = 'Give whole minutes from Duration.minutes(1) to Duration.hours(1).';
  if (seconds < 60) {
    throw invalidProp(
      scope,
      'uptime.schedule',
      `${schedule.toHumanString()} is more often than once a minute, the most Synthetics runs a canary`,
      fix,
    );
  }
  if (seconds % 60 !== 0) {
    throw invalidProp(
      scope,
      'uptime.schedule',
      `${schedule.toHumanString()} is not a whole number of minutes`,
      fix,
    );
  }
  if (seconds > 3600) {
    throw invalidProp(
      scope,
      'uptime.schedule',
      `${schedule.toHumanString()} is longer than an hour, the least often a rate schedule runs a canary`,
      fix,
    );
  }
  return seconds / 60;
}

function resolveTimeout(scope: IConstruct, timeout: Duration | undefined, scheduleMinutes: number): number {
  requireLiteral(scope, 'uptime.timeout', timeout, 'a Duration such as Duration.seconds(10)');
  if (timeout === undefined) return UPTIME_DEFAULTS.timeoutSeconds;
  const seconds = timeout.toSeconds({ integral: false });
  if (seconds < 1 || seconds % 1 !== 0) {
    throw invalidProp(
      scope,
      'uptime.timeout',
      `${timeout.toHumanString()} is not a whole number of seconds from 1`,
      'Give whole seconds, such as Duration.seconds(10).',
    );
  }
  if (seconds > scheduleMinutes * 60) {
    throw invalidProp(
      scope,
      'uptime.timeout',
      `${timeout.toHumanString()} is longer than the schedule (${Duration.minutes(scheduleMinutes).toHumanString()}): a run would still wait when the next starts`,
      'Give a timeout shorter than uptime.schedule.',
    );
  }
  return seconds;
}

function resolveFailedRuns(scope: IConstruct, runs: number | undefined): number {
  requireLiteral(scope, 'uptime.failedRunsToAlarm', runs, 'a whole number from 1 to 10');
  if (runs === undefined) return UPTIME_DEFAULTS.failedRunsToAlarm;
  if (!Number.isInteger(runs) || runs < 1 || runs > 10) {
    throw invalidProp(
      scope,
      'uptime.failedRunsToAlarm',
      `${runs} is not a whole number from 1 to 10`,
      'Give 1 (alarm on the first failed run) up to 10.',
    );
  }
  return runs;
}
