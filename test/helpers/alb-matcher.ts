import { CfnElement, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { IConstruct } from 'constructs';

/*
 * Routes a request through a listener of a synthesized template the way an Application Load
 * Balancer does ("Listener rules for your Application Load Balancer" and "Condition types for
 * listener rules", ELB user guide):
 * - rules are evaluated in priority order, lowest first; the first rule whose conditions all
 *   match handles the request; when none matches, the listener's default action does;
 * - a condition with several values matches when any value matches;
 * - path-pattern compares the path only (never the query string), case-sensitively;
 *   host-header compares the host name (without a port), case-insensitively;
 * - in both, `*` matches 0 or more characters and `?` exactly one.
 * - http-header compares the named header (name case-insensitive) to any of the values,
 *   case-insensitively with the same wildcards; a value that is not a literal string (a
 *   Secrets Manager dynamic reference built by Fn::Join) matches a request value that is the
 *   same template expression;
 * Other condition types (query-string, source-ip, method) are refused, so a test never passes on
 * a condition the matcher would ignore.
 */

/** A request as the load balancer sees it. */
export interface AlbRequest {
  readonly host: string;
  /** The path, optionally with a query string (ignored, as ALB does). */
  readonly path: string;
  /** Request headers by name: a literal value, or the template expression a rule's value is. */
  readonly headers?: { [name: string]: unknown };
}

/** Where a request goes: the action that handles it and which rule chose it. */
export interface AlbRoute {
  readonly kind: 'forward' | 'fixed-response' | 'redirect';
  /** The target group's logical id (forward). */
  readonly targetGroup?: string;
  /** The status code (fixed-response, redirect). */
  readonly statusCode?: string;
  /** The redirect's protocol and port, e.g. `HTTPS:443`. */
  readonly redirectTo?: string;
  /** The rule's priority, or `default` for the listener's default action. */
  readonly rule: number | 'default';
}

interface ParsedRule {
  readonly priority: number;
  readonly hosts?: string[];
  readonly paths?: string[];
  readonly headers: { readonly name: string; readonly values: unknown[] }[];
  readonly actions: any[];
}

/** The logical id of a listener (or any L2 with a default child) in its stack. */
export function logicalIdOf(construct: IConstruct): string {
  return Stack.of(construct).getLogicalId(construct.node.defaultChild as CfnElement);
}

/** Routes `request` through the listener `listenerLogicalId` of `template`. */
export function route(
  template: Template | { Resources: Record<string, any> },
  listenerLogicalId: string,
  request: AlbRequest,
): AlbRoute {
  const resources: Record<string, any> =
    (template instanceof Template ? template.toJSON() : template).Resources ?? {};
  const listener = resources[listenerLogicalId];
  if (listener?.Type !== 'AWS::ElasticLoadBalancingV2::Listener') {
    throw new Error(`${listenerLogicalId} is not an AWS::ElasticLoadBalancingV2::Listener of the template`);
  }
  const rules = listenerRules(resources, listenerLogicalId);
  const path = request.path.split('?')[0];
  const host = request.host.replace(/:\d+$/, '');
  for (const rule of rules) {
    const hostMatches = rule.hosts === undefined || rule.hosts.some((p) => globMatches(p, host, true));
    const pathMatches = rule.paths === undefined || rule.paths.some((p) => globMatches(p, path, false));
    const headersMatch = rule.headers.every((h) => headerMatches(h.name, h.values, request.headers ?? {}));
    if (hostMatches && pathMatches && headersMatch) return actionOf(rule.actions, rule.priority);
  }
  return actionOf(listener.Properties.DefaultActions, 'default');
}

/** The listener's rules, lowest priority first; throws on two rules with one priority (ALB refuses them). */
export function listenerRules(resources: Record<string, any>, listenerLogicalId: string): ParsedRule[] {
  const rules = Object.entries(resources)
    .filter(
      ([, r]) =>
        r.Type === 'AWS::ElasticLoadBalancingV2::ListenerRule' &&
        r.Properties?.ListenerArn?.Ref === listenerLogicalId,
    )
    .map(([id, r]) => parseRule(id, r.Properties));
  const priorities = rules.map((r) => r.priority);
  const repeated = priorities.find((p, i) => priorities.indexOf(p) !== i);
  if (repeated !== undefined) throw new Error(`two rules of ${listenerLogicalId} have priority ${repeated}`);
  return rules.sort((a, b) => a.priority - b.priority);
}

function parseRule(id: string, props: any): ParsedRule {
  const priority = Number(props.Priority);
  if (!Number.isInteger(priority) || priority < 1 || priority > 50_000) {
    throw new Error(`${id}: priority ${props.Priority} is outside ALB's 1..50000`);
  }
  let hosts: string[] | undefined;
  let paths: string[] | undefined;
  const headers: { name: string; values: unknown[] }[] = [];
  for (const condition of props.Conditions ?? []) {
    if (condition.Field === 'host-header') {
      hosts = stringValues(id, condition.HostHeaderConfig?.Values ?? condition.Values);
    } else if (condition.Field === 'path-pattern') {
      paths = stringValues(id, condition.PathPatternConfig?.Values ?? condition.Values);
    } else if (condition.Field === 'http-header') {
      const config = condition.HttpHeaderConfig;
      if (
        typeof config?.HttpHeaderName !== 'string' ||
        !Array.isArray(config.Values) ||
        config.Values.length === 0
      ) {
        throw new Error(`${id}: an http-header condition needs a header name and values`);
      }
      headers.push({ name: config.HttpHeaderName, values: config.Values });
    } else {
      throw new Error(`${id}: the matcher does not evaluate '${condition.Field}' conditions`);
    }
  }
  if (hosts === undefined && paths === undefined && headers.length === 0) {
    throw new Error(`${id}: a listener rule needs a condition`);
  }
  return { priority, hosts, paths, headers, actions: props.Actions };
}

function stringValues(id: string, values: unknown): string[] {
  if (!Array.isArray(values) || values.length === 0 || !values.every((v) => typeof v === 'string')) {
    throw new Error(`${id}: condition values must be literal strings, got ${JSON.stringify(values)}`);
  }
  return values;
}

function headerMatches(
  name: string,
  values: unknown[],
  requestHeaders: { [name: string]: unknown },
): boolean {
  const key = Object.keys(requestHeaders).find((k) => k.toLowerCase() === name.toLowerCase());
  if (key === undefined) return false;
  const given = requestHeaders[key];
  return values.some((v) =>
    typeof v === 'string' && typeof given === 'string'
      ? globMatches(v, given, true)
      : JSON.stringify(v) === JSON.stringify(given),
  );
}

/** ALB wildcard matching over the whole value: `*` is 0 or more characters, `?` exactly one. */
export function globMatches(pattern: string, value: string, caseInsensitive: boolean): boolean {
  const source = [...pattern]
    .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\/-]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`, caseInsensitive ? 'is' : 's').test(value);
}

function actionOf(actions: any[], rule: number | 'default'): AlbRoute {
  // with several actions (authenticate first), the last one decides where the request goes
  const sorted = [...actions].sort((a, b) => (a.Order ?? 0) - (b.Order ?? 0));
  const action = sorted[sorted.length - 1];
  switch (action.Type) {
    case 'forward': {
      // weighted forwarding (blue/green): the one group with a weight above 0 takes every request
      const groups: any[] | undefined = action.ForwardConfig?.TargetGroups;
      const weighted = groups && groups.length > 1 ? groups.filter((g) => (g.Weight ?? 1) > 0) : groups;
      const arn = action.TargetGroupArn ?? single<any>(weighted)?.TargetGroupArn;
      if (arn?.Ref === undefined) {
        throw new Error(`rule ${rule}: forwards to ${JSON.stringify(action)}, not one target group`);
      }
      return { kind: 'forward', targetGroup: arn.Ref, rule };
    }
    case 'fixed-response':
      return { kind: 'fixed-response', statusCode: action.FixedResponseConfig.StatusCode, rule };
    case 'redirect':
      return {
        kind: 'redirect',
        statusCode: action.RedirectConfig.StatusCode,
        redirectTo: `${action.RedirectConfig.Protocol}:${action.RedirectConfig.Port}`,
        rule,
      };
    default:
      throw new Error(`rule ${rule}: the matcher does not know action '${action.Type}'`);
  }
}

function single<T>(items: T[] | undefined): T | undefined {
  return items?.length === 1 ? items[0] : undefined;
}
