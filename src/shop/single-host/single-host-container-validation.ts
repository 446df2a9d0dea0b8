import { Stack, Token } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { HEALTH_PATH, isPort, pathPrefixesProblem } from './host/host-rules';
import { RESERVED_PORTS, ResolvedSingleHost } from './single-host-defaults';
import type { SingleHostShopProps } from './single-host-shop-props';
import { invalidProp, requireLiteral } from '../../private/errors';
import { ENVIRONMENT_VARIABLE_NAME } from '../../private/patterns';
import { imageReferenceProblem, imageTagProblem } from '../base/image-reference';
import type { ShopContainerOptions } from '../base/shop-containers';

/** Environment variables the shop generates; users may not set them in plain text. */
const GENERATED_VARIABLES = ['DATABASE_URL', 'REDIS_URL', 'JWT_SECRET', 'COOKIE_SECRET', 'POSTGRES_PASSWORD'];

/** Checks the storefront, backend and worker props against the rules the host renderers apply. */
export function validateContainers(
  scope: Construct,
  props: SingleHostShopProps,
  resolved: ResolvedSingleHost,
  arm: boolean,
): void {
  if (!props.storefront && !props.backend) {
    throw invalidProp(
      scope,
      'storefront',
      'neither storefront nor backend is given',
      'Give at least one of them.',
    );
  }
  if (props.worker && !props.backend) {
    throw invalidProp(
      scope,
      'worker',
      'a worker runs the backend image, but no backend is given',
      'Give backend, or remove worker.',
    );
  }
  validateContainer(scope, 'storefront', props.storefront, resolved.storefront, arm);
  validateContainer(scope, 'backend', props.backend, resolved.backend, arm);
  if (resolved.storefront && resolved.backend && resolved.storefront.port === resolved.backend.port) {
    throw invalidProp(
      scope,
      'backend.port',
      `storefront and backend both listen on port ${resolved.backend.port}`,
      'Give them different ports.',
    );
  }
  validatePrefixes(scope, props.backend?.pathPrefixes);
  for (const [name, env] of Object.entries({
    'storefront.environment': props.storefront?.environment,
    'backend.environment': props.backend?.environment,
    'worker.environment': props.worker?.environment,
  })) {
    validateEnvironment(scope, name, env);
  }
}

function validateContainer(
  scope: Construct,
  name: string,
  options: ShopContainerOptions | undefined,
  resolved: { port: number; healthPath: string } | undefined,
  arm: boolean,
): void {
  if (!options || !resolved) return;
  validateImage(scope, `${name}.image`, options, arm);
  const port = resolved.port;
  requireLiteral(scope, `${name}.port`, port, 'a port number such as 3000');
  if (!isPort(port)) {
    throw invalidProp(
      scope,
      `${name}.port`,
      `${port} is not a TCP port`,
      'Give a whole number from 1 to 65535.',
    );
  }
  if (RESERVED_PORTS.includes(port)) {
    throw invalidProp(
      scope,
      `${name}.port`,
      `port ${port} is taken on the host (nginx listens on 80 and 443, sshd on 22)`,
      'Give another port, such as 3000 or 9000.',
    );
  }
  requireLiteral(scope, `${name}.healthPath`, resolved.healthPath, 'a path such as /health');
  if (!HEALTH_PATH.test(resolved.healthPath)) {
    throw invalidProp(
      scope,
      `${name}.healthPath`,
      `'${resolved.healthPath}' is not a health-check path`,
      "Give '/' then letters, digits and . _ ~ / ? = & % -, such as /health or /health?ready=1.",
    );
  }
}

function validateImage(scope: Construct, prop: string, options: ShopContainerOptions, arm: boolean): void {
  const image = options.image.imageName;
  let tag: string | undefined;
  if (!Token.isUnresolved(image)) {
    const problem = imageReferenceProblem(image);
    if (problem) {
      throw invalidProp(
        scope,
        prop,
        `'${image}' is not an image reference Docker accepts: ${problem}`,
        'Give one such as ghcr.io/acme/shop:1.0.0.',
      );
    }
    const name = image.split('@')[0];
    const colon = name.lastIndexOf(':');
    tag = colon > name.lastIndexOf('/') ? name.slice(colon + 1) : undefined;
  } else if (options.image.repository) {
    // An ECR image: a deploy-time repository URI, then ':' and the literal tag (aws-cdk-lib leaves
    // the ':' out for an empty tag, which would pull 'latest').
    const tokenEnd = image.lastIndexOf('}');
    const rest = image.slice(image.lastIndexOf(':') + 1);
    if (image.lastIndexOf(':') < tokenEnd) {
      throw invalidProp(
        scope,
        prop,
        "the tag after ':' is empty",
        "Give ShopImage.fromEcrRepository(repository, '1.0.0').",
      );
    }
    if (!Token.isUnresolved(rest)) {
      const problem = imageTagProblem(rest);
      if (problem) {
        throw invalidProp(scope, prop, problem, "Give ShopImage.fromEcrRepository(repository, '1.0.0').");
      }
      tag = rest;
    }
  }
  if (tag === undefined) return;
  if (arm && /(amd64|x86[_-]64)/i.test(tag)) {
    throw invalidProp(
      scope,
      prop,
      `tag '${tag}' is an x86 image, but the instance type is Graviton (ARM64)`,
      'Use an arm64 or multi-architecture image, or an x86 instance type such as t3.small.',
    );
  }
  if (!arm && /(arm64|aarch64)/i.test(tag)) {
    throw invalidProp(
      scope,
      prop,
      `tag '${tag}' is an ARM image, but the instance type is x86`,
      'Use an amd64 or multi-architecture image, or a Graviton instance type such as t4g.small.',
    );
  }
}

function validatePrefixes(scope: Construct, prefixes: string[] | undefined): void {
  if (prefixes === undefined) return;
  const prop = 'backend.pathPrefixes';
  if (prefixes.length === 0) {
    throw invalidProp(
      scope,
      prop,
      'the list is empty, so no request would reach the backend',
      'Give at least one prefix, or leave it out for the Medusa defaults.',
    );
  }
  prefixes.forEach((prefix) => requireLiteral(scope, prop, prefix, 'a path prefix such as /store'));
  const problem = pathPrefixesProblem(prefixes);
  if (problem) throw invalidProp(scope, prop, problem, 'Give distinct prefixes such as /store and /admin.');
}

function validateEnvironment(
  scope: Construct,
  name: string,
  env: { [key: string]: string } | undefined,
): void {
  for (const [key, value] of Object.entries(env ?? {})) {
    if (!ENVIRONMENT_VARIABLE_NAME.test(key)) {
      throw invalidProp(
        scope,
        name,
        `'${key}' is not an environment variable name`,
        'Use letters, digits and underscores.',
      );
    }
    if (GENERATED_VARIABLES.includes(key)) {
      throw invalidProp(
        scope,
        name,
        `${key} is generated by the shop and read from SSM Parameter Store at run time`,
        `Remove ${key}; the containers receive it.`,
      );
    }
    const resolved = JSON.stringify(Stack.of(scope).resolve(value));
    if (/\{\{resolve:(secretsmanager|ssm-secure)/.test(resolved)) {
      throw invalidProp(
        scope,
        name,
        `${key} holds a secret dynamic reference, which would be written in plain text into the host's user data`,
        'Do not pass secrets as environment.',
      );
    }
  }
}
