/**
 * What this library's own code publishes to CloudWatch, derived from what a deployment runs so
 * the check follows the code: the CloudWatch agent's configuration in each instance's user data
 * (namespace, metrics, dimensions), and the backup script's `put-metric-data` (its metric and
 * dimension names read from the script, their values from the host's environment file in the
 * user data).
 *
 * CloudWatch agent: a measurement `m` of plugin `p` is published as `p_m`; the disk plugin adds
 * the `path`, `fstype` and (unless `drop_device`) `device` dimensions; the agent adds `host`
 * (omit_hostname is false on EC2) unless `append_dimensions` is set: its EC2 tagger then adds
 * `InstanceId` (`${aws:InstanceId}`) and the others and removes `host` (the agent's source,
 * aws/amazon-cloudwatch-agent plugins/processors/ec2tagger/ec2tagger.go: "If append_dimensions
 * are applied, then remove the host dimension"); `aggregation_dimensions` adds further sets.
 * See https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch-Agent-Configuration-File-Details.html
 * and https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/metrics-collected-by-CloudWatch-agent.html
 */
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';
import { describeValue, StackTemplate, TemplateResolver } from './alarm-resolution';
import { MetricPublication, NamespacePublication, ValueSource } from './metric-publications';

const AGENT_CONFIG = '/opt/aws/amazon-cloudwatch-agent/etc/amazon-cloudwatch-agent.json';
const HOST_ENV = '/etc/cdk-shop/host.env';
const HOST_ASSETS = path.join(__dirname, '..', '..', 'assets', 'host');
const AGENT_DOCS =
  'https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch-Agent-Configuration-File-Details.html';
const ALL_STATS = ['Average', 'Minimum', 'Maximum', 'Sum', 'SampleCount'];

/** The `write_files` of a `#cloud-config` user data, decoded (gz+b64 or literal block). */
export function cloudConfigFiles(text: string): { [path: string]: string } {
  const files: { [path: string]: string } = {};
  const entries = text.split(/\n {2}- path: /).slice(1);
  for (const entry of entries) {
    const lines = entry.split('\n');
    const filePath = lines[0].trim();
    const encoded = lines.some((l) => l.trim() === 'encoding: gz+b64');
    const at = lines.findIndex((l) => l.startsWith('    content:'));
    if (at < 0) continue;
    if (encoded) {
      const data = lines[at].replace('    content:', '').trim();
      files[filePath] = zlib.gunzipSync(Buffer.from(data, 'base64')).toString();
    } else {
      const body: string[] = [];
      for (const l of lines.slice(at + 1)) {
        if (!l.startsWith('      ')) break;
        body.push(l.slice(6));
      }
      files[filePath] = body.join('\n') + '\n';
    }
  }
  return files;
}

/** The user data of an instance as text; every reference is replaced by `{{Type Id.Attr}}` (JSON-safe). */
function userDataText(resolver: TemplateResolver, userData: unknown): string {
  const inner = (userData as any)?.['Fn::Base64'] ?? userData;
  return resolver
    .resolve(inner)
    .map((p) => ('literal' in p ? p.literal : `{{${describeValue([p]).slice(1, -1)}}}`))
    .join('');
}

function agentMetricName(plugin: string, measurement: any): string {
  const name = typeof measurement === 'string' ? measurement : (measurement.rename ?? measurement.name);
  if (typeof measurement !== 'string' && measurement.rename) return measurement.rename;
  return name.startsWith(`${plugin}_`) ? name : `${plugin}_${name}`;
}

/** The dimensions each agent plugin adds itself, for the plugins the library configures. */
function pluginDimensions(plugin: string, config: any): { [name: string]: ValueSource[] } {
  switch (plugin) {
    case 'mem':
    case 'swap':
      return {};
    case 'disk': {
      const resources: string[] = config.resources ?? ['*'];
      const dims: { [name: string]: ValueSource[] } = {
        path: resources.map((r) =>
          literal(r === '*' ? /^\/.*/ : exactly(r), `a mount point of ${resources.join(', ')}`),
        ),
        fstype: [literal(exactly(dataVolumeFileSystem()), 'the file system attach-data-volume.sh makes')],
      };
      if (!config.drop_device) dims.device = [literal(/^[\w-]+$/, 'a device name')];
      return dims;
    }
    default:
      throw new Error(
        `library-publications: the CloudWatch agent plugin '${plugin}' is not known here; add its dimensions`,
      );
  }
}

/** The file system type the data volume gets (`mkfs.<type>` in the attach script). */
function dataVolumeFileSystem(): string {
  const script = fs.readFileSync(path.join(HOST_ASSETS, 'attach-data-volume.sh'), 'utf8');
  const types = [...script.matchAll(/\bmkfs\.(\w+)/g)].map((m) => m[1]);
  if (new Set(types).size !== 1) {
    throw new Error(`attach-data-volume.sh: expected one mkfs type, found ${types.join(', ')}`);
  }
  return types[0];
}

const literal = (value: RegExp, what: string): ValueSource => ({ kind: 'literal', value, what });
const exactly = (text: string) => new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`);

/** The CloudWatch agent's publications for one instance, from its configuration. */
export function agentPublication(
  config: any,
  instance: { logicalId: string; type: string },
): NamespacePublication {
  const metricsConfig = config.metrics ?? {};
  const append: Record<string, string> = metricsConfig.append_dimensions ?? {};
  const appended: { [name: string]: ValueSource[] } = {};
  for (const [name, value] of Object.entries(append)) {
    if (name !== 'InstanceId' || value !== '${aws:InstanceId}') {
      throw new Error(`library-publications: append_dimensions ${name}=${value} is not known here`);
    }
    appended.InstanceId = [
      { kind: 'attribute', resourceType: instance.type, attribute: 'Ref', logicalId: instance.logicalId },
    ];
  }
  const host = Object.keys(append).length === 0 && !config.agent?.omit_hostname;
  const dimensions: { [name: string]: ValueSource[] } = { ...appended };
  if (host) dimensions.host = [literal(/^ip-[\d-]+/, 'the host name')];
  const metrics: { [name: string]: MetricPublication } = {};
  for (const [plugin, pluginConfig] of Object.entries<any>(metricsConfig.metrics_collected ?? {})) {
    const own = pluginDimensions(plugin, pluginConfig);
    Object.assign(dimensions, own);
    const names = [...Object.keys(own), ...Object.keys(appended), ...(host ? ['host'] : [])];
    const sets: string[][] = [names, ...(metricsConfig.aggregation_dimensions ?? [])];
    const interval = Number(
      pluginConfig.metrics_collection_interval ?? config.agent?.metrics_collection_interval ?? 60,
    );
    for (const m of pluginConfig.measurement ?? []) {
      metrics[agentMetricName(plugin, m)] = {
        dimensionSets: sets,
        statistics: ALL_STATS,
        minPeriodSeconds: Math.max(60, interval),
      };
    }
  }
  return { namespace: metricsConfig.namespace ?? 'CWAgent', source: AGENT_DOCS, dimensions, metrics };
}

/** The backup script's metric, its dimensions read from the script, their values from the host env. */
export function backupPublication(hostEnv: { [name: string]: string }): NamespacePublication {
  const script = fs.readFileSync(path.join(HOST_ASSETS, 'shop-backup.sh'), 'utf8');
  if (!/put-metric-data --namespace "\$METRIC_NAMESPACE"/.test(script)) {
    throw new Error(
      'shop-backup.sh: put-metric-data no longer uses $METRIC_NAMESPACE; update library-publications',
    );
  }
  const names = [...script.matchAll(/"MetricName": "(\w+)"/g)].map((m) => m[1]);
  const dims = [...script.matchAll(/\{"Name": "(\w+)", "Value": shop\}/g)].map((m) => m[1]);
  if (names.length === 0 || dims.length !== 1 || !/' "\$SHOP_NAME"\)/.test(script)) {
    throw new Error('shop-backup.sh: its metric data is not written as library-publications reads it');
  }
  const shop = hostEnv.SHOP_NAME;
  return {
    namespace: hostEnv.METRIC_NAMESPACE,
    source: 'assets/host/shop-backup.sh',
    dimensions: { [dims[0]]: [literal(exactly(shop), `the host's SHOP_NAME (${shop})`)] },
    metrics: Object.fromEntries(names.map((n) => [n, { dimensionSets: [dims], statistics: ALL_STATS }])),
  };
}

const PUT_ACTIONS = ['cloudwatch:PutMetricData', 'cloudwatch:*', '*'];

/**
 * Undefined when the instance's role may put metrics in `namespace` (a statement allowing
 * cloudwatch:PutMetricData without a condition or with `cloudwatch:namespace` equal to it, or
 * CloudWatchAgentServerPolicy), else why not.
 * See https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/iam-cw-condition-keys-namespace.html
 */
export function putMetricDataProblem(
  template: any,
  instanceId: string,
  namespace: string,
): string | undefined {
  const resources = template.Resources ?? {};
  const profileRef = resources[instanceId]?.Properties?.IamInstanceProfile?.Ref;
  const roles: string[] = (resources[profileRef]?.Properties?.Roles ?? []).map((r: any) => r.Ref);
  const statements: any[] = [];
  for (const role of roles) {
    const properties = resources[role]?.Properties ?? {};
    if (JSON.stringify(properties.ManagedPolicyArns ?? []).includes(':policy/CloudWatchAgentServerPolicy')) {
      return undefined;
    }
    for (const p of properties.Policies ?? []) statements.push(...p.PolicyDocument.Statement);
    for (const r of Object.values<any>(resources)) {
      if (r.Type === 'AWS::IAM::Policy' && (r.Properties.Roles ?? []).some((x: any) => x.Ref === role)) {
        statements.push(...r.Properties.PolicyDocument.Statement);
      }
    }
  }
  const allows = statements.some((st) => {
    const actions: string[] = [st.Action].flat();
    if (st.Effect !== 'Allow' || !actions.some((a) => PUT_ACTIONS.includes(a))) return false;
    if (st.Condition === undefined) return true;
    const allowed = st.Condition.StringEquals?.['cloudwatch:namespace'];
    return (
      allowed !== undefined && Object.keys(st.Condition).length === 1 && [allowed].flat().includes(namespace)
    );
  });
  return allows
    ? undefined
    : `the role of ${instanceId} may not put metric data in ${namespace}: nothing is published`;
}

/** Every publication of the library's own code in the stacks (one set per shop host). */
export function libraryPublications(stacks: readonly StackTemplate[]): NamespacePublication[] {
  const out: NamespacePublication[] = [];
  for (const stack of stacks) {
    const resolver = new TemplateResolver(stack, stacks);
    for (const [logicalId, resource] of Object.entries<any>(stack.template.Resources ?? {})) {
      if (resource.Type !== 'AWS::EC2::Instance' || resource.Properties?.UserData === undefined) continue;
      const text = userDataText(resolver, resource.Properties.UserData);
      if (!text.startsWith('#cloud-config')) continue;
      const files = cloudConfigFiles(text);
      const found: NamespacePublication[] = [];
      if (files[AGENT_CONFIG]) {
        found.push(agentPublication(JSON.parse(files[AGENT_CONFIG]), { logicalId, type: resource.Type }));
      }
      if (files[HOST_ENV]) {
        const env = Object.fromEntries(
          files[HOST_ENV].split('\n')
            .filter((l) => l.includes('='))
            .map((l) => [l.split('=')[0], l.slice(l.indexOf('=') + 1)]),
        );
        if (env.SHOP_NAME && env.METRIC_NAMESPACE) found.push(backupPublication(env));
      }
      // the agent and the backup script both put their metrics with the instance's role
      for (const p of found) {
        out.push({ ...p, blocked: putMetricDataProblem(stack.template, logicalId, p.namespace) });
      }
    }
  }
  return out;
}
