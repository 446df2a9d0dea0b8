/**
 * Checks a synthesized CloudWatch dashboard body against CloudWatch's "Dashboard Body Structure
 * and Syntax" for the widget types the shop dashboard uses (metric, text, alarm) and against its
 * limits, the way PutDashboard would at deploy time.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/CloudWatch-Dashboard-Body-Structure.html
 *
 * The body in a template is a `Fn::Join` of JSON text and tokens (resource names, the region);
 * `resolveBody` joins it with placeholder values (`<Ref:Id>`, `<Id.Attr>`, the pseudo parameters
 * of one region), every other intrinsic function as `<Fn::Name>`, so the result parses as the
 * JSON CloudFormation would send.
 */

import { checkMetricWidget, isInt, isObject } from './dashboard-metric-arrays';

/** Limits from the page above. */
export const BODY_LIMITS = {
  /** "an array of between 0 and 500 widget objects" */
  widgets: 500,
  /** the grid is 24 columns wide ("width ... Valid Values: 1–24") */
  columns: 24,
  /** "height ... Valid Values: 1–1000" */
  height: 1000,
  /** an alarm status widget's alarms: "Array of strings ... 1-100 items" */
  alarmsPerStatusWidget: 100,
} as const;

/** What a body check found. */
export interface BodyReport {
  /** Every rule the body breaks; empty when it is valid. */
  readonly problems: string[];
  readonly widgets: number;
  /** Metric arrays over all metric widgets. */
  readonly metrics: number;
  /** The most metric arrays in one widget. */
  readonly maxMetricsInWidget: number;
  /** The body's length in UTF-8 bytes (with placeholder values for the tokens). */
  readonly bytes: number;
}

export interface BodyCheckOptions {
  /** The most metric arrays a metric widget may hold. @default 500 ("0–500 metrics and expressions") */
  readonly maxMetricsPerWidget?: number;
  /** The most bytes the body may have. @default 1,000,000 (CloudFormation's template body limit holds it) */
  readonly maxBytes?: number;
}

/** Joins a `DashboardBody` value of a template into the JSON string CloudFormation would pass. */
export function resolveBody(value: unknown, region = 'us-east-1'): string {
  const pseudo: { [name: string]: string } = {
    'AWS::Region': region,
    'AWS::AccountId': '111122223333',
    'AWS::Partition': 'aws',
    'AWS::URLSuffix': 'amazonaws.com',
    'AWS::StackName': 'Stack',
  };
  const scalar = (v: unknown): string => {
    if (typeof v === 'string') return v;
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const [[key, arg]] = Object.entries(v as object);
      if (key === 'Fn::Join') {
        const [separator, parts] = arg as [string, unknown[]];
        return parts.map(scalar).join(separator);
      }
      if (key === 'Ref') return pseudo[arg as string] ?? `<Ref:${arg}>`;
      if (key === 'Fn::GetAtt') return `<${(arg as string[]).join('.')}>`;
      return `<${key}>`;
    }
    throw new Error(`not a string or an intrinsic function: ${JSON.stringify(v)}`);
  };
  return scalar(value);
}

const WIDGET_KEYS = new Set(['type', 'x', 'y', 'width', 'height', 'properties']);
const TOP_KEYS = new Set(['start', 'end', 'periodOverride', 'widgets', 'variables']);
const ALARM_ARN = /^(arn:[^:]+:cloudwatch:[^:]+:[^:]+:alarm:.+|<.+>)$/;

/** Checks a dashboard body (the JSON string) against the structure and the limits. */
export function checkDashboardBody(body: string, options: BodyCheckOptions = {}): BodyReport {
  const problems: string[] = [];
  const bytes = Buffer.byteLength(body, 'utf-8');
  const maxBytes = options.maxBytes ?? 1_000_000;
  if (bytes > maxBytes) problems.push(`the body is ${bytes} bytes, more than ${maxBytes}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (e) {
    return {
      problems: [`not valid JSON: ${(e as Error).message}`],
      widgets: 0,
      metrics: 0,
      maxMetricsInWidget: 0,
      bytes,
    };
  }
  if (!isObject(parsed)) {
    return {
      problems: ['the body is not a JSON object'],
      widgets: 0,
      metrics: 0,
      maxMetricsInWidget: 0,
      bytes,
    };
  }
  for (const k of Object.keys(parsed)) if (!TOP_KEYS.has(k)) problems.push(`unknown top-level key ${k}`);
  if (parsed.periodOverride !== undefined && !['auto', 'inherit'].includes(parsed.periodOverride as string)) {
    problems.push('periodOverride is auto or inherit');
  }
  const widgets = parsed.widgets;
  if (!Array.isArray(widgets)) {
    return {
      problems: [...problems, 'the body must include a widgets array'],
      widgets: 0,
      metrics: 0,
      maxMetricsInWidget: 0,
      bytes,
    };
  }
  if (widgets.length > BODY_LIMITS.widgets) {
    problems.push(`${widgets.length} widgets, more than ${BODY_LIMITS.widgets}`);
  }
  let metrics = 0;
  let maxMetricsInWidget = 0;
  const cells = new Map<string, number>();
  widgets.forEach((w, i) => {
    const where = `widgets[${i}]`;
    if (!isObject(w)) {
      problems.push(`${where}: not an object`);
      return;
    }
    for (const k of Object.keys(w)) if (!WIDGET_KEYS.has(k)) problems.push(`${where}: unknown key ${k}`);
    const { x, y, width, height, type } = w;
    if (!isInt(width) || width < 1 || width > BODY_LIMITS.columns) {
      problems.push(`${where}: width ${JSON.stringify(width)} is not 1-24`);
    }
    if (!isInt(height) || height < 1 || height > BODY_LIMITS.height) {
      problems.push(`${where}: height ${JSON.stringify(height)} is not 1-1000`);
    }
    if (!isInt(x) || x < 0 || x > 23) problems.push(`${where}: x ${JSON.stringify(x)} is not 0-23`);
    if (!isInt(y) || y < 0) problems.push(`${where}: y ${JSON.stringify(y)} is not a non-negative integer`);
    if (isInt(x) && isInt(width) && x + width > BODY_LIMITS.columns) {
      problems.push(`${where}: x + width = ${x + width}, past the 24 columns`);
    }
    if (isInt(x) && isInt(y) && isInt(width) && isInt(height) && width <= 24 && height <= 1000) {
      for (let cx = x; cx < Math.min(x + width, 24); cx++) {
        for (let cy = y; cy < y + height; cy++) {
          const other = cells.get(`${cx},${cy}`);
          if (other !== undefined) {
            problems.push(`${where}: overlaps widgets[${other}] at (${cx}, ${cy})`);
            cy = y + height;
            cx = x + width;
          } else {
            cells.set(`${cx},${cy}`, i);
          }
        }
      }
    }
    const p = w.properties;
    if (!isObject(p)) {
      problems.push(`${where}: properties is required`);
      return;
    }
    if (type === 'text') {
      if (typeof p.markdown !== 'string' || p.markdown.length === 0) {
        problems.push(`${where}: a text widget needs markdown`);
      }
      if (p.background !== undefined && !['solid', 'transparent'].includes(p.background as string)) {
        problems.push(`${where}: background is solid or transparent`);
      }
    } else if (type === 'alarm') {
      const alarms = p.alarms;
      if (!Array.isArray(alarms) || alarms.length < 1 || alarms.length > BODY_LIMITS.alarmsPerStatusWidget) {
        problems.push(`${where}: alarms must be an array of 1-100 alarm ARNs`);
      } else if (alarms.some((a) => typeof a !== 'string' || !ALARM_ARN.test(a))) {
        problems.push(`${where}: an entry of alarms is not an alarm ARN`);
      }
      if (
        p.sortBy !== undefined &&
        !['default', 'stateUpdatedTimestamp', 'timestamp'].includes(p.sortBy as string)
      ) {
        problems.push(`${where}: unknown sortBy ${JSON.stringify(p.sortBy)}`);
      }
    } else if (type === 'metric') {
      const n = checkMetricWidget(where, p, options.maxMetricsPerWidget ?? 500, problems);
      metrics += n;
      maxMetricsInWidget = Math.max(maxMetricsInWidget, n);
    } else {
      problems.push(
        `${where}: type ${JSON.stringify(type)} is not one the shop dashboard uses (metric, text, alarm)`,
      );
    }
  });
  return { problems, widgets: widgets.length, metrics, maxMetricsInWidget, bytes };
}

/** The resolved bodies of every `AWS::CloudWatch::Dashboard` of a template, by logical id. */
export function dashboardBodies(
  template: { Resources?: { [id: string]: any } },
  region = 'us-east-1',
): { [id: string]: string } {
  const out: { [id: string]: string } = {};
  for (const [id, r] of Object.entries(template.Resources ?? {})) {
    if (r.Type === 'AWS::CloudWatch::Dashboard') out[id] = resolveBody(r.Properties.DashboardBody, region);
  }
  return out;
}
