import { Annotations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import {
  ALB_RULE_LIMITS,
  pathsDisjoint,
  rejectRepeats,
  validateHost,
  validatePath,
  wildcards,
} from './route-patterns';
import { invalidProp } from '../../private/errors';

/*
 * Listener-rule planning for FargateShop: which path patterns and host headers go to which
 * service, in which order. Pure: the only construct is `scope`, for error messages. ALB's
 * rules and limits, with their sources, are in route-patterns.ts.
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
   * @default - `prop` with `pathPatterns` replaced by `hostHeaders` (`services[1].hostHeaders`);
   * `prop` itself when it ends in `hostHeaders` (a service routed by host only); else
   * `<prop>.hostHeaders`
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

/** How the plan leaves room for conditions every rule carries. */
export interface RulePlanOptions {
  /**
   * Condition values every rule carries besides its hosts and paths, such as the edge's secret
   * origin header (1): each rule then has that many fewer for hosts and paths.
   *
   * @default 0
   */
  readonly reservedValues?: number;
}

/**
 * Rules are 10, 20, 30, …: gaps of 10 leave room for the user's own rules between ours
 * (`listener.addAction(..., { priority: 15 })`) without renumbering.
 */
export const PRIORITY_STEP = 10;

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
 * pattern order. Each (hosts, path) entry is ranked on its own; an entry then joins an earlier
 * rule of its service (same hosts, within 5 values and 5 wildcards) when every rule it moves
 * ahead of has paths no request can match together with its own. So merging never changes
 * where a request goes, and fewer rules means fewer rule evaluations (ALB bills those past the
 * first 10 in LCUs) and more room under the 100-rule quota.
 */
export function planListenerRules(
  scope: IConstruct,
  routes: RouteRequest[],
  options: RulePlanOptions = {},
): PlannedRule[] {
  const valuesPerRule = ALB_RULE_LIMITS.valuesPerRule - (options.reservedValues ?? 0);
  const entries: Entry[] = [];
  const claims = new Map<string, { service: string; serviceIndex: number }>();
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
    const hostChunks = chunkHosts(scope, hosts, route.pathPatterns, hostsProp, valuesPerRule);
    const claim = (key: string, prop: string, what: string) => {
      const other = claims.get(key);
      if (other !== undefined && other.service !== route.service) {
        throw invalidProp(
          scope,
          prop,
          `${what} is claimed by both service '${other.service}' and service '${route.service}'`,
          'Route each pattern to one service only.',
        );
      }
      if (other !== undefined && other.serviceIndex !== serviceIndex) {
        throw invalidProp(
          scope,
          prop,
          `service '${route.service}' is routed twice with ${what}`,
          'Give each pattern once.',
        );
      }
      claims.set(key, { service: route.service, serviceIndex });
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
  return toRules(scope, entries, valuesPerRule);
}

interface Entry {
  readonly service: string;
  readonly serviceIndex: number;
  readonly order: number;
  readonly hosts: string[];
  readonly path?: string;
}

function hostHeadersPropOf(prop: string): string {
  if (/hostHeaders$/.test(prop)) return prop;
  return /pathPatterns$/.test(prop) ? prop.replace(/pathPatterns$/, 'hostHeaders') : `${prop}.hostHeaders`;
}

/**
 * Splits the hosts into groups that fit one rule (`valuesPerRule`) together with one path (when
 * there are paths) and the wildcard budget; all hosts stay in one group when they fit.
 */
function chunkHosts(
  scope: IConstruct,
  hosts: string[],
  paths: string[],
  prop: string,
  valuesPerRule: number,
): string[][] {
  if (hosts.length === 0) return [[]];
  const maxPathWildcards = Math.max(0, ...paths.map(wildcards));
  const valueBudget = valuesPerRule - (paths.length > 0 ? 1 : 0);
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

function toRules(scope: IConstruct, entries: Entry[], valuesPerRule: number): PlannedRule[] {
  const groups: Group[] = [];
  for (const e of entries) {
    const target = groupToJoin(groups, e, valuesPerRule);
    if (target) target.paths.push(e.path!);
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

interface Group {
  readonly service: string;
  readonly hosts: string[];
  readonly paths: string[];
}

/**
 * The earlier rule of the same service and hosts that `e` can join: one with room (5 values,
 * 5 wildcards) that it reaches by moving ahead only of rules no request can match together
 * with it (disjoint paths), so where every request goes stays the same.
 */
function groupToJoin(groups: Group[], e: Entry, valuesPerRule: number): Group | undefined {
  if (e.path === undefined) return undefined;
  for (let i = groups.length - 1; i >= 0; i--) {
    const g = groups[i];
    const values = [...g.hosts, ...g.paths, e.path];
    const fits =
      g.paths.length > 0 &&
      values.length <= valuesPerRule &&
      values.reduce((n, v) => n + wildcards(v), 0) <= ALB_RULE_LIMITS.wildcardsPerRule;
    if (g.service === e.service && sameHosts(g.hosts, e.hosts) && fits) return g;
    if (g.paths.length === 0 || !g.paths.every((p) => pathsDisjoint(p, e.path!))) return undefined;
  }
  return undefined;
}

function sameHosts(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((h, i) => h === b[i]);
}
