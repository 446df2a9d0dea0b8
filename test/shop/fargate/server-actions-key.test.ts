import * as nodeCrypto from 'crypto';
import * as vm from 'vm';
import { Stack } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { BASIC, container, logicalId, serviceProps, shopStack } from './fargate-fixtures';
import { FargateShop } from '../../../src';
import { SERVER_ACTIONS_KEY_HANDLER } from '../../../src/shop/fargate/server-actions-key';

/*
 * NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: the deploy-time function run on sample events against a
 * fake Secrets Manager and a fake CloudFormation response URL, and the template that wires its
 * secret into every storefront task.
 */

interface Run {
  /** SDK commands sent, by name with their input. */
  readonly calls: { name: string; input: any }[];
  /** The response body PUT to CloudFormation. */
  readonly response: any;
  readonly logs: string[];
}

/** Runs the inline handler once, as Lambda would, with `current` as the secret's value. */
async function runHandler(requestType: string, current: string | undefined, fail?: string): Promise<Run> {
  const calls: { name: string; input: any }[] = [];
  let responseBody = '';
  const logs: string[] = [];
  class Command {
    constructor(public readonly input: any) {}
  }
  class GetSecretValueCommand extends Command {}
  class PutSecretValueCommand extends Command {}
  const sdk = {
    GetSecretValueCommand,
    PutSecretValueCommand,
    SecretsManagerClient: class {
      async send(command: Command) {
        const name = command.constructor.name;
        calls.push({ name, input: command.input });
        if (fail && name === fail) {
          throw Object.assign(new Error('User is not authorized'), { name: 'AccessDeniedException' });
        }
        if (name === 'GetSecretValueCommand') return { SecretString: current };
        return {};
      }
    },
  };
  const https = {
    request: (_url: string, _options: any, callback: (response: any) => void) => ({
      on: () => undefined,
      end: (body: string) => {
        responseBody = body;
        callback({ resume: () => undefined, on: (_event: string, done: () => void) => done() });
      },
    }),
  };
  const module = { exports: {} as any };
  const modules: Record<string, unknown> = {
    https,
    crypto: nodeCrypto,
    '@aws-sdk/client-secrets-manager': sdk,
  };
  vm.runInNewContext(SERVER_ACTIONS_KEY_HANDLER, {
    require: (name: string) => modules[name],
    module,
    exports: module.exports,
    Buffer,
    console: { log: (...args: unknown[]) => logs.push(args.join(' ')) },
    Promise,
    String,
    JSON,
  });
  await module.exports.handler(
    {
      RequestType: requestType,
      ResponseURL: 'https://cloudformation-custom-resource-response.example/abc',
      StackId: 'arn:aws:cloudformation:us-east-1:123456789012:stack/s/1',
      RequestId: 'r1',
      LogicalResourceId: 'ShopServerActionsKeyWriter',
      PhysicalResourceId: requestType === 'Create' ? undefined : 'arn:secret',
      ResourceProperties: { SecretId: 'arn:secret' },
    },
    { logStreamName: '2026/12/02/[$LATEST]x' },
  );
  return { calls, response: JSON.parse(responseBody), logs };
}

/** A key secret of the user's, from a stack of its own. */
const otherKey = () => secretsmanager.Secret.fromSecretNameV2(new Stack(), 'Key', 'shop/next-key');

const putValue = (run: Run) => run.calls.find((c) => c.name === 'PutSecretValueCommand')?.input.SecretString;

describe('the key function', () => {
  test('fits CloudFormation inline code (4,096 characters)', () => {
    expect(SERVER_ACTIONS_KEY_HANDLER.length).toBeLessThanOrEqual(4096);
  });

  test('Create replaces the placeholder with base64 of 32 random bytes, which Next.js imports as an AES-256-GCM key', async () => {
    const run = await runHandler('Create', 'Placeholder20Chars00');
    const key = putValue(run);
    expect(key).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(key, 'base64')).toHaveLength(32);
    // what Next.js does with the variable (encryption-utils: importKey('raw', atob(key), 'AES-GCM'))
    const raw = Uint8Array.from(atob(key), (c) => c.charCodeAt(0));
    const cryptoKey = await crypto.subtle.importKey('raw', raw, 'AES-GCM', true, ['encrypt', 'decrypt']);
    expect((cryptoKey.algorithm as unknown as { length: number }).length).toBe(256);
    const iv = new Uint8Array(12);
    const sealed = await crypto.subtle.encrypt(
      { name: 'AES-GCM', iv },
      cryptoKey,
      new TextEncoder().encode('action'),
    );
    const opened = await crypto.subtle.decrypt({ name: 'AES-GCM', iv }, cryptoKey, sealed);
    expect(new TextDecoder().decode(opened)).toBe('action');
    expect(run.response).toMatchObject({
      Status: 'SUCCESS',
      Reason: 'key generated',
      PhysicalResourceId: 'arn:secret',
      NoEcho: true,
      Data: {},
    });
    // the key is never in the response or the logs
    expect(JSON.stringify(run.response) + run.logs.join('\n')).not.toContain(key);
  });

  test('two keys are never alike', async () => {
    const keys = await Promise.all(
      [1, 2, 3].map(async () => putValue(await runHandler('Create', undefined))),
    );
    expect(new Set(keys).size).toBe(3);
  });

  test('an update keeps a valid key: tasks and open pages keep working', async () => {
    const valid = Buffer.alloc(32, 7).toString('base64');
    const run = await runHandler('Update', valid);
    expect(run.calls.map((c) => c.name)).toEqual(['GetSecretValueCommand']);
    expect(run.response).toMatchObject({ Status: 'SUCCESS', Reason: 'key kept' });
  });

  test.each([
    [
      'a 24-byte key (AES-192 would do, but the shop promises AES-256)',
      Buffer.alloc(24, 1).toString('base64'),
    ],
    ['base64 without its padding', Buffer.alloc(32, 1).toString('base64').slice(0, 43)],
    ['44 alphanumeric characters', 'A'.repeat(44)],
    ['the generator’s 32 characters', 'abcdefghijklmnopqrstuvwxyz012345'],
  ])('anything else is replaced: %s', async (_label, value) => {
    const run = await runHandler('Update', value);
    expect(Buffer.from(putValue(run), 'base64')).toHaveLength(32);
  });

  test('Delete touches nothing: the secret is retained', async () => {
    const run = await runHandler('Delete', 'whatever');
    expect(run.calls).toEqual([]);
    expect(run.response).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: 'arn:secret' });
  });

  test('a refused call fails the deployment with the reason and the log stream', async () => {
    const run = await runHandler('Create', undefined, 'PutSecretValueCommand');
    expect(run.response.Status).toBe('FAILED');
    expect(run.response.Reason).toMatch(
      /^User is not authorized \(log stream 2026\/12\/02\/\[\$LATEST\]x\)$/,
    );
  });
});

describe('FargateShop gives every storefront task the key', () => {
  const { template, shop, stack } = shopStack();
  const resources = template.toJSON().Resources;
  const secretId = logicalId(template, 'AWS::SecretsManager::Secret', 'ServerActionsKey');
  const writerId = logicalId(template, 'Custom::NextServerActionsKey', 'ServerActionsKeyWriter');

  test('a retained secret, exposed as shop.serverActionsKey', () => {
    expect(resources[secretId]).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    expect(stack.resolve((shop.serverActionsKey as secretsmanager.Secret).secretArn)).toEqual({
      Ref: secretId,
    });
  });

  test('the storefront container reads it as an ECS secret; no other container does', () => {
    expect(container(template, 'Storefront', 'storefront').Secrets).toContainEqual({
      Name: 'NEXT_SERVER_ACTIONS_ENCRYPTION_KEY',
      ValueFrom: { Ref: secretId },
    });
    const backend = container(template, 'Backend', 'backend');
    expect((backend.Secrets ?? []).map((s: any) => s.Name)).not.toContain(
      'NEXT_SERVER_ACTIONS_ENCRYPTION_KEY',
    );
    expect(JSON.stringify(backend.Environment)).not.toContain('NEXT_SERVER_ACTIONS');
  });

  test('the storefront service waits for the key to be written', () => {
    const service = logicalId(template, 'AWS::ECS::Service', 'Storefront');
    expect(resources[service].DependsOn).toContain(writerId);
    expect(resources[writerId].Properties).toMatchObject({ SecretId: { Ref: secretId } });
    expect(serviceProps(template, 'Storefront')).toBeDefined();
  });

  test('the function may only read and fill this secret and write its own logs', () => {
    const policy = Object.values(resources).find(
      (r: any) => r.Type === 'AWS::IAM::ManagedPolicy' && JSON.stringify(r).includes('PutSecretValue'),
    ) as any;
    expect(policy.Properties.PolicyDocument.Statement).toEqual([
      {
        Effect: 'Allow',
        Action: ['secretsmanager:GetSecretValue', 'secretsmanager:PutSecretValue'],
        Resource: { Ref: secretId },
      },
      {
        Effect: 'Allow',
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: {
          'Fn::GetAtt': [logicalId(template, 'AWS::Logs::LogGroup', 'ServerActionsKeyLogs'), 'Arn'],
        },
      },
    ]);
    expect(resources[writerId].DependsOn).toContain(
      logicalId(template, 'AWS::IAM::ManagedPolicy', 'ServerActionsKeyPolicy'),
    );
  });

  test('no key in the template: only the generator of a placeholder and the function', () => {
    expect(resources[secretId].Properties.GenerateSecretString).toEqual({
      ExcludePunctuation: true,
      PasswordLength: 20,
    });
    expect(JSON.stringify(template.toJSON())).not.toMatch(/"[A-Za-z0-9+/]{43}="/);
  });
});

describe('serverActionsKey', () => {
  test('a secret of yours is used as is: no function, no secret defined', () => {
    const { template } = shopStack({
      ...BASIC,
      serverActionsKey: otherKey(),
    });
    template.resourceCountIs('Custom::NextServerActionsKey', 0);
    expect(JSON.stringify(container(template, 'Storefront', 'storefront').Secrets)).toContain(
      'secret:shop/next-key',
    );
  });

  test('a shop without a storefront has no key', () => {
    const { template, shop } = shopStack({ backend: BASIC.backend });
    template.resourceCountIs('Custom::NextServerActionsKey', 0);
    expect(shop.serverActionsKey).toBeUndefined();
  });

  test('rejected without a storefront', () => {
    expect(() =>
      shopStack({
        backend: BASIC.backend,
        serverActionsKey: otherKey(),
      }),
    ).toThrow(
      /^Stack\/Shop: invalid 'serverActionsKey': the shop has no storefront to give it to\. Give storefront, or remove serverActionsKey\.$/,
    );
  });

  test('the variable is the shop’s: the storefront may not set it in plain text, nor as a secret of its own', () => {
    expect(() =>
      shopStack({
        ...BASIC,
        storefront: { ...BASIC.storefront!, environment: { NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: 'c2VjcmV0' } },
      }),
    ).toThrow(/invalid 'storefront\.environment': NEXT_SERVER_ACTIONS_ENCRYPTION_KEY is set by the shop/);
    expect(() =>
      shopStack({
        ...BASIC,
        storefrontService: {
          secrets: { NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: ecs.Secret.fromSecretsManager(otherKey()) },
        },
      }),
    ).toThrow(/invalid 'storefrontService\.secrets': NEXT_SERVER_ACTIONS_ENCRYPTION_KEY is set by the shop/);
  });

  test('FargateShop is what the tests build', () => {
    expect(shopStack().shop).toBeInstanceOf(FargateShop);
  });
});
