import { App, Stack, Token } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { BadInput, expectRejected } from './bad-input-helpers';
import { BASIC, container, environment, logicalId, PRODUCTS, shopStack } from './fargate-fixtures';
import { CostEstimator, FargateShop, FargateShopPreset, FargateShopProps } from '../../../src';
import { FARGATE_TASK_SIZES } from '../../../src/shop/fargate/fargate-sizes';
import { guardFindings } from '../../helpers/guard';
import { expectNagClean } from '../../helpers/nag';

const SERVICES: [string, string][] = [
  ['Storefront', 'storefront'],
  ['Backend', 'backend'],
  ['Worker', 'worker'],
  ['Products', 'products'],
];
const TRACED: FargateShopProps = {
  ...BASIC,
  worker: {},
  preset: FargateShopPreset.HIGHLY_AVAILABLE,
  services: [{ name: 'products', image: PRODUCTS, port: 8000, pathPatterns: ['/products/*'] }],
};

/**
 * The block-style YAML subset the collector config is written in: nested maps by two-space
 * indentation, plain scalars, flow lists `[a, b]` and the empty map `{}`. Anything else throws.
 */
function parseYaml(text: string): any {
  const root: any = {};
  const stack: { indent: number; node: any }[] = [{ indent: -1, node: root }];
  for (const line of text.split('\n').filter((l) => l.trim() !== '')) {
    const m = /^( *)([A-Za-z_][\w.]*):(?: (.*))?$/.exec(line);
    if (!m) throw new Error(`not in the YAML subset: '${line}'`);
    const indent = m[1].length;
    while (stack[stack.length - 1].indent >= indent) stack.pop();
    const parent = stack[stack.length - 1].node;
    const raw = m[3];
    if (raw === undefined) {
      parent[m[2]] = {};
      stack.push({ indent, node: parent[m[2]] });
    } else if (raw === '{}') {
      parent[m[2]] = {};
    } else if (/^\[.*\]$/.test(raw)) {
      parent[m[2]] = raw
        .slice(1, -1)
        .split(',')
        .map((x) => x.trim());
    } else {
      parent[m[2]] = raw;
    }
  }
  return root;
}

function taskDefinition(template: Template, part: string): any {
  return template.toJSON().Resources[logicalId(template, 'AWS::ECS::TaskDefinition', part)];
}

function statementsOf(template: Template, roleId: string): any[] {
  return Object.values<any>(template.toJSON().Resources)
    .filter((r) => r.Type === 'AWS::IAM::Policy' && r.Properties.Roles.some((x: any) => x.Ref === roleId))
    .flatMap((r) => r.Properties.PolicyDocument.Statement);
}

describe('FargateShop tracing', () => {
  const { template, stack } = shopStack(TRACED);

  test.each(SERVICES)(
    '%s: an ADOT collector sidecar, not essential, pinned, read-only, non-root, logged to the service log group',
    (part, name) => {
      const collector = container(template, part, 'otel-collector');
      expect(collector.Image).toMatch(
        /^public\.ecr\.aws\/aws-observability\/aws-otel-collector:v\d+\.\d+\.\d+$/,
      );
      expect(collector.Essential).toBe(false);
      expect(collector.ReadonlyRootFilesystem).toBe(true);
      expect(collector.User).toBe('10001');
      expect(collector.Memory).toBe(128);
      expect(collector.HealthCheck.Command).toEqual(['CMD', '/healthcheck']);
      const app = container(template, part, name);
      expect(collector.LogConfiguration.Options['awslogs-group']).toEqual(
        app.LogConfiguration.Options['awslogs-group'],
      );
      expect(collector.LogConfiguration.Options['awslogs-stream-prefix']).toBe('otel-collector');
      // no container waits for the collector: it can never keep the shop from starting
      const definitions = taskDefinition(template, part).Properties.ContainerDefinitions as any[];
      expect(definitions.flatMap((d) => d.DependsOn ?? []).map((d: any) => d.ContainerName)).not.toContain(
        'otel-collector',
      );
    },
  );

  test.each(SERVICES)(
    '%s: the collector memory is carved out of the task, whose size stays a Fargate size',
    (part, name) => {
      const task = taskDefinition(template, part).Properties;
      const app = container(template, part, name);
      expect(app.Memory).toBe(Number(task.Memory) - 128);
      expect(FARGATE_TASK_SIZES[Number(task.Cpu)]).toContain(Number(task.Memory));
    },
  );

  test.each(SERVICES)(
    '%s: the app container sends OTLP to the sidecar, X-Ray and W3C propagation, 5 %% sampling',
    (part, name) => {
      const env = environment(container(template, part, name));
      expect(env).toMatchObject({
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://localhost:4318',
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
        OTEL_SERVICE_NAME: name,
        OTEL_RESOURCE_ATTRIBUTES: 'service.namespace=Stack',
        OTEL_PROPAGATORS: 'tracecontext,baggage,xray',
        OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
        OTEL_TRACES_SAMPLER_ARG: '0.05',
        OTEL_METRICS_EXPORTER: 'none',
        OTEL_LOGS_EXPORTER: 'none',
      });
    },
  );

  test('the collector config: OTLP on localhost only, a traces pipeline to X-Ray in the stack region, a health endpoint', () => {
    const env = environment(container(template, 'Backend', 'otel-collector'));
    const config = parseYaml(env.AOT_CONFIG_CONTENT);
    expect(config.receivers.otlp.protocols).toEqual({
      grpc: { endpoint: 'localhost:4317' },
      http: { endpoint: 'localhost:4318' },
    });
    expect(config.exporters).toEqual({ awsxray: { region: 'us-east-1' } });
    expect(Object.keys(config.service.pipelines)).toEqual(['traces']);
    expect(config.service.pipelines.traces).toEqual({
      receivers: ['otlp'],
      processors: ['memory_limiter', 'batch'],
      exporters: ['awsxray'],
    });
    expect(config.service.extensions).toEqual(['health_check']);
    expect(config.extensions.health_check.endpoint).toBe('localhost:13133');
  });

  test('the task role may write traces and read sampling rules, nothing more; the execution role no X-Ray', () => {
    for (const [part] of SERVICES) {
      const taskRole = logicalId(template, 'AWS::IAM::Role', `${part}TaskRole`);
      const xray = statementsOf(template, taskRole).filter((s) => JSON.stringify(s.Action).includes('xray:'));
      expect(xray).toEqual([
        {
          Effect: 'Allow',
          Action: [
            'xray:PutTraceSegments',
            'xray:PutTelemetryRecords',
            'xray:GetSamplingRules',
            'xray:GetSamplingTargets',
          ],
          Resource: '*',
        },
      ]);
      const executionRole = logicalId(template, 'AWS::IAM::Role', `${part}ExecutionRole`);
      expect(JSON.stringify(statementsOf(template, executionRole))).not.toContain('xray:');
    }
    expect(stack).toBeDefined();
  });

  test('the cost estimator sees the sidecars and prices the traces at the sampling ratio of the template', () => {
    const estimate = new CostEstimator({ requestsPerMonth: SERVICES.length * 1_000_000 }).estimateTemplate(
      template.toJSON(),
      'Stack',
    );
    const traces = estimate.lines.filter(
      (l) => l.description === 'X-Ray traces recorded (ADOT collector sidecar)',
    );
    expect(traces).toHaveLength(SERVICES.length);
    // each service's million requests at the default samplingRatio 0.05: 50,000 traces
    expect(traces.map((l) => l.quantity)).toEqual(SERVICES.map(() => 0.05));
    // samplingRatio 0.5 in the template: ten times as many
    const { template: half } = shopStack({ ...TRACED, tracing: { samplingRatio: 0.5 } });
    const halfTraces = new CostEstimator({ requestsPerMonth: SERVICES.length * 1_000_000 })
      .estimateTemplate(half.toJSON(), 'Stack')
      .lines.filter((l) => l.description === 'X-Ray traces recorded (ADOT collector sidecar)');
    expect(halfTraces.map((l) => l.quantity)).toEqual(SERVICES.map(() => 0.5));
  });

  test('off in DEVELOPMENT; enabled: true turns it on, enabled: false off in HIGHLY_AVAILABLE', () => {
    const count = (t: Template) =>
      Object.values<any>(t.findResources('AWS::ECS::TaskDefinition')).filter((r) =>
        r.Properties.ContainerDefinitions.some((d: any) => d.Name === 'otel-collector'),
      ).length;
    expect(count(shopStack(BASIC).template)).toBe(0);
    expect(count(shopStack({ ...BASIC, tracing: { enabled: true } }).template)).toBe(2);
    const off = shopStack({ ...TRACED, tracing: { enabled: false } }).template;
    expect(count(off)).toBe(0);
    expect(JSON.stringify(off.toJSON())).not.toContain('OTEL_');
    expect(container(off, 'Backend', 'backend').Memory).toBe(2048);
    expect(FargateShopPreset.HIGHLY_AVAILABLE.tracing).toBe(true);
    expect(FargateShopPreset.DEVELOPMENT.tracing).toBe(false);
  });

  test('samplingRatio and collectorMemoryMiB are applied; the user environment wins', () => {
    const { template: t } = shopStack({
      ...BASIC,
      backend: { image: BASIC.backend!.image, environment: { OTEL_SERVICE_NAME: 'medusa-api' } },
      tracing: { enabled: true, samplingRatio: 1, collectorMemoryMiB: 256 },
    });
    const env = environment(container(t, 'Backend', 'backend'));
    expect(env.OTEL_SERVICE_NAME).toBe('medusa-api');
    expect(env.OTEL_TRACES_SAMPLER_ARG).toBe('1');
    expect(container(t, 'Backend', 'otel-collector').Memory).toBe(256);
    expect(container(t, 'Backend', 'backend').Memory).toBe(2048 - 256);
    expect(container(t, 'Storefront', 'storefront').Memory).toBe(1024 - 256);
  });

  test('an environment-agnostic stack: the collector exports to the deploy region', () => {
    const app = new App();
    const agnostic = new Stack(app, 'Agnostic');
    new FargateShop(agnostic, 'Shop', { ...BASIC, tracing: { enabled: true } });
    const env = environment(container(Template.fromStack(agnostic), 'Backend', 'otel-collector'));
    expect(JSON.stringify(env.AOT_CONFIG_CONTENT)).toContain('{"Ref":"AWS::Region"}');
  });

  test('cdk-nag and cfn-guard clean with tracing on (acknowledgements reasoned)', () => {
    const app = new App({ context: { 'aws:cdk:disable-creation-stack-traces': true } });
    const traced = new Stack(app, 'Traced', { env: { region: 'us-east-1' } });
    new FargateShop(traced, 'Shop', { ...BASIC, worker: {}, tracing: { enabled: true } });
    expectNagClean(traced);
    expect(guardFindings(app, 'Traced')).toEqual([]);
  });
});

describe('FargateShop tracing: bad input', () => {
  expectRejected(<BadInput[]>[
    [
      'a ratio above 1',
      { ...BASIC, tracing: { enabled: true, samplingRatio: 1.5 } },
      'tracing.samplingRatio',
      /1.5 is not a share from 0 to 1/,
    ],
    [
      'a negative ratio',
      { ...BASIC, tracing: { enabled: true, samplingRatio: -0.1 } },
      'tracing.samplingRatio',
      /-0.1 is not a share/,
    ],
    [
      'a ratio that is a token',
      { ...BASIC, tracing: { enabled: true, samplingRatio: Token.asNumber({ Ref: 'Ratio' }) } },
      'tracing.samplingRatio',
      /is a token/,
    ],
    [
      'too little collector memory',
      { ...BASIC, tracing: { enabled: true, collectorMemoryMiB: 32 } },
      'tracing.collectorMemoryMiB',
      /32 is not a whole number from 64/,
    ],
    [
      'a collector taking more than half a task',
      { ...BASIC, tracing: { enabled: true, collectorMemoryMiB: 600 } },
      'tracing.collectorMemoryMiB',
      /more than half the 1024 MiB task of the storefront service/,
    ],
    [
      'a fraction of a MiB',
      { ...BASIC, tracing: { enabled: true, collectorMemoryMiB: 100.5 } },
      'tracing.collectorMemoryMiB',
      /not a whole number/,
    ],
    [
      'a ratio with tracing off',
      { ...BASIC, tracing: { enabled: false, samplingRatio: 0.5 } },
      'tracing.samplingRatio',
      /tracing.enabled is false/,
    ],
    [
      'a field while the preset leaves tracing off',
      { ...BASIC, tracing: { collectorMemoryMiB: 256 } },
      'tracing.collectorMemoryMiB',
      /the DEVELOPMENT preset/,
    ],
  ]);
});
