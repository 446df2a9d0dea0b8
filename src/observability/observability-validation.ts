import { Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { IConstruct } from 'constructs';
import { ALARM_CATALOG, catalogEntry } from './alarm-catalog';
import { AlarmDefinition, ThresholdUnit } from './alarm-definition';
import { ShopAlarmOverride } from './shop-observability-props';
import { invalidProp, requireLiteral } from '../private/errors';

/*
 * Synth-time checks of ShopObservability's props and of the alarm overrides, in the library's
 * one error format (`invalidProp`).
 */

/**
 * An alarm's evaluation range, periods × period, is at most one day for periods under an hour
 * (seven days for longer ones, which no override here can reach).
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html
 */
export const MAX_EVALUATION_SECONDS = 86_400;

// RFC 5321 caps an address at 254 characters; one local part, one domain with a dot, no spaces
const EMAIL = /^[^\s@,;<>()]+@[^\s@,;<>()]+\.[^\s@,;<>().]+$/;

/** Throws unless `email` is one e-mail address (a token passes: it is checked at deploy time). */
export function checkAlarmEmail(scope: IConstruct, email: string | undefined, prop = 'alarmEmail'): void {
  if (email === undefined || Token.isUnresolved(email)) return;
  if (email.length > 254 || !EMAIL.test(email)) {
    throw invalidProp(
      scope,
      prop,
      `'${email}' is not one e-mail address`,
      'Give one address such as ops@example.com; for several, subscribe them to your own alarmTopic.',
    );
  }
}

/** An override checked against its entry, with the settings it results in. */
export interface ResolvedOverride {
  readonly override: ShopAlarmOverride;
  readonly definition: AlarmDefinition;
  /** `alarmOverrides[i]`, for errors about a derived threshold later. */
  readonly prop: string;
}

/** Checks every override, and that no kind is overridden twice; by kind id. */
export function checkOverrides(
  scope: IConstruct,
  overrides: readonly ShopAlarmOverride[],
  prop = 'alarmOverrides',
): Map<string, ResolvedOverride> {
  const byId = new Map<string, ResolvedOverride>();
  overrides.forEach((override, i) => {
    const at = `${prop}[${i}]`;
    const id = override?.kind?.id;
    if (typeof id !== 'string') {
      throw invalidProp(scope, `${at}.kind`, 'is missing', 'Give a kind such as ShopAlarmKind.ALB_5XX_RATE.');
    }
    const definition = catalogEntry(id);
    if (!definition) {
      throw invalidProp(
        scope,
        `${at}.kind`,
        `'${id}' is not a kind of the alarm catalog`,
        `Use one of ShopAlarmKind's statics (${ALARM_CATALOG.map((d) => d.id).join(', ')}).`,
      );
    }
    const earlier = byId.get(id);
    if (earlier) {
      throw invalidProp(
        scope,
        `${at}.kind`,
        `'${id}' is overridden twice (${earlier.prop} too)`,
        'Merge the two overrides into one.',
      );
    }
    checkOverride(scope, at, override, definition);
    byId.set(id, { override, definition, prop: at });
  });
  return byId;
}

function checkOverride(scope: IConstruct, at: string, o: ShopAlarmOverride, d: AlarmDefinition): void {
  requireLiteral(scope, `${at}.threshold`, o.threshold, `a number (${d.unit})`);
  requireLiteral(scope, `${at}.evaluationPeriods`, o.evaluationPeriods, 'a whole number of periods');
  requireLiteral(scope, `${at}.datapointsToAlarm`, o.datapointsToAlarm, 'a whole number of periods');
  requireLiteral(scope, `${at}.enabled`, o.enabled, 'true or false');
  if (o.threshold !== undefined) checkThreshold(scope, `${at}.threshold`, o.threshold, d);
  const periods = o.evaluationPeriods ?? d.evaluationPeriods;
  const datapoints =
    o.datapointsToAlarm ?? (o.evaluationPeriods !== undefined ? periods : d.datapointsToAlarm);
  for (const [name, value] of [
    ['evaluationPeriods', o.evaluationPeriods],
    ['datapointsToAlarm', o.datapointsToAlarm],
  ] as const) {
    if (value !== undefined && (!Number.isInteger(value) || value < 1)) {
      throw invalidProp(
        scope,
        `${at}.${name}`,
        `${value} is not a whole number of 1 or more`,
        'Give e.g. 3.',
      );
    }
  }
  if (datapoints > periods) {
    throw invalidProp(
      scope,
      `${at}.datapointsToAlarm`,
      `${datapoints} breaching periods out of ${periods} evaluated can never happen`,
      `Give at most ${periods}, or raise evaluationPeriods.`,
    );
  }
  if (d.periodSeconds < 3600 && periods * d.periodSeconds > MAX_EVALUATION_SECONDS) {
    throw invalidProp(
      scope,
      `${at}.evaluationPeriods`,
      `${periods} periods of ${d.periodSeconds} s evaluate ${periods * d.periodSeconds} s, more than CloudWatch's one day`,
      `Give at most ${Math.floor(MAX_EVALUATION_SECONDS / d.periodSeconds)}.`,
    );
  }
}

const UNIT_MAX: { [unit in ThresholdUnit]?: number } = { percent: 100, ratio: 1 };

/**
 * Throws unless `value` is a threshold an alarm of `d` can fire at: finite, not negative, at
 * most 100 for a percent (1 for a ratio), below the maximum for `>` and above 0 for `<`.
 */
export function checkThreshold(scope: IConstruct, prop: string, value: number, d: AlarmDefinition): void {
  const max = UNIT_MAX[d.unit];
  const range = max === undefined ? `0 or more (${d.unit})` : `from 0 to ${max} (${d.unit})`;
  if (
    typeof value !== 'number' ||
    !Number.isFinite(value) ||
    value < 0 ||
    (max !== undefined && value > max)
  ) {
    throw invalidProp(scope, prop, `${value} is not ${range}`, `Give a ${d.unit} threshold ${range}.`);
  }
  if (d.comparison === cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD && value <= 0) {
    throw invalidProp(
      scope,
      prop,
      `'${d.id}' alarms below the threshold and nothing is below ${value}: the alarm could never fire`,
      'Give a threshold above 0, or set enabled: false.',
    );
  }
  if (
    d.comparison === cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD &&
    max !== undefined &&
    value >= max
  ) {
    throw invalidProp(
      scope,
      prop,
      `'${d.id}' alarms above the threshold and nothing is above ${value} ${d.unit}: the alarm could never fire`,
      `Give a threshold below ${max}, or set enabled: false.`,
    );
  }
}
