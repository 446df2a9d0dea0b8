import { Lazy, Stack } from 'aws-cdk-lib';
import { CostEstimate, CostEstimatorProps } from '../cost/cost-estimate';
import { CostEstimator } from '../cost/cost-estimator';

/*
 * The dashboard's cost text widget: the month's estimate of the stack the dashboard is in.
 *
 * The figure is known only once the stack's template is, and the dashboard is part of that
 * template. So the widget's markdown is a Lazy, produced while the stack's template is rendered:
 * it renders the template once more (Stack._toCloudFormation, what synthesis itself calls) with
 * itself as a placeholder (the re-entrancy guard), and estimates it with CostEstimator. The
 * estimator prices a dashboard per dashboard, never by its body, so the figure is the estimate
 * of the final template too: the same number `new CostEstimator(props).estimateStack(stack)`
 * gives, the dashboard's own price included. Internal: not exported from the package.
 */

/** What the markdown says while the stack's template is rendered for the estimate itself. */
export const COST_PLACEHOLDER = '(estimating)';

/** Renders a stack's template the way synthesis does (the method is protected in aws-cdk-lib). */
function renderTemplate(stack: Stack): any {
  return (stack as unknown as { _toCloudFormation(): any })._toCloudFormation();
}

/** The estimate of `stack`'s template now, as `CostEstimator.estimateStack` names and locates it. */
export function estimateRenderedStack(stack: Stack, props: CostEstimatorProps = {}): CostEstimate {
  let top: Stack = stack;
  while (top.nestedStackParent) top = top.nestedStackParent;
  const name = top === stack ? stack.stackName : stack.node.path;
  return new CostEstimator(props).estimateTemplate(renderTemplate(stack), name, stack.region);
}

function usd(n: number): string {
  return `$${n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

/** The markdown of an estimate: the total, the range, the five largest lines and the basis. */
export function costMarkdown(estimate: CostEstimate): string {
  const top = [...estimate.lines]
    .filter((l) => l.monthlyUsd > 0)
    .sort((a, b) => b.monthlyUsd - a.monthlyUsd || a.path.localeCompare(b.path))
    .slice(0, 5);
  const rows = top.map((l) => `| ${l.description.replace(/\|/g, '/')} | ${usd(l.monthlyUsd)} |`);
  return [
    `### Cost estimate: ${usd(estimate.totalMonthlyUsd)} a month`,
    estimate.totalAtMinimumUsd === estimate.totalAtMaximumUsd
      ? 'No scalable resource changes it.'
      : `${usd(estimate.totalAtMinimumUsd)} at minimum capacity, ${usd(estimate.totalAtMaximumUsd)} at maximum.`,
    '',
    '| largest items | USD/month |',
    '|---|---|',
    ...rows,
    '',
    `us-east-1 list prices of ${estimate.assumptions.priceTableDate} × region factor ${estimate.assumptions.regionFactor}, ` +
      `${estimate.lines.length} priced lines, ${estimate.notPriced.length} resources not priced ` +
      `(cdk-shop CostEstimator at synth time).`,
  ].join('\n');
}

/**
 * A Lazy markdown with the month's estimate of `stack`, resolved when its template is rendered.
 * `onEstimate` sees each estimate made (tests use it).
 */
export function lazyCostMarkdown(
  stack: Stack,
  props: CostEstimatorProps = {},
  onEstimate?: (estimate: CostEstimate) => void,
): string {
  // validate the assumptions now, at construction, where the error names the prop
  new CostEstimator(props);
  let estimating = false;
  let rendered: string | undefined;
  return Lazy.uncachedString({
    produce: (context) => {
      // every synthesis first renders each resource to find references (preparing): the tree
      // may still change then, so the figure is made afresh on the next final rendering, once:
      // later renderings of the same synthesis (the tree metadata) reuse it
      if (context.preparing) {
        rendered = undefined;
        return COST_PLACEHOLDER;
      }
      if (estimating) return COST_PLACEHOLDER;
      if (rendered !== undefined) return rendered;
      estimating = true;
      try {
        const estimate = estimateRenderedStack(stack, props);
        onEstimate?.(estimate);
        rendered = costMarkdown(estimate);
        return rendered;
      } finally {
        estimating = false;
      }
    },
  });
}
