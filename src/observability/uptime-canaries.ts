import * as fs from 'fs';
import * as path from 'path';
import { Duration, Size, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as synthetics from 'aws-cdk-lib/aws-synthetics';
import { Construct } from 'constructs';
import { acknowledgeUptimeFindings } from './uptime-findings';
import { ShopUptimeOptions } from './uptime-options';
import { resolveUptime, UPTIME_RETENTION } from './uptime-validation';
import { privateBucketProps } from '../private/private-bucket';

/*
 * The uptime check: one canary that GETs the shop's URL, the backend's health path and any
 * further paths in one run (a run is priced the same whatever it checks, and each path is a
 * step with its own SuccessPercent by StepName), and one alarm on the canary's SuccessPercent.
 *
 * SuccessPercent is published in the `CloudWatchSynthetics` namespace by `CanaryName` (and by
 * `CanaryName` + `StepName` for steps):
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Synthetics_Canaries_metrics.html
 */

/** The canary script (a plain HTTP(S) check), shipped in the package's assets. */
export const UPTIME_SCRIPT = path.join(__dirname, '..', '..', 'assets', 'uptime', 'uptime-check.js');

/**
 * The newest Node.js runtime aws-cdk-lib 2.257 has that is not deprecated and has no browser:
 * syn-nodejs-3.1 (Lambda Node.js 20.x).
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Synthetics_Library_Nodejs.html
 */
export const UPTIME_RUNTIME = synthetics.Runtime.SYNTHETICS_NODEJS_3_1;

/** The smallest memory Synthetics allows a canary (960 MiB): a GET needs no more. */
const CANARY_MEMORY = Size.mebibytes(960);

/** What `createUptimeCanaries` is given. */
export interface UptimeInput {
  /** The shop's URL, when there is a shop. */
  readonly url?: string;
  readonly options?: ShopUptimeOptions;
  /** Alarm and OK actions notify this topic. */
  readonly topic?: sns.ITopic;
}

/** What `createUptimeCanaries` made: nothing when uptime is off. */
export interface UptimeResources {
  readonly canaries: synthetics.Canary[];
  readonly alarms: cloudwatch.Alarm[];
}

/**
 * The uptime canary and its alarm under `scope/Uptime`, or nothing when uptime is off
 * (`enabled: false`, or no URL). Throws on bad options (see uptime-validation.ts).
 */
export function createUptimeCanaries(scope: Construct, input: UptimeInput): UptimeResources {
  const resolved = resolveUptime(scope, input.url, input.options);
  if (!resolved) return { canaries: [], alarms: [] };

  const uptime = new Construct(scope, 'Uptime');
  const bucket = new s3.Bucket(uptime, 'Artifacts', {
    ...privateBucketProps(),
    lifecycleRules: [
      {
        id: 'expire-artifacts',
        expiration: Duration.days(UPTIME_RETENTION.failureDays),
        noncurrentVersionExpiration: Duration.days(1),
        abortIncompleteMultipartUploadAfter: Duration.days(1),
      },
      { id: 'remove-delete-markers', expiredObjectDeleteMarker: true },
    ],
  });

  const canary = new synthetics.Canary(uptime, 'Canary', {
    runtime: UPTIME_RUNTIME,
    test: synthetics.Test.custom({
      code: synthetics.Code.fromInline(fs.readFileSync(UPTIME_SCRIPT, 'utf8')),
      handler: 'index.handler',
    }),
    schedule: synthetics.Schedule.rate(Duration.minutes(resolved.scheduleMinutes)),
    timeout: Duration.seconds(resolved.runTimeoutSeconds),
    memory: CANARY_MEMORY,
    environmentVariables: {
      UPTIME_CHECKS: Stack.of(scope).toJsonString(resolved.checks),
      UPTIME_TIMEOUT_MS: String(resolved.timeoutSeconds * 1000),
    },
    artifactsBucketLocation: { bucket },
    artifactS3EncryptionMode: synthetics.ArtifactsEncryptionMode.S3_MANAGED,
    successRetentionPeriod: Duration.days(UPTIME_RETENTION.successDays),
    failureRetentionPeriod: Duration.days(UPTIME_RETENTION.failureDays),
    provisionedResourceCleanup: true,
  });

  const period = Duration.minutes(resolved.scheduleMinutes);
  const runs = resolved.failedRunsToAlarm;
  const alarm = new cloudwatch.Alarm(uptime, 'Alarm', {
    alarmDescription:
      `Uptime: ${runs === 1 ? 'a run' : `${runs} runs in a row`} of the uptime canary failed ` +
      `(${resolved.checks.map((c) => c.name).join(', ')}: an answer other than 2xx/3xx, a timeout or missing text). ` +
      'Source: https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Synthetics_Canaries_metrics.html',
    metric: canary.metricSuccessPercent({ period, statistic: 'Average' }),
    threshold: 100,
    comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
    evaluationPeriods: runs,
    datapointsToAlarm: runs,
    // A period without a run (the schedule's jitter across a period boundary) keeps the state.
    treatMissingData: cloudwatch.TreatMissingData.MISSING,
  });
  if (input.topic) {
    const action = new cwActions.SnsAction(input.topic);
    alarm.addAlarmAction(action);
    alarm.addOkAction(action);
  }
  acknowledgeUptimeFindings(bucket, canary);
  return { canaries: [canary], alarms: [alarm] };
}
