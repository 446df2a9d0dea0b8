/**
 * What a synthesized `AWS::CloudWatch::Alarm` does on sample data: its metric (or the metric
 * math expression that returns data, through `metric-math.ts`) evaluated on sample series per
 * query id, then CloudWatch's alarm evaluation: the last `EvaluationPeriods` points, ALARM
 * when at least `DatapointsToAlarm` of them breach the threshold, missing points treated as
 * `TreatMissingData` says (`notBreaching` good, `breaching` bad, `ignore` and `missing` left
 * out: with none left the state stays as it is, or is INSUFFICIENT_DATA).
 * See https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html#alarm-evaluation
 * and https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html#alarms-and-missing-data
 */
import { evaluateSeries, MathValue, Series } from './metric-math';

export type AlarmState = 'ALARM' | 'OK' | 'INSUFFICIENT_DATA' | 'UNCHANGED';

/** The series the alarm evaluates: its metric's samples (keyed by the metric name), or its expression's. */
export function alarmSeries(properties: any, samples: { [idOrMetricName: string]: Series }): Series {
  const length = Math.max(
    ...Object.values(samples).map((s) => s.length),
    Number(properties.EvaluationPeriods),
  );
  const pad = (s: Series | undefined): Series =>
    Array.from({ length }, (_, i) => s?.[i - (length - (s?.length ?? 0))]);
  if (properties.MetricName !== undefined) return pad(samples[properties.MetricName]);
  const values: { [id: string]: MathValue } = {};
  const periodSeconds: { [id: string]: number } = {};
  const queries: any[] = properties.Metrics ?? [];
  for (const q of queries.filter((m) => m.MetricStat)) {
    if (!(q.Id in samples)) throw new Error(`alarm-evaluation: no samples for query '${q.Id}'`);
    values[q.Id] = pad(samples[q.Id]);
    periodSeconds[q.Id] = Number(q.MetricStat.Period);
  }
  const expressions = queries.filter((m) => m.Expression !== undefined);
  // an expression may use another: evaluate until every one has a value
  for (let round = 0; round < expressions.length; round++) {
    for (const e of expressions) {
      if (e.Id in values) continue;
      try {
        values[e.Id] = evaluateSeries(e.Expression, values, { length, periodSeconds });
      } catch (error) {
        if (!/is not a query/.test(String(error)) || round === expressions.length - 1) throw error;
      }
    }
  }
  const returned = queries.filter((q) => q.ReturnData !== false);
  if (returned.length !== 1) throw new Error(`alarm-evaluation: ${returned.length} queries return data`);
  const result = values[returned[0].Id];
  if (typeof result === 'number') return Array.from({ length }, () => result);
  if (result.length > 0 && Array.isArray(result[0])) {
    throw new Error('alarm-evaluation: the expression returns an array of series');
  }
  return result as Series;
}

function breaches(properties: any, value: number): boolean {
  const threshold = Number(properties.Threshold);
  switch (properties.ComparisonOperator) {
    case 'GreaterThanThreshold':
      return value > threshold;
    case 'GreaterThanOrEqualToThreshold':
      return value >= threshold;
    case 'LessThanThreshold':
      return value < threshold;
    case 'LessThanOrEqualToThreshold':
      return value <= threshold;
    default:
      throw new Error(`alarm-evaluation: comparison ${properties.ComparisonOperator} is not implemented`);
  }
}

/** The state the alarm goes to after the last point of `series`. */
export function alarmState(properties: any, series: Series): AlarmState {
  const n = Number(properties.EvaluationPeriods);
  const m = Number(properties.DatapointsToAlarm ?? n);
  const treat = properties.TreatMissingData ?? 'missing';
  const window = series.slice(-n);
  while (window.length < n) window.unshift(undefined);
  const verdicts = window
    .map((v) => {
      if (v !== undefined) return breaches(properties, v);
      if (treat === 'breaching') return true;
      if (treat === 'notBreaching') return false;
      return undefined;
    })
    .filter((v): v is boolean => v !== undefined);
  if (verdicts.length === 0) return treat === 'ignore' ? 'UNCHANGED' : 'INSUFFICIENT_DATA';
  return verdicts.filter((b) => b).length >= m ? 'ALARM' : 'OK';
}

/** The alarm's state on the samples. */
export function alarmStateOn(properties: any, samples: { [idOrMetricName: string]: Series }): AlarmState {
  return alarmState(properties, alarmSeries(properties, samples));
}
