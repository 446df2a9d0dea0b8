import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { Construct } from 'constructs';
import type { ShopLoadBalancer } from './load-balancer';
import { ALB_RULE_LIMITS } from './route-patterns';
import { PlannedRule } from './routing';
import { invalidProp } from '../../private/errors';

/** A header every request must carry to be routed, such as the edge's secret origin header. */
export interface RequiredHeader {
  /** The header's name (compared case-insensitively by ALB). */
  readonly name: string;
  /** Its one accepted value: no `*` or `?` (ALB reads them as wildcards). */
  readonly value: string;
}

/** How {@link addListenerRules} shapes the listener beyond the planned rules. */
export interface ListenerRuleOptions {
  /** The service of every request no rule takes (the storefront). @default - none: 404 */
  readonly defaultService?: string;
  /**
   * Every rule also requires this header, `defaultService` gets a catch-all rule that requires
   * it too, and the listener's default action answers 403: a request without it reaches no service.
   *
   * @default - no header required
   */
  readonly requiredHeader?: RequiredHeader;
  /**
   * Route `defaultService` by a catch-all rule (`/*`, the last priority) instead of the listener's
   * default action, which then answers 404; ECS blue/green, canary and linear deployments shift a
   * listener rule, never a default action. Implied by `requiredHeader`.
   *
   * @default false
   */
  readonly catchAllRule?: boolean;
}

/** The priority of the catch-all rule: the last there is, so any other rule goes before it. */
export const CATCH_ALL_PRIORITY = ALB_RULE_LIMITS.maxPriority;

/**
 * Adds the planned rules to the listener (conditions, priorities, forward to the target groups)
 * and the default action: forward to `defaultService`, or a fixed 404 without one; with
 * `requiredHeader` or `catchAllRule`, `defaultService` gets a catch-all rule instead and the
 * default action answers 403 (header required) or 404.
 *
 * Each rule's construct id is its priority (`Rule20Rule`): when a new service shifts the plan, each
 * ListenerRule keeps its priority and CloudFormation updates its conditions in place, instead
 * of two rules briefly claiming one priority (which ALB refuses).
 *
 * Forwarding registers the listener with each target group, which opens the load balancer's
 * security group to the targets' port (its only egress).
 *
 * @returns every service's listener rules, in priority order
 */
export function addListenerRules(
  scope: Construct,
  lb: ShopLoadBalancer,
  rules: PlannedRule[],
  targetGroups: { [service: string]: elbv2.IApplicationTargetGroup },
  options: ListenerRuleOptions = {},
): { [service: string]: elbv2.ApplicationListenerRule[] } {
  const targetGroupOf = (service: string, prop: string) => {
    const targetGroup = targetGroups[service];
    if (targetGroup === undefined) {
      throw invalidProp(
        scope,
        prop,
        `service '${service}' is routed but has no target group (public services: ${Object.keys(targetGroups).join(', ') || 'none'})`,
        'Route only public services, each with a target group.',
      );
    }
    return targetGroup;
  };
  const header = options.requiredHeader;
  const headerConditions = header ? [elbv2.ListenerCondition.httpHeader(header.name, [header.value])] : [];
  const byService: { [service: string]: elbv2.ApplicationListenerRule[] } = {};
  const addRule = (
    service: string,
    priority: number,
    conditions: elbv2.ListenerCondition[],
    prop: string,
  ) => {
    // the id addAction gives a rule (`Rule20Rule`): templates of earlier releases keep their logical ids
    const listenerRule = new elbv2.ApplicationListenerRule(lb.listener, `Rule${priority}Rule`, {
      listener: lb.listener,
      priority,
      conditions: [...conditions, ...headerConditions],
      action: elbv2.ListenerAction.forward([targetGroupOf(service, prop)]),
    });
    (byService[service] ??= []).push(listenerRule);
  };
  for (const rule of rules) {
    const conditions: elbv2.ListenerCondition[] = [];
    if (rule.hostHeaders.length > 0) conditions.push(elbv2.ListenerCondition.hostHeaders(rule.hostHeaders));
    if (rule.pathPatterns.length > 0) {
      conditions.push(elbv2.ListenerCondition.pathPatterns(rule.pathPatterns));
    }
    addRule(rule.service, rule.priority, conditions, 'services');
  }
  const catchAll = header !== undefined || (options.catchAllRule ?? false);
  if (options.defaultService !== undefined && catchAll) {
    addRule(
      options.defaultService,
      CATCH_ALL_PRIORITY,
      [elbv2.ListenerCondition.pathPatterns(['/*'])],
      'storefront',
    );
  }
  let defaultAction: elbv2.ListenerAction;
  if (header !== undefined) {
    defaultAction = elbv2.ListenerAction.fixedResponse(403, {
      contentType: 'text/plain',
      messageBody: 'Forbidden',
    });
  } else if (options.defaultService === undefined || catchAll) {
    defaultAction = elbv2.ListenerAction.fixedResponse(404, {
      contentType: 'text/plain',
      messageBody: 'Not found',
    });
  } else {
    defaultAction = elbv2.ListenerAction.forward([targetGroupOf(options.defaultService, 'storefront')]);
  }
  lb.listener.addAction('Default', { action: defaultAction });
  return byService;
}
