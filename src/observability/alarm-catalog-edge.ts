import { ComparisonOperator as Op, TreatMissingData as Missing } from 'aws-cdk-lib/aws-cloudwatch';
import { AlarmDefinition } from './alarm-definition';

/*
 * The alarm catalog, edge tier: CloudFront distributions. Their metrics exist in us-east-1
 * only, with `Region: Global`.
 *
 * No alarm on the web ACL's BlockedRequests: blocking is the web ACL doing its job, and a
 * fixed threshold on it fires on every scanner that visits a small shop; its graph is on the
 * dashboard.
 */

const RECOMMENDED =
  'https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Best_Practice_Recommended_Alarms_AWS_Services.html';

export const EDGE_ALARMS: AlarmDefinition[] = [
  {
    id: 'cloudfront-5xx-rate',
    resourceKind: 'cloudfront-distribution',
    title: 'CloudFront 5XX rate',
    metric: { namespace: 'AWS/CloudFront', metricName: '5xxErrorRate', statistic: 'Average' },
    periodSeconds: 60,
    comparison: Op.GREATER_THAN_THRESHOLD,
    threshold: 5,
    unit: 'percent',
    evaluationPeriods: 5,
    datapointsToAlarm: 5,
    treatMissingData: Missing.NOT_BREACHING,
    why: 'More than 5 % of the requests customers send to the edge get a 5XX, five minutes in a row.',
    source: `${RECOMMENDED}#CloudFront`,
    targets: (r) => [{ suffix: '', dimensions: { Region: 'Global', ...r.dimensions } }],
    shopDown: true,
  },
];
