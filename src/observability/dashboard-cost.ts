import { Stack } from 'aws-cdk-lib';
import { CostEstimate, CostEstimatorProps } from '../cost/cost-estimate';
import { CostEstimator } from '../cost/cost-estimator';
import { formatEnUs } from '../cost/private/number-format';

/*
 * The dashboard's cost text widget: the month's estimate of the stack the dashboard is in.
 *
 * The figure is known only once the stack's template is, and the dashboard is part of that
 * template. Rendering the template twice (once to estimate it, once to write it) added about
 * 100 ms to the synthesis of the fullest FargateShop example, so the template is rendered once:
 * the stack's own rendering (Stack._toCloudFormation, what synthesis calls) is wrapped; while it
 * runs, the widget's markdown is a marker; the wrapper estimates the rendered template with
 * CostEstimator and puts the markdown where the marker is. The estimator prices a dashboard per
 * dashboard, never by its body, so the figure is the estimate of the template written: the same
 * number `new CostEstimator(props).estimateStack(stack)` gives, the dashboard's own price
 * included. Internal: not exported from the package.
 */

/** What the markdown says while the stack's template is rendered for the estimate itself. */
export const COST_PLACEHOLDER = '(estimating)';

function usd(n: number): string {
  return `$${formatEnUs(Math.round(n * 100) / 100, 2, 2)}`;
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

/** The stack's name as `CostEstimator.estimateStack` reports it (a nested stack by its path). */
function estimateName(stack: Stack): string {
  return stack.nestedStackParent ? stack.node.path : stack.stackName;
}

/** Replaces `marker` in every string under `value` with `text` (in place, returns whether it did). */
export function replaceMarker(value: any, marker: string, text: string): boolean {
  if (Array.isArray(value)) {
    let found = false;
    value.forEach((v, i) => {
      if (typeof v === 'string' && v.includes(marker)) {
        value[i] = v.split(marker).join(text);
        found = true;
      } else if (v && typeof v === 'object') {
        found = replaceMarker(v, marker, text) || found;
      }
    });
    return found;
  }
  let found = false;
  for (const [k, v] of Object.entries(value ?? {})) {
    if (typeof v === 'string' && v.includes(marker)) {
      value[k] = v.split(marker).join(text);
      found = true;
    } else if (v && typeof v === 'object') {
      found = replaceMarker(v, marker, text) || found;
    }
  }
  return found;
}

/** A stack's rendering method, protected in aws-cdk-lib. */
interface RenderingStack {
  _toCloudFormation(): any;
}

let markers = 0;

/** The cost widget's markdown: a marker in the body, and what stands for it when. */
export interface CostText {
  /** What the widget's markdown is: replaced by the estimate when the stack's template is rendered. */
  readonly marker: string;
  /**
   * What the marker reads as now, JSON-escaped for the body: undefined while the template is
   * rendered (the marker stays, for the estimate); while references are looked for (preparing)
   * or outside a rendering (the tree metadata, after the template), the last figure, if any.
   */
  textNow(preparing: boolean): string | undefined;
}

/**
 * The month's estimate of `stack` for a text widget: wraps the stack's rendering so the estimate
 * of its template takes the marker's place. `onEstimate` sees each estimate made (tests use it).
 */
export function costText(
  stack: Stack,
  props: CostEstimatorProps = {},
  onEstimate?: (estimate: CostEstimate) => void,
): CostText {
  // validate the assumptions now, at construction, where the error names the prop
  const estimator = new CostEstimator(props);
  const marker = `cdk-shop-cost-estimate-${++markers}`;
  let rendering = false;
  let last: string | undefined;
  const holder = stack as unknown as RenderingStack;
  const render = holder._toCloudFormation.bind(stack);
  holder._toCloudFormation = () => {
    rendering = true;
    let template: any;
    try {
      template = render();
    } finally {
      rendering = false;
    }
    const dashboards = Object.values(template?.Resources ?? {}).filter(
      (r: any) => r?.Type === 'AWS::CloudWatch::Dashboard',
    );
    if (!JSON.stringify(dashboards).includes(marker)) return template;
    const estimate = estimator.estimateTemplate(template, estimateName(stack), stack.region);
    onEstimate?.(estimate);
    last = escapeJson(costMarkdown(estimate));
    replaceMarker(dashboards, marker, last);
    return template;
  };
  return {
    marker,
    textNow: (preparing) => (rendering && !preparing ? undefined : (last ?? COST_PLACEHOLDER)),
  };
}

/** `text` as it stands inside a JSON string. */
function escapeJson(text: string): string {
  return JSON.stringify(text).slice(1, -1);
}
