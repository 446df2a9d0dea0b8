import { IConstruct } from 'constructs';
import { invalidProp, requireLiteral } from '../../private/errors';

/*
 * ALB path patterns and host headers: validation, and which patterns can match one request.
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

/** ALB limits, from the documentation cited above. */
export const ALB_RULE_LIMITS = {
  patternLength: 128,
  valuesPerRule: 5,
  wildcardsPerRule: 5,
  maxPriority: 50_000,
  /** Default quota "Rules per Application Load Balancer" (adjustable), not counting default rules. */
  rulesPerLoadBalancer: 100,
} as const;

const PATH_CHARACTERS = /^[A-Za-z0-9_\-.$/~"'@:+&*?]+$/;
const HOST_CHARACTERS = /^[A-Za-z0-9\-_.*?]+$/;

/** The wildcards (`*`, `?`) in a pattern. */
export function wildcards(value: string): number {
  return (value.match(/[*?]/g) ?? []).length;
}

/** Throws unless `path` is a literal ALB path pattern that can match a request path. */
export function validatePath(scope: IConstruct, prop: string, path: string): void {
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

/** Throws unless `host` is a literal ALB host-header value; returns it. */
export function validateHost(scope: IConstruct, prop: string, host: string): string {
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

/** Throws when one service gives the same value twice (`values` as ALB compares them). */
export function rejectRepeats(scope: IConstruct, service: string, prop: string, values: string[]): void {
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

/** ALB wildcard matching over the whole value: `*` is 0 or more characters, `?` exactly one. */
export function patternMatches(pattern: string, value: string): boolean {
  const source = [...pattern]
    .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\/-]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`, 's').test(value);
}

/**
 * True when no path can match both patterns: two literals that differ, a literal the other
 * pattern does not match, or literal prefixes (before the first wildcard) or suffixes (after
 * the last) that disagree. False when unsure.
 */
export function pathsDisjoint(a: string, b: string): boolean {
  const aLiteral = wildcards(a) === 0;
  const bLiteral = wildcards(b) === 0;
  if (aLiteral && bLiteral) return a !== b;
  if (aLiteral) return !patternMatches(b, a);
  if (bLiteral) return !patternMatches(a, b);
  const prefix = (p: string) => p.slice(0, p.search(/[*?]/));
  const suffix = (p: string) => p.slice(Math.max(p.lastIndexOf('*'), p.lastIndexOf('?')) + 1);
  const [pa, pb] = [prefix(a), prefix(b)];
  const n = Math.min(pa.length, pb.length);
  if (pa.slice(0, n) !== pb.slice(0, n)) return true;
  const [sa, sb] = [suffix(a), suffix(b)];
  const m = Math.min(sa.length, sb.length);
  return m > 0 && sa.slice(sa.length - m) !== sb.slice(sb.length - m);
}
