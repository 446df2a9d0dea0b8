/**
 * Load balancer capacity units (LCUs) of an application load balancer, from the traffic
 * assumptions through the four LCU dimensions; the largest dimension is billed each hour.
 */
import { props, references, Resources, str } from '../cfn';
import { fmt, H, LineDraft, PricingContext } from './helpers';

const SECONDS_PER_HOUR = 3600;

/** The share group of application load balancers (they split the traffic assumptions). */
export const ALB_SHARE = 'alb';

/** Target groups of the load balancer's listeners and the most rules one listener has. */
function routing(resources: Resources, lbId: string): { lambdaOnly: boolean; rules: number } {
  const listeners = Object.entries(resources)
    .filter(
      ([, r]) =>
        r?.Type === 'AWS::ElasticLoadBalancingV2::Listener' && references(props(r).LoadBalancerArn, lbId),
    )
    .map(([id, r]) => ({ id, resource: r }));
  const targetGroups = new Set<string>();
  const groupsIn = (value: unknown) => {
    for (const [id, r] of Object.entries(resources)) {
      if (r?.Type === 'AWS::ElasticLoadBalancingV2::TargetGroup' && references(value, id)) {
        targetGroups.add(id);
      }
    }
  };
  let rules = 0;
  for (const listener of listeners) {
    groupsIn(props(listener.resource).DefaultActions);
    const own = Object.values(resources).filter(
      (r) =>
        r?.Type === 'AWS::ElasticLoadBalancingV2::ListenerRule' &&
        references(props(r).ListenerArn, listener.id),
    );
    own.forEach((r) => groupsIn(props(r).Actions));
    rules = Math.max(rules, own.length);
  }
  const lambdaOnly =
    targetGroups.size > 0 &&
    [...targetGroups].every((id) => str(props(resources[id]).TargetType)?.toLowerCase() === 'lambda');
  return { lambdaOnly, rules };
}

/**
 * The LCU-hours line of one ALB. Traffic is assumed even over the month (peaks bill more), one
 * request per new connection (keep-alive makes fewer), each connection open under a minute, and
 * the ALB processing the bytes it serves (`dataTransferOutGb`); both assumptions are split evenly
 * over the stack's ALBs.
 */
export function lcuDraft(lbId: string, ctx: PricingContext): LineDraft {
  const n = ctx.share(ALB_SHARE);
  const requests = ctx.assumptions.requestsPerMonth / n;
  const gb = ctx.assumptions.dataTransferOutGb / n;
  const { lambdaOnly, rules } = routing(ctx.resources, lbId);
  const perLcu = {
    newConnections: ctx.constant('alb.lcu.newConnectionsPerSec', 25),
    activeConnections: ctx.constant('alb.lcu.activeConnectionsPerMin', 3000),
    gbPerHour: ctx.constant(
      lambdaOnly ? 'alb.lcu.processedGbPerHourLambda' : 'alb.lcu.processedGbPerHour',
      1,
    ),
    ruleEvaluations: ctx.constant('alb.lcu.ruleEvaluationsPerSec', 1000),
  };
  const perSecond = requests / (H * SECONDS_PER_HOUR);
  const paidRules = Math.max(0, rules - 10);
  const dimensions: [string, number][] = [
    [`new connections ${fmt(perSecond)}/s ÷ ${perLcu.newConnections}`, perSecond / perLcu.newConnections],
    [
      `active connections ${fmt(perSecond * 60)}/min ÷ ${perLcu.activeConnections}`,
      (perSecond * 60) / perLcu.activeConnections,
    ],
    [
      `processed ${fmt(gb / H)} GB/h ÷ ${perLcu.gbPerHour}${lambdaOnly ? ' (Lambda targets)' : ''}`,
      gb / H / perLcu.gbPerHour,
    ],
    [
      `rule evaluations ${fmt(perSecond)}/s × ${paidRules} rules beyond the free 10 ÷ ${perLcu.ruleEvaluations}`,
      (perSecond * paidRules) / perLcu.ruleEvaluations,
    ],
  ];
  const billed = dimensions.reduce((max, d) => (d[1] > max[1] ? d : max));
  return {
    description: 'load balancer capacity units',
    priceKey: 'alb.lcuHourly',
    quantity: billed[1] * H,
    unit: 'LCU-hours',
    assumption:
      `${fmt(billed[1])} LCU (the largest of: ${dimensions.map(([what, lcu]) => `${what} = ${fmt(lcu)}`).join('; ')}) × ${H} h; ` +
      `requestsPerMonth ${fmt(ctx.assumptions.requestsPerMonth)} and dataTransferOutGb ${fmt(ctx.assumptions.dataTransferOutGb)} GB ` +
      `split evenly over ${n} ALB(s), even over the month, one request per new connection, connections open under a minute`,
  };
}
