import { Annotations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { invalidProp, requireLiteral } from '../../private/errors';

/*
 * Listener-rule planning for FargateShop: which path patterns and host headers go to which
 * service, in which order. Pure: the only construct is `scope`, for error messages.
 *
 * ALB's documented rules ("Listener rules for your Application Load Balancer" and "Condition
 * types for listener rules", Elastic Load Balancing user guide; the API reference's
 * PathPatternConditionConfig / HostHeaderConditionConfig):
 * - path pattern: at most 128 characters, case sensitive, compared to the path only (never the
 *   query string); wildcards `*` (0 or more characters) and `?` (exactly one); characters
 *   A-Z a-z 0-9 _ - . $ / ~ " ' @ : + and & (written &amp;).
 * - host header: at most 128 characters, case insensitive, wildcards `*` and `?`; characters
 *   a-z A-Z 0-9 - _ . ; at least one `.`, only letters after the final `.`.
 * - a rule: at most 5 condition values in total (host headers + path patterns), at most 5
 *   wildcards in total; priorities 1..50,000, lowest evaluated first.
 */

/** What one service asks of the listener. */
export interface RouteRequest {
  /** The service's name (the key of its target group). */
  readonly service: string;
  /** The prop the path patterns came from, e.g. `services[1].pathPatterns`; errors add `[i]`. */
  readonly prop: string;
  readonly pathPatterns: string[];
  readonly hostHeaders: string[];
  /**
   * The prop the host headers came from.
   *
   * @default - `prop` with `pathPatterns` replaced by `hostHeaders` (`services[1].hostHeaders`),
   * or `<prop>.hostHeaders` when `prop` does not end in `pathPatterns`
   */
  readonly hostHeadersProp?: string;
}

/** One listener rule: its priority and conditions; it forwards to `service`. */
export interface PlannedRule {
  readonly service: string;
  readonly priority: number;
  readonly pathPatterns: string[];
  readonly hostHeaders: string[];
}

/** ALB limits, from the documentation cited above. */
export const ALB_RULE_LIMITS = {
  patternLength: 128,
  valuesPerRule: 5,
  wildcardsPerRule: 5,
  maxPriority: 50_000,
  /** Default quota "Rules per Application Load Balancer" (adjustable), not counting default rules. */
  rulesPerLoadBalancer: 100,
} as const;

/**
 * Rules are 10, 20, 30, …: gaps of 10 leave room for the user's own rules between ours
 * (`listener.addAction(..., { priority: 15 })`) without renumbering.
 */
export const PRIORITY_STEP = 10;

const PATH_CHARACTERS = /^[A-Za-z0-9_\-.$/~"'@:+&*?]+$/;
const HOST_CHARACTERS = /^[A-Za-z0-9\-_.*?]+$/;

/** Medusa-style prefixes (`/store`) -> ALB patterns (`/store`, `/store/*`): the prefix itself and what follows a `/`, never `/storefront`. */
export function prefixesToPathPatterns(prefixes: string[]): string[] {
  const patterns: string[] = [];
  for (const prefix of prefixes) {
    const trimmed = prefix.replace(/\/+$/, '');
    const forPrefix = trimmed === '' ? ['/*'] : [trimmed, `${trimmed}/*`];
    for (const pattern of forPrefix) if (!patterns.includes(pattern)) patterns.push(pattern);
  }
  return patterns;
}

/**
 * Validates every pattern (ALB syntax/limits) and a pattern claimed twice; orders rules so the
 * most specific wins.
 *
 * Order: host+path rules, then host-only, then path-only. Among paths: no wildcard before a
 * wildcard, then the longer literal prefix (before the first wildcard), then fewer wildcards;
 * hosts alike, by their literal suffix (after the last wildcard). Ties: service order, then
 * pattern order. Each (hosts, path) entry is ranked on its own, then consecutive entries for
 * the same service and hosts are merged into one rule while it stays within 5 values and 5
 * wildcards, so merging never changes where a request goes.
 */
export function planListenerRules(scope: IConstruct, routes: RouteRequest[]): PlannedRule[] {
  const entries: Entry[] = [];
  const claims = new Map<string, string>();
  routes.forEach((route, serviceIndex) => {
    const hostsProp = route.hostHeadersProp ?? hostHeadersPropOf(route.prop);
    const hosts = route.hostHeaders.map((h, i) => validateHost(scope, `${hostsProp}[${i}]`, h));
    route.pathPatterns.forEach((p, i) => validatePath(scope, `${route.prop}[${i}]`, p));
    rejectRepeats(
      scope,
      route.service,
      hostsProp,
      hosts.map((h) => h.toLowerCase()),
    );
    rejectRepeats(scope, route.service, route.prop, route.pathPatterns);
    if (hosts.length === 0 && route.pathPatterns.length === 0) {
      throw invalidProp(
        scope,
        route.prop,
        `service '${route.service}' is public but has no path pattern and no host header`,
        'Give it at least one path pattern or host header, or make it private (public: false).',
      );
    }
    const hostChunks = chunkHosts(scope, hosts, route.pathPatterns, hostsProp);
    const claim = (key: string, prop: string, what: string) => {
      const other = claims.get(key);
      if (other !== undefined && other !== route.service) {
        throw invalidProp(
          scope,
          prop,
          `${what} is claimed by both service '${other}' and service '${route.service}'`,
          'Route each pattern to one service only.',
        );
      }
      claims.set(key, route.service);
    };
    if (route.pathPatterns.length === 0) {
      hosts.forEach((h, i) => claim(`host|${h.toLowerCase()}|`, `${hostsProp}[${i}]`, `host header '${h}'`));
      hostChunks.forEach((chunk, chunkIndex) =>
        entries.push({ service: route.service, serviceIndex, order: chunkIndex, hosts: chunk }),
      );
      return;
    }
    route.pathPatterns.forEach((path, i) => {
      if (hosts.length === 0) {
        claim(`path||${path}`, `${route.prop}[${i}]`, `path pattern '${path}'`);
      } else {
        for (const h of hosts) {
          claim(
            `pair|${h.toLowerCase()}|${path}`,
            `${route.prop}[${i}]`,
            `host header '${h}' with path pattern '${path}'`,
          );
        }
      }
      hostChunks.forEach((chunk, chunkIndex) =>
        entries.push({
          service: route.service,
          serviceIndex,
          order: chunkIndex * 10_000 + i,
          hosts: chunk,
          path,
        }),
      );
    });
  });
  entries.sort(compareEntries);
  return toRules(scope, entries);
}

interface Entry {
  readonly service: string;
  readonly serviceIndex: number;
  readonly order: number;
  readonly hosts: string[];
  readonly path?: string;
}

function hostHeadersPropOf(prop: string): string {
  return /pathPatterns$/.test(prop) ? prop.replace(/pathPatterns$/, 'hostHeaders') : `${prop}.hostHeaders`;
}

function wildcards(value: string): number {
  return (value.match(/[*?]/g) ?? []).length;
}

function validatePath(scope: IConstruct, prop: string, path: string): void {
  requireLiteral(scope, prop, path, "an ALB path pattern such as '/store/*'");
  const fix =
    "Give an ALB path pattern: start with '/', at most 128 characters of A-Z a-z 0-9 _ - . $ / ~ \" ' @ : + &, wildcards * and ?.";
  if (typeof path !== 'string' || path.length === 0) throw invalidProp(scope, prop, 'is empty', fix);
  if (path.length > ALB_RULE_LIMITS.patternLength) {
    throw invalidProp(scope, prop, `is ${path.length} characters, more than ALB's 128`, fix);
  }
  const bad = [...path].find((c) => !PATH_CHARACTERS.test(c));
  if (bad !== undefined) {
    throw invalidProp(scope, prop, `'${path}' contains '${bad}', which ALB path patterns do not allow`, fix);
  }
  if (!/^[/*?]/.test(path)) {
    throw invalidProp(
      scope,
      prop,
      `'${path}' does not start with '/' so it never matches a request path`,
      fix,
    );
  }
  if (wildcards(path) > ALB_RULE_LIMITS.wildcardsPerRule) {
    throw invalidProp(
      scope,
      prop,
      `'${path}' has ${wildcards(path)} wildcards, more than ALB's 5 per rule`,
      fix,
    );
  }
}

function validateHost(scope: IConstruct, prop: string, host: string): string {
  requireLiteral(scope, prop, host, "a host name such as 'api.example.com'");
  const fix =
    "Give a host name: at most 128 characters of a-z 0-9 - _ . and wildcards * ?, with a '.' and only letters after the last '.' (e.g. '*.example.com').";
  if (typeof host !== 'string' || host.length === 0) throw invalidProp(scope, prop, 'is empty', fix);
  if (host.length > ALB_RULE_LIMITS.patternLength) {
    throw invalidProp(scope, prop, `is ${host.length} characters, more than ALB's 128`, fix);
  }
  const bad = [...host].find((c) => !HOST_CHARACTERS.test(c));
  if (bad !== undefined) {
    throw invalidProp(scope, prop, `'${host}' contains '${bad}', which ALB host headers do not allow`, fix);
  }
  if (!/\.[A-Za-z]+$/.test(host)) {
    throw invalidProp(scope, prop, `'${host}' needs a '.' followed only by letters at the end`, fix);
  }
  if (wildcards(host) > ALB_RULE_LIMITS.wildcardsPerRule) {
    throw invalidProp(
      scope,
      prop,
      `'${host}' has ${wildcards(host)} wildcards, more than ALB's 5 per rule`,
      fix,
    );
  }
  return host;
}

function rejectRepeats(scope: IConstruct, service: string, prop: string, values: string[]): void {
  values.forEach((value, i) => {
    const first = values.indexOf(value);
    if (first !== i) {
      throw invalidProp(
        scope,
        `${prop}[${i}]`,
        `service '${service}' is routed twice with '${value}' (also ${prop}[${first}])`,
        'Give each pattern once.',
      );
    }
  });
}

/**
 * Splits the hosts into groups that fit one rule together with one path (when there are paths)
 * and the wildcard budget; all hosts stay in one group when they fit.
 */
function chunkHosts(scope: IConstruct, hosts: string[], paths: string[], prop: string): string[][] {
  if (hosts.length === 0) return [[]];
  const maxPathWildcards = Math.max(0, ...paths.map(wildcards));
  const valueBudget = ALB_RULE_LIMITS.valuesPerRule - (paths.length > 0 ? 1 : 0);
  const wildcardBudget = ALB_RULE_LIMITS.wildcardsPerRule - maxPathWildcards;
  const chunks: string[][] = [];
  let current: string[] = [];
  let currentWildcards = 0;
  hosts.forEach((host, i) => {
    const w = wildcards(host);
    if (w > wildcardBudget) {
      throw invalidProp(
        scope,
        `${prop}[${i}]`,
        `'${host}' with the service's path patterns exceeds ALB's 5 wildcards per rule`,
        'Use fewer wildcards in this host header or in the path patterns.',
      );
    }
    if (current.length === valueBudget || currentWildcards + w > wildcardBudget) {
      chunks.push(current);
      current = [];
      currentWildcards = 0;
    }
    current.push(host);
    currentWildcards += w;
  });
  chunks.push(current);
  return chunks;
}

interface Specificity {
  readonly hasWildcard: number;
  readonly literal: number;
  readonly wildcards: number;
}

function pathSpecificity(path: string): Specificity {
  const first = path.search(/[*?]/);
  return {
    hasWildcard: first < 0 ? 0 : 1,
    literal: first < 0 ? path.length : first,
    wildcards: wildcards(path),
  };
}

/** Hosts are specific at their end (`*.example.com`): the literal suffix counts. */
function hostSpecificity(hosts: string[]): Specificity {
  const each = hosts.map((h) => {
    const last = Math.max(h.lastIndexOf('*'), h.lastIndexOf('?'));
    return { hasWildcard: last < 0 ? 0 : 1, literal: h.length - last - 1, wildcards: wildcards(h) };
  });
  // a group is as general as its most general host
  return each.reduce((a, b) => (compareSpecificity(a, b) >= 0 ? a : b));
}

function compareSpecificity(a: Specificity, b: Specificity): number {
  return a.hasWildcard - b.hasWildcard || b.literal - a.literal || a.wildcards - b.wildcards;
}

function category(e: Entry): number {
  if (e.hosts.length > 0 && e.path !== undefined) return 0;
  return e.hosts.length > 0 ? 1 : 2;
}

function compareEntries(a: Entry, b: Entry): number {
  const byCategory = category(a) - category(b);
  if (byCategory !== 0) return byCategory;
  const byPath =
    a.path !== undefined && b.path !== undefined
      ? compareSpecificity(pathSpecificity(a.path), pathSpecificity(b.path))
      : 0;
  if (byPath !== 0) return byPath;
  const byHost =
    a.hosts.length > 0 && b.hosts.length > 0
      ? compareSpecificity(hostSpecificity(a.hosts), hostSpecificity(b.hosts))
      : 0;
  return byHost || a.serviceIndex - b.serviceIndex || a.order - b.order;
}

function toRules(scope: IConstruct, entries: Entry[]): PlannedRule[] {
  const groups: { service: string; hosts: string[]; paths: string[] }[] = [];
  for (const e of entries) {
    const last = groups[groups.length - 1];
    const fits =
      last !== undefined &&
      e.path !== undefined &&
      last.paths.length > 0 &&
      last.service === e.service &&
      sameHosts(last.hosts, e.hosts) &&
      last.hosts.length + last.paths.length + 1 <= ALB_RULE_LIMITS.valuesPerRule &&
      [...last.hosts, ...last.paths, e.path].reduce((n, v) => n + wildcards(v), 0) <=
        ALB_RULE_LIMITS.wildcardsPerRule;
    if (fits) last.paths.push(e.path!);
    else groups.push({ service: e.service, hosts: e.hosts, paths: e.path === undefined ? [] : [e.path] });
  }
  if (groups.length * PRIORITY_STEP > ALB_RULE_LIMITS.maxPriority) {
    throw invalidProp(
      scope,
      'services',
      `the routes need ${groups.length} listener rules, more than ALB's priorities allow at a step of ${PRIORITY_STEP}`,
      'Route fewer patterns, or use path prefixes that cover several of them.',
    );
  }
  if (groups.length > ALB_RULE_LIMITS.rulesPerLoadBalancer) {
    Annotations.of(scope).addWarningV2(
      'cdk-shop:fargate-shop-listener-rules',
      `The routes need ${groups.length} listener rules; ALB's default quota is ${ALB_RULE_LIMITS.rulesPerLoadBalancer} rules per load balancer. Request a quota increase before deploying, or route fewer patterns.`,
    );
  }
  return groups.map((g, i) => ({
    service: g.service,
    priority: (i + 1) * PRIORITY_STEP,
    pathPatterns: g.paths,
    hostHeaders: g.hosts,
  }));
}

function sameHosts(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((h, i) => h === b[i]);
}
