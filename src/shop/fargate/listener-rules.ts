import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { Construct } from 'constructs';
import type { ShopLoadBalancer } from './load-balancer';
import { PlannedRule } from './routing';
import { invalidProp } from '../../private/errors';

/**
 * Adds the planned rules to the listener (conditions, priorities, forward to the target groups)
 * and the default action: forward to `defaultService`, or a fixed 404 without one.
 *
 * Each rule's construct id is its priority (`Rule20`): when a new service shifts the plan, each
 * ListenerRule keeps its priority and CloudFormation updates its conditions in place, instead
 * of two rules briefly claiming one priority (which ALB refuses).
 *
 * Forwarding registers the listener with each target group, which opens the load balancer's
 * security group to the targets' port (its only egress).
 */
export function addListenerRules(
  scope: Construct,
  lb: ShopLoadBalancer,
  rules: PlannedRule[],
  targetGroups: { [service: string]: elbv2.IApplicationTargetGroup },
  defaultService?: string,
): void {
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
  for (const rule of rules) {
    const conditions: elbv2.ListenerCondition[] = [];
    if (rule.hostHeaders.length > 0) conditions.push(elbv2.ListenerCondition.hostHeaders(rule.hostHeaders));
    if (rule.pathPatterns.length > 0) {
      conditions.push(elbv2.ListenerCondition.pathPatterns(rule.pathPatterns));
    }
    lb.listener.addAction(`Rule${rule.priority}`, {
      priority: rule.priority,
      conditions,
      action: elbv2.ListenerAction.forward([targetGroupOf(rule.service, 'services')]),
    });
  }
  const defaultAction =
    defaultService === undefined
      ? elbv2.ListenerAction.fixedResponse(404, { contentType: 'text/plain', messageBody: 'Not found' })
      : elbv2.ListenerAction.forward([targetGroupOf(defaultService, 'storefront')]);
  lb.listener.addAction('Default', { action: defaultAction });
}
