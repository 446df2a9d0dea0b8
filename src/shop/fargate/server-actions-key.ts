import { CustomResource, Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct, IDependable } from 'constructs';
import { acknowledge } from '../../private/acknowledge';
import { invalidProp } from '../../private/errors';

/** The variable Next.js reads its Server Actions key from, at build time and at run time. */
export const SERVER_ACTIONS_KEY_VARIABLE = 'NEXT_SERVER_ACTIONS_ENCRYPTION_KEY';

/**
 * The function that fills the secret: 32 bytes from Node's CSPRNG, base64 (44 characters, one
 * '='), put as the secret's value unless the value already is such a key, so an update or a
 * replaced custom resource keeps the key the tasks use. Nothing is logged or returned but the
 * outcome, and the response asks CloudFormation not to echo it (NoEcho). CloudFormation inline
 * code is limited to 4,096 characters.
 *
 * Secrets Manager's own generator cannot make this value: it draws characters, not bytes, and a
 * key must be base64 of 16, 24 or 32 bytes (https://nextjs.org/docs/messages/failed-to-find-server-action).
 */
export const SERVER_ACTIONS_KEY_HANDLER = `const https = require('https');
const crypto = require('crypto');
const sm = require('@aws-sdk/client-secrets-manager');
const client = new sm.SecretsManagerClient({});
const isKey = (v) => typeof v === 'string' && /^[A-Za-z0-9+/]{43}=$/.test(v) && Buffer.from(v, 'base64').length === 32 && Buffer.from(v, 'base64').toString('base64') === v;
async function ensureKey(secretId) {
  const current = await client.send(new sm.GetSecretValueCommand({ SecretId: secretId })).then((r) => r.SecretString, (e) => { if (e.name === 'ResourceNotFoundException') return undefined; throw e; });
  if (isKey(current)) return 'kept';
  await client.send(new sm.PutSecretValueCommand({ SecretId: secretId, SecretString: crypto.randomBytes(32).toString('base64') }));
  return 'generated';
}
function respond(event, context, status, reason) {
  const body = JSON.stringify({ Status: status, Reason: reason, PhysicalResourceId: event.ResourceProperties.SecretId, StackId: event.StackId, RequestId: event.RequestId, LogicalResourceId: event.LogicalResourceId, NoEcho: true, Data: {} });
  return new Promise((resolve, reject) => {
    const request = https.request(event.ResponseURL, { method: 'PUT', headers: { 'content-type': '', 'content-length': Buffer.byteLength(body) } }, (response) => { response.resume(); response.on('end', resolve); });
    request.on('error', reject);
    request.end(body);
  });
}
exports.handler = async (event, context) => {
  let status = 'SUCCESS';
  let reason = 'nothing to do';
  try {
    if (event.RequestType !== 'Delete') reason = 'key ' + (await ensureKey(event.ResourceProperties.SecretId));
  } catch (e) {
    status = 'FAILED';
    reason = String((e && e.message) || e).slice(0, 500) + ' (log stream ' + context.logStreamName + ')';
  }
  console.log(event.RequestType, status, reason);
  await respond(event, context, status, reason);
};
`;

/** The key and what the services that read it must wait for. */
export interface ServerActionsKeyParts {
  readonly secret: secretsmanager.Secret;
  /** The custom resource that writes the key: a service reading it depends on it. */
  readonly written: IDependable;
}

/**
 * Defines the storefront's `NEXT_SERVER_ACTIONS_ENCRYPTION_KEY`: a retained secret, filled once
 * with a base64 AES-256 key by a small deploy-time function, so every task of every deployment
 * shares one key and a Server Action posted to another task, or after a deployment, still
 * decrypts.
 */
export function defineServerActionsKey(
  scope: Construct,
  logRetention: logs.RetentionDays,
): ServerActionsKeyParts {
  const secret = new secretsmanager.Secret(scope, 'ServerActionsKey', {
    description: `${SERVER_ACTIONS_KEY_VARIABLE} of the cdk-shop storefront ${scope.node.path} (base64 AES-256 key)`,
    // a placeholder the function replaces before any task starts: not a 32-byte key
    generateSecretString: { passwordLength: 20, excludePunctuation: true },
    removalPolicy: RemovalPolicy.RETAIN,
  });
  const logGroup = new logs.LogGroup(scope, 'ServerActionsKeyLogs', {
    retention: logRetention,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  const role = new iam.Role(scope, 'ServerActionsKeyRole', {
    assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    description: `cdk-shop ${scope.node.path}: writes the Server Actions key once`,
  });
  const policy = new iam.ManagedPolicy(scope, 'ServerActionsKeyPolicy', {
    description: `cdk-shop ${scope.node.path}: read and fill the Server Actions key, write its own logs`,
    roles: [role],
    statements: [
      new iam.PolicyStatement({
        actions: ['secretsmanager:GetSecretValue', 'secretsmanager:PutSecretValue'],
        resources: [secret.secretArn],
      }),
      new iam.PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [logGroup.logGroupArn],
      }),
    ],
  });
  const fn = new lambda.Function(scope, 'ServerActionsKeyFunction', {
    description: `cdk-shop ${scope.node.path}: fills ${SERVER_ACTIONS_KEY_VARIABLE} with a random base64 AES-256 key`,
    runtime: lambda.Runtime.NODEJS_24_X,
    architecture: lambda.Architecture.ARM_64,
    handler: 'index.handler',
    code: lambda.Code.fromInline(SERVER_ACTIONS_KEY_HANDLER),
    timeout: Duration.seconds(30),
    memorySize: 128,
    role,
    logGroup,
  });
  const written = new CustomResource(scope, 'ServerActionsKeyWriter', {
    serviceToken: fn.functionArn,
    resourceType: 'Custom::NextServerActionsKey',
    properties: { SecretId: secret.secretArn },
  });
  // the function may call Secrets Manager only once its policy is attached
  written.node.addDependency(policy);
  acknowledgeServerActionsKey(secret, fn, logGroup, logRetention);
  return { secret, written };
}

function acknowledgeServerActionsKey(
  secret: secretsmanager.Secret,
  fn: lambda.Function,
  logGroup: logs.LogGroup,
  logRetention: logs.RetentionDays,
): void {
  const logsEncryption =
    "The function's logs say only whether the key was generated or kept, never the key; CloudWatch Logs encrypts them at rest with its own key.";
  acknowledge(
    logGroup,
    { id: 'NIST.800.53.R5-CloudWatchLogGroupEncrypted', reason: logsEncryption },
    { id: 'guard:cloudwatch_log_group_encrypted_check', reason: logsEncryption },
  );
  if (logRetention < 365) {
    acknowledge(logGroup, {
      id: 'guard:cloudwatch_log_group_retention_period_check',
      reason: `The function's logs are kept ${logRetention} days like the services' (logRetention or the preset); they record one line per deployment that changes the key's resource.`,
    });
  }
  acknowledge(
    secret,
    {
      id: 'AwsSolutions-SMG4',
      reason:
        'The Server Actions key encrypts the ids and closures of Server Actions in pages already served; a scheduled rotation would break every open page at once, so it is replaced by hand (a new value and a redeploy).',
    },
    {
      id: 'NIST.800.53.R5-SecretsManagerRotationEnabled',
      reason:
        'A rotated Server Actions key breaks the Server Actions of every page already open; it is replaced by hand.',
    },
    {
      id: 'NIST.800.53.R5-SecretsManagerUsingKMSKey',
      reason:
        "The key is encrypted with the AWS managed key aws/secretsmanager; only the storefront's execution role and the function that fills it may read it.",
    },
  );
  const deployTime = 'The function runs only when the stack deploys, once, to fill one secret.';
  acknowledge(
    fn,
    {
      id: 'NIST.800.53.R5-LambdaConcurrency',
      reason: `${deployTime} CloudFormation calls it once per change.`,
    },
    {
      id: 'guard:lambda_concurrency_check',
      reason: `${deployTime} CloudFormation calls it once per change.`,
    },
    {
      id: 'NIST.800.53.R5-LambdaDLQ',
      reason: `${deployTime} A failure fails the deployment, which CloudFormation reports.`,
    },
    {
      id: 'guard:lambda_dlq_check',
      reason: `${deployTime} A failure fails the deployment, which CloudFormation reports.`,
    },
    {
      id: 'NIST.800.53.R5-LambdaInsideVPC',
      reason: `${deployTime} It reaches only the Secrets Manager API.`,
    },
    { id: 'guard:lambda_inside_vpc_check', reason: `${deployTime} It reaches only the Secrets Manager API.` },
  );
}

/** What `FargateShop` needs to know for the key. */
export interface ServerActionsKeyRequest {
  /** Whether the shop has a storefront. */
  readonly storefront: boolean;
  /** `serverActionsKey`, if given. */
  readonly given?: secretsmanager.ISecret;
  readonly logRetention: logs.RetentionDays;
}

/** The storefront's key: the one given, one defined here, or none without a storefront. */
export interface StorefrontServerActionsKey {
  readonly secret?: secretsmanager.ISecret;
  /** What the storefront's service waits for: the defined key's writer. */
  readonly written?: IDependable;
}

/** The key of a shop's storefront, refusing `serverActionsKey` without a storefront. */
export function storefrontServerActionsKey(
  shop: Construct,
  request: ServerActionsKeyRequest,
): StorefrontServerActionsKey {
  if (!request.storefront) {
    if (request.given) {
      throw invalidProp(
        shop,
        'serverActionsKey',
        'the shop has no storefront to give it to',
        'Give storefront, or remove serverActionsKey.',
      );
    }
    return {};
  }
  if (request.given) return { secret: request.given };
  return defineServerActionsKey(shop, request.logRetention);
}
