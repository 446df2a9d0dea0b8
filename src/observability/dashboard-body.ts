import { Lazy, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { CostText, replaceMarker } from './dashboard-cost';

/*
 * The dashboard body resolved once a synthesis. aws-cdk-lib renders a dashboard's body each time
 * it is resolved, and a synthesis resolves it three times (references, the template, the tree
 * metadata): for the fullest FargateShop's dashboard (88 metrics, 25 KB) about 40-70 ms each.
 * Here the body is resolved when references are looked for (the start of every synthesis, so a
 * tree changed since the last one is seen) and reused for the template and the tree; the cost
 * widget's marker is replaced by what it reads as at each. The body's values are attributes of
 * resources of the dashboard's own stack (discovery leaves other stacks' out), so no reference
 * needs the preparing pass to export it. Internal.
 */

/**
 * Makes `dashboard`'s body resolve once a synthesis, with `cost`'s marker read as it should be.
 * `onResolve` sees each resolution (tests count them).
 */
export function resolveBodyOnce(
  dashboard: cloudwatch.Dashboard,
  cost?: CostText,
  onResolve?: () => void,
): void {
  const cfn = dashboard.node.defaultChild as cloudwatch.CfnDashboard;
  const stack = Stack.of(dashboard);
  const body = cfn.dashboardBody;
  let resolved: unknown;
  cfn.dashboardBody = Token.asString(
    Lazy.uncachedAny({
      produce: (context) => {
        if (context.preparing || resolved === undefined) {
          resolved = stack.resolve(body);
          onResolve?.();
        }
        const text = cost?.textNow(context.preparing);
        if (cost === undefined || text === undefined) return resolved;
        const copy = JSON.parse(JSON.stringify(resolved));
        if (typeof copy === 'string') return copy.split(cost.marker).join(text);
        replaceMarker(copy, cost.marker, text);
        return copy;
      },
    }),
  );
}
