import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { createUptimeCanaries, UptimeInput } from '../../src/observability/uptime-canaries';
import { guardFindings } from '../helpers/guard';
import { acknowledgements, expectNagClean } from '../helpers/nag';

function synth(input: (stack: Stack) => UptimeInput, outdir?: string) {
  const app = new App(outdir ? { outdir } : {});
  const stack = new Stack(app, 'Stack');
  const made = createUptimeCanaries(stack, input(stack));
  return { app, stack, made, template: Template.fromStack(stack) };
}

const URL_ONLY = () => ({ url: 'https://shop.example.com' });

describe('createUptimeCanaries', () => {
  test('one canary on syn-nodejs-3.1 checks the storefront and /health every 15 minutes', () => {
    const { template, made } = synth(URL_ONLY);
    expect(made.canaries).toHaveLength(1);
    expect(made.alarms).toHaveLength(1);
    template.resourceCountIs('AWS::Synthetics::Canary', 1);
    template.hasResourceProperties('AWS::Synthetics::Canary', {
      RuntimeVersion: 'syn-nodejs-3.1',
      Schedule: { Expression: 'rate(15 minutes)' },
      Code: {
        Handler: 'index.handler',
        Script: fs.readFileSync(path.join(__dirname, '../../assets/uptime/uptime-check.js'), 'utf8'),
      },
      RunConfig: {
        MemoryInMB: 960,
        TimeoutInSeconds: 2 * 10 + 30,
        EnvironmentVariables: {
          UPTIME_CHECKS: JSON.stringify([
            { name: 'storefront', url: 'https://shop.example.com/' },
            { name: 'health', url: 'https://shop.example.com/health' },
          ]),
          UPTIME_TIMEOUT_MS: '10000',
        },
      },
      ArtifactConfig: { S3Encryption: { EncryptionMode: 'SSE_S3' } },
      SuccessRetentionPeriod: 7,
      FailureRetentionPeriod: 31,
      ProvisionedResourceCleanup: 'AUTOMATIC',
    });
  });

  test('the alarm watches SuccessPercent of that canary by CanaryName, below 100 on one failed run', () => {
    const { template, stack, made } = synth(URL_ONLY);
    const canaryId = stack.getLogicalId(made.canaries[0].node.defaultChild as any);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'CloudWatchSynthetics',
      MetricName: 'SuccessPercent',
      Dimensions: [{ Name: 'CanaryName', Value: { Ref: canaryId } }],
      Statistic: 'Average',
      Period: 900,
      Threshold: 100,
      ComparisonOperator: 'LessThanThreshold',
      EvaluationPeriods: 1,
      DatapointsToAlarm: 1,
      TreatMissingData: 'missing',
    });
  });

  test('schedule, timeout, paths, expected text and failed runs are honoured', () => {
    const { template } = synth(() => ({
      url: 'http://203.0.113.10/',
      options: {
        schedule: Duration.minutes(5),
        timeout: Duration.seconds(20),
        healthPath: '/healthz',
        paths: ['/store/products'],
        expectedText: 'Acme',
        failedRunsToAlarm: 3,
      },
    }));
    template.hasResourceProperties('AWS::Synthetics::Canary', {
      Schedule: { Expression: 'rate(5 minutes)' },
      RunConfig: Match.objectLike({
        TimeoutInSeconds: 3 * 20 + 30,
        EnvironmentVariables: {
          UPTIME_CHECKS: JSON.stringify([
            { name: 'storefront', url: 'http://203.0.113.10/', expectedText: 'Acme' },
            { name: 'health', url: 'http://203.0.113.10/healthz' },
            { name: 'path-1', url: 'http://203.0.113.10/store/products' },
          ]),
          UPTIME_TIMEOUT_MS: '20000',
        },
      }),
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Period: 300,
      EvaluationPeriods: 3,
      DatapointsToAlarm: 3,
    });
  });

  test('checkHealthPath: false checks the URL only', () => {
    const { template } = synth(() => ({
      url: 'https://shop.example.com',
      options: { checkHealthPath: false },
    }));
    template.hasResourceProperties('AWS::Synthetics::Canary', {
      RunConfig: Match.objectLike({
        EnvironmentVariables: Match.objectLike({
          UPTIME_CHECKS: JSON.stringify([{ name: 'storefront', url: 'https://shop.example.com/' }]),
        }),
      }),
    });
  });

  test("a URL made of tokens (the shop's address) is resolved at deploy time", () => {
    const { template, stack } = synth((s) => {
      const ip = new ec2.CfnEIP(s, 'Ip');
      return { url: `http://${ip.attrPublicIp}` };
    });
    const json = JSON.stringify(stack.resolve(template.findResources('AWS::Synthetics::Canary')));
    expect(json).toContain('PublicIp');
    expect(json).toContain('/health');
  });

  test('the topic gets alarm and OK actions', () => {
    const { template, stack } = synth((s) => ({ ...URL_ONLY(), topic: new sns.Topic(s, 'Topic') }));
    const topicId = stack.getLogicalId(stack.node.findChild('Topic').node.defaultChild as any);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmActions: [{ Ref: topicId }],
      OKActions: [{ Ref: topicId }],
    });
  });

  test('the artifacts bucket is encrypted, private, TLS only, retained and expires artifacts after 31 days', () => {
    const { template } = synth(URL_ONLY);
    template.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
        },
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        LifecycleConfiguration: {
          Rules: Match.arrayWith([
            Match.objectLike({ ExpirationInDays: 31, NoncurrentVersionExpiration: { NoncurrentDays: 1 } }),
          ]),
        },
      }),
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  test('the canary role writes only to its own bucket and only CloudWatchSynthetics metrics', () => {
    const { template, stack, made } = synth(URL_ONLY);
    const bucketId = stack.getLogicalId(made.canaries[0].artifactsBucket.node.defaultChild as any);
    const roles = template.findResources('AWS::IAM::Role');
    const statements = Object.values(roles).flatMap((r: any) =>
      r.Properties.Policies.flatMap((p: any) => p.PolicyDocument.Statement),
    );
    const put = statements.find((s: any) => s.Action === 's3:PutObject');
    expect(JSON.stringify(put.Resource)).toContain(bucketId);
    const metrics = statements.find((s: any) => s.Action === 'cloudwatch:PutMetricData');
    expect(metrics.Condition).toEqual({ StringEquals: { 'cloudwatch:namespace': 'CloudWatchSynthetics' } });
    expect(
      statements
        .filter((s: any) => s.Resource === '*')
        .map((s: any) => s.Action)
        .sort(),
    ).toEqual(['cloudwatch:PutMetricData', 's3:ListAllMyBuckets']);
  });

  test('off with no URL, and off with enabled: false', () => {
    const none = synth(() => ({}));
    expect(none.made).toEqual({ canaries: [], alarms: [] });
    none.template.resourceCountIs('AWS::Synthetics::Canary', 0);
    const off = synth(() => ({ url: 'https://shop.example.com', options: { enabled: false } }));
    expect(off.made.canaries).toEqual([]);
    off.template.resourceCountIs('AWS::S3::Bucket', 0);
  });
});

describe('the uptime canary passes cdk-nag and cfn-guard', () => {
  // ShopObservability always gives a topic: an alarm without an action is a finding of its own.
  const WITH_TOPIC = (s: Stack) => ({
    ...URL_ONLY(),
    topic: new sns.Topic(s, 'Topic', {
      enforceSSL: true,
      masterKey: kms.Alias.fromAliasName(s, 'SnsKey', 'alias/aws/sns'),
    }),
  });

  test('AwsSolutions and NIST 800-53 R5, every acknowledgement with a reason', () => {
    const { app } = synth(WITH_TOPIC);
    expectNagClean(app);
    expect(
      acknowledgements(app).filter((a) => a.path.startsWith('Stack/Uptime')).length,
    ).toBeGreaterThanOrEqual(10);
  });

  test('cfn-guard with the Control Tower proactive rules', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-shop-uptime-'));
    try {
      const { app } = synth(WITH_TOPIC, outdir);
      expect(guardFindings(app, 'Stack')).toEqual([]);
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });
});
