import { Duration, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { resolveBodyOnce } from './dashboard-body';
import { costText, CostText } from './dashboard-cost';
import { GRID_COLUMNS, tierRows } from './dashboard-rows';
import { MonitoredResource } from './monitored-resource';
import { ShopDashboardOptions } from './shop-dashboard-options';
import { CostEstimate } from '../cost/cost-estimate';
import { invalidProp, requireLiteral, withPropContext } from '../private/errors';

/*
 * The shop dashboard: a title, the composite alarms' status and the month's cost estimate on
 * top, then a row per resource kind in request order with its golden signals
 * (`dashboard-rows.ts`, data in `dashboard-signals.ts`). Internal: ShopObservability calls it.
 */

/** What the dashboard is made of. */
export interface ShopDashboardInput {
  /** The resources to graph (discovery's output). */
  readonly resources: MonitoredResource[];
  /** The alarms whose state the status widget shows (the composites). */
  readonly statusAlarms: cloudwatch.IAlarm[];
  readonly options?: ShopDashboardOptions;
  /** The dashboard's heading, e.g. the shop's construct path. */
  readonly title: string;
  /** Sees each cost estimate the text widget is made from (tests). */
  readonly onCostEstimate?: (estimate: CostEstimate) => void;
  /** Sees each resolution of the dashboard's body (tests). */
  readonly onBodyResolved?: () => void;
}

/**
 * A dashboard holds 0-500 widgets.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/CloudWatch-Dashboard-Body-Structure.html
 */
export const MAX_WIDGETS = 500;

/** An alarm status widget holds 1-100 alarms (same page, "Properties of an Alarm Status Widget Object"). */
export const ALARMS_PER_STATUS_WIDGET = 100;

const DASHBOARD_NAME = /^[A-Za-z0-9_-]{1,255}$/;
const HEADER_HEIGHT = 6;

function checkOptions(scope: Construct, options: ShopDashboardOptions): Duration {
  requireLiteral(scope, 'dashboard.enabled', options.enabled, 'true or false');
  requireLiteral(scope, 'dashboard.costEstimate', options.costEstimate, 'true or false');
  requireLiteral(scope, 'dashboard.defaultPeriod', options.defaultPeriod, 'a Duration of whole minutes');
  const name = options.dashboardName;
  if (name !== undefined && !Token.isUnresolved(name) && !DASHBOARD_NAME.test(name)) {
    throw invalidProp(
      scope,
      'dashboard.dashboardName',
      `'${name}' is not 1-255 characters of A-Z, a-z, 0-9, '-' and '_'`,
      'Give a name of those characters only, or omit it for a generated one.',
    );
  }
  const period = options.defaultPeriod ?? Duration.minutes(1);
  const seconds = period.toSeconds();
  if (seconds < 60 || seconds % 60 !== 0 || seconds > 86_400) {
    throw invalidProp(
      scope,
      'dashboard.defaultPeriod',
      `${period.toHumanString()} is not a whole number of minutes from 1 minute to 1 day`,
      'Give e.g. Duration.minutes(1) or Duration.minutes(5).',
    );
  }
  return period;
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** The top rows: the heading, then the alarm status and the cost estimate side by side. */
function headerRows(input: ShopDashboardInput, cost: CostText | undefined): cloudwatch.IWidget[][] {
  const rows: cloudwatch.IWidget[][] = [
    [
      new cloudwatch.TextWidget({
        markdown: `# ${input.title}\nRows in request order: edge, load balancer, services, cache, database, queue; each with traffic, errors, latency and saturation.`,
        width: GRID_COLUMNS,
        height: 2,
      }),
    ],
  ];
  const top: Array<(width: number) => cloudwatch.IWidget> = [];
  // an alarm status widget with no alarms is an invalid dashboard body ("Should NOT have less than 1 items")
  chunks(input.statusAlarms, ALARMS_PER_STATUS_WIDGET).forEach((alarms, i, all) =>
    top.push(
      (width) =>
        new cloudwatch.AlarmStatusWidget({
          title: all.length > 1 ? `Alarms (${i + 1}/${all.length})` : 'Alarms',
          alarms,
          width,
          height: HEADER_HEIGHT,
          sortBy: cloudwatch.AlarmStatusWidgetSortBy.STATE_UPDATED_TIMESTAMP,
        }),
    ),
  );
  if (cost) {
    top.push((width) => new cloudwatch.TextWidget({ markdown: cost.marker, width, height: HEADER_HEIGHT }));
  }
  for (const row of chunks(top, 2)) {
    rows.push(row.map((make) => make(GRID_COLUMNS / row.length)));
  }
  return rows;
}

function countWidgets(rows: cloudwatch.IWidget[][]): number {
  return rows.reduce((n, row) => n + row.length, 0);
}

/**
 * Defines the shop dashboard in `scope` (construct id `Dashboard`), or nothing when
 * `options.enabled` is false.
 */
export function createShopDashboard(
  scope: Construct,
  input: ShopDashboardInput,
): cloudwatch.Dashboard | undefined {
  const options = input.options ?? {};
  const period = checkOptions(scope, options);
  if (options.enabled === false) return undefined;
  const cost =
    (options.costEstimate ?? true)
      ? withPropContext(
          scope,
          'dashboard.costAssumptions',
          'Fix the assumption named, or omit costAssumptions for the defaults.',
          () => costText(Stack.of(scope), options.costAssumptions, input.onCostEstimate),
        )
      : undefined;
  const rows = [...headerRows(input, cost), ...tierRows(scope, input.resources, period)];
  const widgets = countWidgets(rows);
  if (widgets > MAX_WIDGETS) {
    throw invalidProp(
      scope,
      'dashboard',
      `the dashboard would have ${widgets} widgets, more than CloudWatch's ${MAX_WIDGETS}`,
      'Monitor a smaller scope, or set dashboard.enabled to false and build dashboards of your own.',
    );
  }
  const dashboard = new cloudwatch.Dashboard(scope, 'Dashboard', {
    dashboardName: options.dashboardName,
    widgets: rows,
  });
  resolveBodyOnce(dashboard, cost, input.onBodyResolved);
  return dashboard;
}
