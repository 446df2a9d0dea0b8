import { App, Duration, Stack } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { building, exampleStacks, stacksOf } from './can-fire-fixtures';
import { CachePreset, ShopCache, ShopQueue } from '../../src';
import { checkAlarms } from '../helpers/alarm-publication-check';
import { StackTemplate } from '../helpers/alarm-resolution';

/*
 * The proof that every alarm can fire must fail when an alarm cannot: each case changes one
 * synthesized alarm (a wrong dimension value, a missing or extra dimension, a misspelt metric,
 * a wrong statistic or region, a broken expression, a host without the permission to publish)
 * and expects the check to name the problem.
 */

/** A deep copy of the stacks with `change` applied to the alarm (or scaling policy) whose logical id contains `part`. */
function withAlarm(
  stacks: StackTemplate[],
  part: string,
  change: (properties: any, template: any) => void,
): StackTemplate[] {
  const copy: StackTemplate[] = JSON.parse(JSON.stringify(stacks));
  const found = copy.flatMap((s) =>
    Object.entries<any>(s.template.Resources)
      .filter(
        ([id, r]) =>
          /^AWS::(CloudWatch::Alarm|ApplicationAutoScaling::ScalingPolicy)$/.test(r.Type) &&
          id.includes(part),
      )
      .map(([, r]) => [r, s.template]),
  );
  if (found.length !== 1) {
    throw new Error(`expected one alarm with '${part}' in its id, found ${found.length}`);
  }
  change(found[0][0].Properties, found[0][1]);
  return copy;
}

/** The problems the check reports for one changed example alarm. */
function problemsOf(part: string, change: (properties: any, template: any) => void): string[] {
  return checkAlarms(withAlarm(exampleStacks(), part, change)).mismatches.map((m) => m.problem);
}

const logicalIdOf = (template: any, type: string) => {
  const ids = Object.keys(template.Resources).filter((id) => template.Resources[id].Type === type);
  if (ids.length !== 1) throw new Error(`expected one ${type}, found ${ids.length}`);
  return ids[0];
};
const dimension = (properties: any, name: string) => {
  const list =
    properties.Dimensions ?? properties.Metrics.find((m: any) => m.MetricStat).MetricStat.Metric.Dimensions;
  return list.find((d: any) => d.Name === name);
};

describe('the check reports an alarm that cannot fire', () => {
  test.each<[string, string, (p: any, t: any) => void, RegExp]>([
    [
      "LoadBalancer = the load balancer's ARN (Ref) instead of its full name",
      'backendUnhealthyHosts',
      (p, t) =>
        (dimension(p, 'LoadBalancer').Value = {
          Ref: logicalIdOf(t, 'AWS::ElasticLoadBalancingV2::LoadBalancer'),
        }),
      /LoadBalancer = <AWS::ElasticLoadBalancingV2::LoadBalancer \w+\.Ref>: expected Fn::GetAtt LoadBalancerFullName/,
    ],
    [
      "TargetGroup = the target group's ARN",
      'backendUnhealthyHosts',
      (p) =>
        (dimension(p, 'TargetGroup').Value = { Ref: dimension(p, 'TargetGroup').Value['Fn::GetAtt'][0] }),
      /TargetGroup = .*: expected Fn::GetAtt TargetGroupFullName of an AWS::ElasticLoadBalancingV2::TargetGroup/,
    ],
    [
      'UnHealthyHostCount by LoadBalancer alone (a missing dimension)',
      'backendUnhealthyHosts',
      (p) => (p.Dimensions = p.Dimensions.filter((d: any) => d.Name !== 'TargetGroup')),
      /dimensions \[LoadBalancer\] are not a set AWS\/ApplicationELB UnHealthyHostCount is published under/,
    ],
    [
      'an extra AvailabilityZone dimension of a token value',
      'backendUnhealthyHosts',
      (p) =>
        p.Dimensions.push({ Name: 'AvailabilityZone', Value: { 'Fn::Select': [0, { 'Fn::GetAZs': '' }] } }),
      /AvailabilityZone = <unresolved .*>: expected an Availability Zone name, a literal/,
    ],
    [
      "a misspelt metric name (CDK's old UnhealthyHostCount)",
      'backendUnhealthyHosts',
      (p) => (p.MetricName = 'UnhealthyHostCount'),
      /AWS\/ApplicationELB publishes no metric UnhealthyHostCount/,
    ],
    [
      'a statistic that does not make sense (Average of HTTPCode_Target_5XX_Count)',
      'backendTarget5xxRate',
      (p) => (p.Metrics.find((m: any) => m.Id === 'errors').MetricStat.Stat = 'Average'),
      /statistic Average does not make sense for AWS\/ApplicationELB HTTPCode_Target_5XX_Count/,
    ],
    [
      'an expression naming a query the alarm does not have',
      'backendTarget5xxRate',
      (p) => (p.Metrics[0].Expression = 'IF(requests >= 20, 100 * FILL(failures, 0) / requests, 0)'),
      /expression expr_1 uses 'failures', which is no query of the alarm/,
    ],
    [
      'an expression with a function CloudWatch does not have (a typo)',
      'backendTarget5xxRate',
      (p) => (p.Metrics[0].Expression = 'IF(requests >= 20, 100 * FILLL(errors, 0) / requests, 0)'),
      /the expression cannot be evaluated: metric math: function FILLL is not implemented/,
    ],
    [
      "the worker's backlog scaling by the service's ARN instead of its name",
      'BacklogPerTask',
      (p) => {
        const tasks = p.TargetTrackingScalingPolicyConfiguration.CustomizedMetricSpecification.Metrics.find(
          (m: any) => m.Id === 'tasks',
        );
        const name = tasks.MetricStat.Metric.Dimensions.find((d: any) => d.Name === 'ServiceName');
        name.Value = { 'Fn::GetAtt': [name.Value['Fn::GetAtt'][0], 'ServiceArn'] };
      },
      /ServiceName = <AWS::ECS::Service \w+\.ServiceArn>: expected Fn::GetAtt Name of an AWS::ECS::Service/,
    ],
    [
      'an evaluation range CloudWatch refuses: 5-minute periods over more than a day',
      'MemoryAlarm',
      (p) => (p.EvaluationPeriods = 289),
      /Period 300 s × EvaluationPeriods 289 is over the 1 day\(s\) CloudWatch evaluates/,
    ],
    [
      'more datapoints to alarm than evaluation periods',
      'BackupAlarm',
      (p) => (p.DatapointsToAlarm = 27),
      /DatapointsToAlarm 27 is not 1 to EvaluationPeriods \(26\)/,
    ],
    [
      'SQS QueueName = the queue URL (Ref)',
      'WorkerQueueMessageAge',
      (p) => (dimension(p, 'QueueName').Value = { Ref: dimension(p, 'QueueName').Value['Fn::GetAtt'][0] }),
      /QueueName = .*: expected Fn::GetAtt QueueName of an AWS::SQS::Queue/,
    ],
    [
      'an unknown namespace (a typo)',
      'WorkerQueueMessageAge',
      (p) => (p.Namespace = 'AWS/SQSQueue'),
      /namespace AWS\/SQSQueue is not in the table/,
    ],
    [
      'Step Functions by the state machine name instead of its ARN',
      'ExecutionsFailed',
      (p) =>
        (dimension(p, 'StateMachineArn').Value = {
          'Fn::GetAtt': [dimension(p, 'StateMachineArn').Value.Ref, 'Name'],
        }),
      /StateMachineArn = .*: expected Ref of an AWS::StepFunctions::StateMachine/,
    ],
    [
      'an EC2 instance metric at one minute without detailed monitoring',
      'RebootAlarm',
      (p) => (p.MetricName = 'CPUUtilization'),
      /period 60 s is shorter than the 300 s CPUUtilization is published at/,
    ],
    [
      "the CloudWatch agent's memory metric by another instance",
      'MemoryAlarm',
      (p) => (dimension(p, 'InstanceId').Value = { Ref: 'SomeOtherInstance' }),
      /InstanceId = <unresolved SomeOtherInstance\.Ref>/,
    ],
    [
      "the agent's memory metric with the host dimension (the agent drops it with append_dimensions)",
      'MemoryAlarm',
      (p) => p.Dimensions.push({ Name: 'host', Value: 'ip-10-0-0-1' }),
      /dimensions \[InstanceId, host\] are not a set CdkShop mem_used_percent is published under \(\[InstanceId\]\)/,
    ],
    [
      'the data disk alarm on a path the agent does not collect',
      'DataDiskAlarm',
      (p) => (dimension(p, 'path').Value = '/'),
      /path = \/: expected a mount point of \/data/,
    ],
    [
      'the data disk alarm with another file system type',
      'DataDiskAlarm',
      (p) => (dimension(p, 'fstype').Value = 'ext4'),
      /fstype = ext4: expected the file system attach-data-volume.sh makes/,
    ],
    [
      "the backup alarm on another shop's name",
      'BackupAlarm',
      (p) => (dimension(p, 'Shop').Value = 'shop'),
      /Shop = shop: expected the host's SHOP_NAME/,
    ],
    [
      'an agent metric the configuration does not collect',
      'MemoryAlarm',
      (p) => (p.MetricName = 'swap_used_percent'),
      /CdkShop publishes no metric swap_used_percent/,
    ],
  ])('%s', (_name, part, change, problem) => {
    const problems = problemsOf(part, change);
    expect(problems).toContainEqual(expect.stringMatching(problem));
  });

  test('ElastiCache node metrics: by member cluster <group>-001 fire, by the group id or a member it lacks not', () => {
    const stacks = building((stack, network) => {
      const cache = new ShopCache(stack, 'Cache', { vpc: network.vpc, preset: CachePreset.MULTI_AZ });
      const metric = (id: string) =>
        new cloudwatch.Metric({
          namespace: 'AWS/ElastiCache',
          metricName: 'EngineCPUUtilization',
          dimensionsMap: { CacheClusterId: id },
          statistic: 'Maximum',
          period: Duration.minutes(1),
        });
      const alarm = (name: string, id: string) =>
        new cloudwatch.Alarm(stack, name, { metric: metric(id), threshold: 90, evaluationPeriods: 5 });
      alarm('Member1', `${cache.replicationGroup.ref}-001`);
      alarm('Member2', `${cache.replicationGroup.ref}-002`);
      alarm('Member3', `${cache.replicationGroup.ref}-003`);
      alarm('Group', cache.replicationGroup.ref);
      new cloudwatch.CompositeAlarm(stack, 'AnyMember', {
        alarmRule: cloudwatch.AlarmRule.anyOf(
          ...['Member1', 'Member2'].map((id) =>
            cloudwatch.AlarmRule.fromAlarm(
              stack.node.findChild(id) as cloudwatch.Alarm,
              cloudwatch.AlarmState.ALARM,
            ),
          ),
        ),
      });
      new cloudwatch.CompositeAlarm(stack, 'Nothing', {
        alarmRule: cloudwatch.AlarmRule.fromString('ALARM("no-such-alarm")'),
      });
    });
    const report = checkAlarms(stacks);
    expect(report.alarms).toBe(4);
    expect(report.composites).toBe(2);
    const byAlarm = (id: string) =>
      report.mismatches.filter((m) => m.alarm.startsWith(id)).map((m) => m.problem);
    expect(byAlarm('Member1')).toEqual([]);
    expect(byAlarm('Member2')).toEqual([]);
    expect(byAlarm('Member3')).toEqual([
      expect.stringMatching(/CacheClusterId = .*-003: .*member 003 of a group of 2/),
    ]);
    expect(byAlarm('Group')).toEqual([
      expect.stringMatching(
        /CacheClusterId = <AWS::ElastiCache::ReplicationGroup \w+\.Ref>: expected Ref of an AWS::ElastiCache::ReplicationGroup followed by/,
      ),
    ]);
    expect(byAlarm('AnyMember')).toEqual([]);
    expect(byAlarm('Nothing')).toEqual(["operand 'no-such-alarm' names no alarm of the stacks"]);
  });

  test('CloudFront metrics: Region=Global, and the alarm in us-east-1', () => {
    const alarmOn = (region: string, dimensions: Record<string, string>) => {
      const app = new App();
      const stack = new Stack(app, 'Edge', { env: { region, account: '111122223333' } });
      const distribution = new cloudfront.Distribution(stack, 'Distribution', {
        defaultBehavior: { origin: new origins.HttpOrigin('origin.example.com') },
      });
      new cloudwatch.Alarm(stack, 'Errors', {
        metric: new cloudwatch.Metric({
          namespace: 'AWS/CloudFront',
          metricName: '5xxErrorRate',
          dimensionsMap: { DistributionId: distribution.distributionId, ...dimensions },
          statistic: 'Average',
          region,
        }),
        threshold: 5,
        evaluationPeriods: 5,
      });
      return checkAlarms(stacksOf(app)).mismatches.map((m) => m.problem);
    };
    expect(alarmOn('us-east-1', { Region: 'Global' })).toEqual([]);
    expect(alarmOn('eu-west-1', { Region: 'Global' })).toEqual([
      'AWS/CloudFront is published in us-east-1 only; it is read in eu-west-1',
    ]);
    expect(alarmOn('us-east-1', {})).toEqual([
      expect.stringMatching(
        /dimensions \[DistributionId\] are not a set AWS\/CloudFront 5xxErrorRate is published under \(\[DistributionId, Region\]\)/,
      ),
    ]);
  });
});

test('dashboard graphs are checked too: their metrics, statistics, periods and regions', () => {
  const stacks = building((stack, _network, topic) => {
    const jobs = new ShopQueue(stack, 'Jobs', {
      expectedProcessingTime: Duration.seconds(20),
      alarmTopic: topic,
    });
    const visible = jobs.queue.metricApproximateNumberOfMessagesVisible({
      statistic: 'Maximum',
      period: Duration.minutes(1),
    });
    const distribution = new cloudfront.Distribution(stack, 'Distribution', {
      defaultBehavior: { origin: new origins.HttpOrigin('origin.example.com') },
    });
    const requests = (region: string) =>
      new cloudwatch.Metric({
        namespace: 'AWS/CloudFront',
        metricName: 'Requests',
        dimensionsMap: { DistributionId: distribution.distributionId, Region: 'Global' },
        statistic: 'Sum',
        region,
      });
    const dashboard = new cloudwatch.Dashboard(stack, 'Dashboard');
    dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'good',
        left: [
          visible,
          requests('us-east-1'),
          new cloudwatch.MathExpression({ expression: 'FILL(v, 0) * 2', usingMetrics: { v: visible } }),
        ],
      }),
      new cloudwatch.GraphWidget({
        title: 'bad',
        left: [
          new cloudwatch.Metric({
            namespace: 'AWS/SQS',
            metricName: 'ApproximateNumberOfMessagesVisible',
            dimensionsMap: { QueueName: jobs.queue.queueUrl },
          }),
          requests('eu-west-1'),
        ],
      }),
    );
  });
  const report = checkAlarms(stacks);
  expect(report.dashboardGraphs).toBe(2);
  expect(report.mismatches.map((m) => [m.alarm.replace(/^Dashboard\w+ /, ''), m.problem])).toEqual([
    [
      "widget 1 'bad'",
      expect.stringMatching(/^QueueName = <AWS::SQS::Queue \w+\.Ref>: expected Fn::GetAtt QueueName/),
    ],
    ["widget 1 'bad'", 'AWS/CloudFront is published in us-east-1 only; it is read in eu-west-1'],
  ]);
});

describe('what the alarms rely on besides their metric', () => {
  /** The mismatches of the example stacks after `change` to the template of `stackName`. */
  const after = (stackName: string, change: (resources: any) => void) => {
    const copy: StackTemplate[] = JSON.parse(JSON.stringify(exampleStacks()));
    change(copy.find((s) => s.name === stackName)!.template.Resources);
    return checkAlarms(copy).mismatches;
  };

  test("the host's metrics need its role to put metric data in their namespace", () => {
    const mismatches = after('ExampleSingleHostShop', (resources) => {
      for (const r of Object.values<any>(resources)) {
        if (r.Type !== 'AWS::IAM::Policy') continue;
        for (const st of r.Properties.PolicyDocument.Statement) {
          if (st.Condition?.StringEquals?.['cloudwatch:namespace']) {
            st.Condition.StringEquals['cloudwatch:namespace'] = 'Other';
          }
        }
      }
    });
    const alarms = [...new Set(mismatches.map((m) => m.alarm.replace(/[0-9A-F]{8}$/, '')))].sort();
    expect(alarms).toEqual(['ShopBackupAlarm', 'ShopDataDiskAlarm', 'ShopMemoryAlarm']);
    expect(mismatches[0].problem).toMatch(
      /^the role of ShopInstance\w+ may not put metric data in CdkShop: nothing is published$/,
    );
  });

  test('an ECS deployment alarm name that is no alarm is reported', () => {
    const mismatches = after('ExampleFargateShop', (resources) => {
      const service = Object.values<any>(resources).find(
        (r) => r.Properties?.DeploymentConfiguration?.Alarms,
      );
      service.Properties.DeploymentConfiguration.Alarms.AlarmNames[0] += '-typo';
    });
    expect(mismatches).toEqual([
      expect.objectContaining({
        metric: 'deployment alarms',
        problem: expect.stringMatching(
          /^the service's deployment alarm "ExampleFargateShop-Shop-\w+-target-5xx-typo" is no alarm of the stacks$/,
        ),
      }),
    ]);
  });
});
