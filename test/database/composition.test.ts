import { App, Stack, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { NetworkProfile, ShopCache, ShopDatabase, ShopNetwork } from '../../src';
import { guardAcknowledgements } from '../helpers/guard';
import { expectNagClean, nagFindings } from '../helpers/nag';
import { run } from '../helpers/processes';

/*
 * The building blocks composed by hand, as README shows: a container whose command expands the
 * URL templates, peers admitted with allowFrom after the constructs are built, and aws-cdk-lib
 * helpers that a later construct adds to the stack.
 */

function dataTier() {
  const app = new App();
  const stack = new Stack(app, 'Stack');
  const network = new ShopNetwork(stack, 'Network', { profile: NetworkProfile.TWO_AZ_SINGLE_NAT });
  const database = new ShopDatabase(stack, 'Database', { vpc: network.vpc });
  const cache = new ShopCache(stack, 'Cache', { vpc: network.vpc });
  return { app, stack, network, database, cache };
}

function containerCommand(stack: Stack, database: ShopDatabase, cache: ShopCache, urls: [string, string]) {
  const task = new ecs.FargateTaskDefinition(stack, 'Task');
  task.addContainer('Backend', {
    image: ecs.ContainerImage.fromRegistry('public.ecr.aws/docker/library/node:22-alpine'),
    environment: { ...database.containerEnvironment(), ...cache.containerEnvironment() },
    secrets: { ...database.containerSecrets(), ...cache.containerSecrets() },
    command: ['sh', '-c', `export DATABASE_URL="${urls[0]}" REDIS_URL="${urls[1]}"; exec node server.js`],
  });
  return task;
}

/**
 * Strings that CloudFormation would read as `Fn::Sub` parameters although no `Fn::Sub` holds them:
 * the check behind E1029 ("embedded parameter outside of an Fn::Sub") of aws-cdk-lib's own
 * template validation and cfn-lint.
 */
function embeddedParameters(value: unknown, inSub = false): string[] {
  if (typeof value === 'string') return !inSub && /\$\{[\w:.]+\}/.test(value) ? [value] : [];
  if (Array.isArray(value)) return value.flatMap((v) => embeddedParameters(v, inSub));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => embeddedParameters(v, inSub || k === 'Fn::Sub'));
  }
  return [];
}

function taskDefinitionParameters(stack: Stack): string[] {
  return embeddedParameters(Template.fromStack(stack).findResources('AWS::ECS::TaskDefinition'));
}

describe('URL templates in a container command', () => {
  test('leave no ${...} outside Fn::Sub (E1029), which the brace form leaves', () => {
    const built = dataTier();
    containerCommand(built.stack, built.database, built.cache, [
      built.database.databaseUrlTemplate(),
      built.cache.redisUrlTemplate(),
    ]);
    expect(taskDefinitionParameters(built.stack)).toEqual([]);
    expect(JSON.stringify(Template.fromStack(built.stack).toJSON())).toContain(':$DATABASE_PASSWORD@');

    const braces = dataTier();
    containerCommand(braces.stack, braces.database, braces.cache, [
      braces.database.databaseUrlTemplate().replace('$DATABASE_PASSWORD', '${DATABASE_PASSWORD}'),
      braces.cache.redisUrlTemplate().replace('$REDIS_PASSWORD', '${REDIS_PASSWORD}'),
    ]);
    expect(taskDefinitionParameters(braces.stack).join(' ')).toMatch(
      /\$\{DATABASE_PASSWORD\}.*\$\{REDIS_PASSWORD\}/,
    );
  });

  test('a shell expands the braceless variables up to the @ that follows', async () => {
    const { stack, database, cache } = dataTier();
    const command = [
      'export',
      `DATABASE_URL="${stack.resolve(database.databaseUrlTemplate())['Fn::Join'][1][0]}"`,
    ];
    const out = await run(
      'sh',
      [
        '-c',
        `${command.join(' ')} REDIS_URL="${stack.resolve(cache.redisUrlTemplate())['Fn::Join'][1][0]}"; echo "$DATABASE_URL|$REDIS_URL"`,
      ],
      { env: { PATH: process.env.PATH, DATABASE_PASSWORD: 'pa_ss-1.^,=', REDIS_PASSWORD: 'Tok3n' } },
    );
    expect(out.stdout.trim()).toBe('postgres://shop_admin:pa_ss-1.^,=@|rediss://default:Tok3n@');
  });
});

describe('allowFrom after construction', () => {
  test('writes the literal port, so NIST port rules can read it (they threw on Endpoint.Port)', () => {
    const { app, stack, network, database } = dataTier();
    const peer = new ec2.SecurityGroup(stack, 'Peer', { vpc: network.vpc });
    database.allowFrom(peer);
    const ingress = Object.values(
      Template.fromStack(stack).findResources('AWS::EC2::SecurityGroupIngress'),
    ) as any[];
    const fromPeer = ingress.filter((i) =>
      JSON.stringify(i.Properties.SourceSecurityGroupId).includes('Peer'),
    );
    expect(fromPeer.map((i) => [i.Properties.FromPort, i.Properties.ToPort])).toEqual([[5432, 5432]]);
    const portRules = nagFindings(app).filter((f) => /RestrictedCommonPorts|RestrictedSSH/.test(f.rule));
    expect(portRules).toEqual([]);
  });

  test('database.connections admits peers on 5432, as ShopCache does on 6379', () => {
    const { database, cache } = dataTier();
    expect(database.connections.defaultPort?.toString()).toBe('5432');
    expect(cache.connections.defaultPort?.toString()).toBe('6379');
  });
});

describe("aws-cdk-lib's stack-wide helpers are acknowledged once per stack", () => {
  const logRetentionAcks = (stack: Stack) => {
    const helper = stack.node.children.find((c) => c.node.id.startsWith('LogRetention'))!;
    const role = helper.node.findChild('ServiceRole');
    return role.node.metadata.filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY);
  };

  test('a LogRetention function added after every cdk-shop construct is covered at synth', () => {
    const app = new App();
    const stack = new Stack(app, 'Stack');
    new ShopNetwork(stack, 'Network', { profile: NetworkProfile.TWO_AZ_SINGLE_NAT });
    // no cdk-shop construct creates the LogRetention function here: a later one does
    new lambda.Function(stack, 'Later', {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler = async () => {};'),
      logRetention: logs.RetentionDays.ONE_WEEK,
    });
    Template.fromStack(stack);
    const paths = nagFindings(app).map((f) => f.path);
    expect(paths.filter((p) => p.includes('LogRetention'))).toEqual([]);
    expect(logRetentionAcks(stack)).toHaveLength(1);
  });

  test('two databases in one stack acknowledge the shared helpers once', () => {
    const app = new App();
    const stack = new Stack(app, 'Stack');
    const network = new ShopNetwork(stack, 'Network', { profile: NetworkProfile.TWO_AZ_SINGLE_NAT });
    new ShopDatabase(stack, 'Orders', { vpc: network.vpc });
    new ShopDatabase(stack, 'Catalog', { vpc: network.vpc });
    Template.fromStack(stack);
    app.synth();
    expect(logRetentionAcks(stack)).toHaveLength(1);
    const provider = stack.node.findChild('Custom::VpcRestrictDefaultSGCustomResourceProvider');
    expect(guardAcknowledgements(provider.node.findChild('Handler'))).toEqual(['lambda_inside_vpc_check']);
    expectNagClean(app);
  });
});
