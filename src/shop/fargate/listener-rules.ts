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
  /**
   * The target groups of each rule of a service that ECS deploys blue/green, in the order of the
   * service's rules (its catch-all rule last): rule i forwards to `blue` (weight 100) and `green`
   * (weight 0), whose weights ECS then moves.
   *
   * @default - every rule forwards to the service's target group
   */
  readonly ruleTargets?: { [service: string]: RuleTargets[] };
  /**
   * A listener for test traffic: each rule of a service in `ruleTargets` gets a twin here with
   * the same priority, conditions and target groups.
   *
   * @default - none
   */
  readonly testListener?: elbv2.ApplicationListener;
}

/** The target groups of one listener rule of a service that ECS deploys blue/green. */
export interface RuleTargets {
  /** The group the rule forwards to in the template (and ECS registers the tasks in). */
  readonly blue: elbv2.ApplicationTargetGroup;
  /** The alternate group ECS starts the new revision in. */
  readonly green: elbv2.ApplicationTargetGroup;
}

/** Every service's rules: on the listener, and their twins on the test listener. */
export interface ShopListenerRules {
  readonly production: { [service: string]: elbv2.ApplicationListenerRule[] };
  readonly test: { [service: string]: elbv2.ApplicationListenerRule[] };
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
  return addShopListenerRules(scope, lb, rules, targetGroups, options).production;
}

/** {@link addListenerRules}, with the rules of the test listener too. */
export function addShopListenerRules(
  scope: Construct,
  lb: ShopLoadBalancer,
  rules: PlannedRule[],
  targetGroups: { [service: string]: elbv2.IApplicationTargetGroup },
  options: ListenerRuleOptions = {},
): ShopListenerRules {
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
  const testByService: { [service: string]: elbv2.ApplicationListenerRule[] } = {};
  const addRule = (
    service: string,
    priority: number,
    conditions: elbv2.ListenerCondition[],
    prop: string,
  ) => {
    const index = byService[service]?.length ?? 0;
    const pairs = options.ruleTargets?.[service];
    const pair = pairs?.[index];
    if (pairs !== undefined && pair === undefined) {
      throw new Error(
        `${scope.node.path}: service '${service}' has more listener rules than target-group pairs`,
      );
    }
    const action = () =>
      pair
        ? elbv2.ListenerAction.weightedForward([
            { targetGroup: pair.blue, weight: 100 },
            { targetGroup: pair.green, weight: 0 },
          ])
        : elbv2.ListenerAction.forward([targetGroupOf(service, prop)]);
    const allConditions = [...conditions, ...headerConditions];
    // the id addAction gives a rule (`Rule20Rule`): templates of earlier releases keep their logical ids
    const listenerRule = new elbv2.ApplicationListenerRule(lb.listener, `Rule${priority}Rule`, {
      listener: lb.listener,
      priority,
      conditions: allConditions,
      action: action(),
    });
    (byService[service] ??= []).push(listenerRule);
    if (pair && options.testListener) {
      const testRule = new elbv2.ApplicationListenerRule(options.testListener, `Rule${priority}Rule`, {
        listener: options.testListener,
        priority,
        conditions: allConditions,
        action: action(),
      });
      (testByService[service] ??= []).push(testRule);
    }
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
  return { production: byService, test: testByService };
}
