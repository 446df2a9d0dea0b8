import { ComparisonOperator as Op, TreatMissingData as Missing } from 'aws-cdk-lib/aws-cloudwatch';
import { AlarmDefinition } from './alarm-definition';
import { MonitoredResource } from './monitored-resource';
import { METRIC_NAMESPACE } from '../private/shop-defaults';

/*
 * The alarm catalog, the library's own host (SingleHostShop): the instance status check that
 * reboots it, and the metrics its CloudWatch agent and backup script publish under the library's
 * namespace. They apply only to an instance whose facts say it publishes them (the shop records
 * them); the shop makes these alarms itself, and a ShopObservability over it uses them.
 */

const EC2_METRICS =
  'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/viewing_metrics_with_cloudwatch.html';
const AGENT_METRICS =
  'https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/metrics-collected-by-CloudWatch-agent.html';

/** The mount point and file system of the host's data volume (attach-data-volume.sh). */
export const HOST_DATA_VOLUME = { path: '/data', fstype: 'xfs' };

const publishesAgentMetrics = (r: MonitoredResource) => r.facts.agentNamespace === METRIC_NAMESPACE;

export const HOST_ALARMS: AlarmDefinition[] = [
  {
    id: 'host-instance-status-check',
    resourceKind: 'ec2-instance',
    title: 'Host instance status check (reboots it)',
    // the instance's own check only: a failed system check is EC2's simplified automatic
    // recovery's to handle, and a reboot would not help there
    metric: { namespace: 'AWS/EC2', metricName: 'StatusCheckFailed_Instance', statistic: 'Maximum' },
    periodSeconds: 60,
    comparison: Op.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    threshold: 1,
    unit: 'count',
    evaluationPeriods: 3,
    datapointsToAlarm: 3,
    treatMissingData: Missing.MISSING,
    why: 'The host fails its instance status check three minutes in a row: the shop reboots it.',
    source: EC2_METRICS,
    appliesTo: publishesAgentMetrics,
    appliesToText: "SingleHostShop's host",
  },
  {
    id: 'host-memory',
    resourceKind: 'ec2-instance',
    title: 'Host memory',
    metric: { namespace: METRIC_NAMESPACE, metricName: 'mem_used_percent', statistic: 'Average' },
    periodSeconds: 300,
    comparison: Op.GREATER_THAN_THRESHOLD,
    threshold: 90,
    unit: 'percent',
    evaluationPeriods: 3,
    datapointsToAlarm: 3,
    treatMissingData: Missing.MISSING,
    why: 'The containers use more than 90 % of the memory for 15 minutes: next the kernel kills one.',
    source: AGENT_METRICS,
    appliesTo: publishesAgentMetrics,
    appliesToText: "SingleHostShop's host (its CloudWatch agent)",
  },
  {
    id: 'host-data-disk',
    resourceKind: 'ec2-instance',
    title: 'Host data volume full',
    metric: {
      namespace: METRIC_NAMESPACE,
      metricName: 'disk_used_percent',
      statistic: 'Average',
      extraDimensions: HOST_DATA_VOLUME,
    },
    periodSeconds: 300,
    comparison: Op.GREATER_THAN_THRESHOLD,
    threshold: 85,
    unit: 'percent',
    evaluationPeriods: 3,
    datapointsToAlarm: 3,
    treatMissingData: Missing.MISSING,
    why: 'The data volume (database, uploads) is more than 85 % full; full, PostgreSQL stops.',
    source: AGENT_METRICS,
    appliesTo: publishesAgentMetrics,
    appliesToText: "SingleHostShop's host (its CloudWatch agent)",
  },
  {
    id: 'host-backup',
    resourceKind: 'ec2-instance',
    title: 'Host database backup',
    metric: { namespace: METRIC_NAMESPACE, metricName: 'BackupSucceeded', statistic: 'Sum' },
    periodSeconds: 3600,
    comparison: Op.LESS_THAN_THRESHOLD,
    threshold: 1,
    unit: 'count',
    evaluationPeriods: 26,
    datapointsToAlarm: 26,
    // the script publishes only on success: no data for 26 hours is the failure
    treatMissingData: Missing.BREACHING,
    why: 'No database backup succeeded in 26 hours (the backup runs daily).',
    source: 'https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/publishingMetrics.html',
    appliesTo: (r) => r.facts.backupShopName !== undefined,
    appliesToText: "SingleHostShop's host (its backup script)",
    targets: (r) => [{ suffix: '', dimensions: { Shop: r.facts.backupShopName! } }],
  },
];
