/**
 * The rules every shop applies to its containers' props (ports, health paths, environment,
 * backend path prefixes, image references and architectures), as functions of (scope, prop,
 * value) so SingleHostShop and FargateShop check them the same way and name the same props.
 *
 * Internal: not exported from the package's entry point.
 */
import { Annotations, Token } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { IConstruct } from 'constructs';
import { imageReferenceProblem, imageTagProblem } from './image-reference';
import type { ShopImage } from './shop-image';
import type { ShopProps } from './shop-props';
import { holdsSecretReference } from '../../private/checks';
import { invalidProp, requireLiteral } from '../../private/errors';
import { ENVIRONMENT_VARIABLE_NAME } from '../../private/patterns';

/** Environment variables the shop generates; users may not set them in plain text. */
export const GENERATED_VARIABLES = [
  'DATABASE_URL',
  'REDIS_URL',
  'JWT_SECRET',
  'COOKIE_SECRET',
  'POSTGRES_PASSWORD',
];

/** A health-check path: '/', then letters, digits and `. _ ~ / ? = & % -` (a URL path and query). */
export const HEALTH_PATH = /^\/[A-Za-z0-9._~/?=&%-]*$/;

/**
 * A backend path prefix: one or more `/segment`, each segment letters, digits and `. _ ~ -`;
 * so no `//`, no trailing `/`, no spaces, braces or quotes.
 */
export const PATH_PREFIX = /^(\/[A-Za-z0-9._~-]+)+$/;

/** A TCP port. */
export function isPort(port: number): boolean {
  return Number.isInteger(port) && port >= 1 && port <= 65535;
}

/** What is wrong with a list of backend path prefixes (syntax, duplicates), or undefined. */
export function pathPrefixSyntaxProblem(prefixes: readonly string[]): string | undefined {
  const seen = new Set<string>();
  for (const prefix of prefixes) {
    if (typeof prefix !== 'string' || !PATH_PREFIX.test(prefix)) {
      return `'${prefix}' is not a path prefix: it must be one or more '/segment' of letters, digits and . _ ~ - (no '//', no trailing '/', no spaces, braces or quotes)`;
    }
    if (seen.has(prefix)) return `'${prefix}' is listed twice`;
    seen.add(prefix);
  }
  return undefined;
}

/**
 * A shop runs something: a storefront, a backend or one of `moreParts` (FargateShop: its
 * services, with how many are given); and a worker only with a backend, whose image it runs.
 */
export function validateShopParts(
  scope: IConstruct,
  props: ShopProps,
  moreParts?: { readonly prop: string; readonly count: number },
): void {
  const parts = ['storefront', 'backend', ...(moreParts ? [moreParts.prop] : [])];
  if (!props.storefront && !props.backend && (moreParts?.count ?? 0) === 0) {
    throw invalidProp(
      scope,
      'storefront',
      `neither ${parts.slice(0, -1).join(', ')} nor ${parts[parts.length - 1]} is given`,
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
}

/** A literal TCP port. */
export function validatePort(scope: IConstruct, prop: string, port: number): void {
  requireLiteral(scope, prop, port, 'a port number such as 3000');
  if (!isPort(port)) {
    throw invalidProp(scope, prop, `${port} is not a TCP port`, 'Give a whole number from 1 to 65535.');
  }
}

/** A literal health-check path. */
export function validateHealthPath(scope: IConstruct, prop: string, healthPath: string): void {
  requireLiteral(scope, prop, healthPath, 'a path such as /health');
  if (!HEALTH_PATH.test(healthPath)) {
    throw invalidProp(
      scope,
      prop,
      `'${healthPath}' is not a health-check path`,
      "Give '/' then letters, digits and . _ ~ / ? = & % -, such as /health or /health?ready=1.",
    );
  }
}

/** A non-empty list of distinct literal backend path prefixes such as `/store`. */
export function validatePathPrefixes(scope: IConstruct, prop: string, prefixes: string[] | undefined): void {
  if (prefixes === undefined) return;
  if (prefixes.length === 0) {
    throw invalidProp(
      scope,
      prop,
      'the list is empty, so no request would reach the backend',
      'Give at least one prefix, or leave it out for the Medusa defaults.',
    );
  }
  prefixes.forEach((prefix) => requireLiteral(scope, prop, prefix, 'a path prefix such as /store'));
  const problem = pathPrefixSyntaxProblem(prefixes);
  if (problem) throw invalidProp(scope, prop, problem, 'Give distinct prefixes such as /store and /admin.');
}

/**
 * Variable names that say they hold a secret. `NEXT_PUBLIC_` names are exempt: Next.js inlines
 * them into the browser bundle, so they are public by design.
 */
export const SECRET_LIKE_VARIABLE = /(SECRET|PASSWORD|PASSWD|TOKEN|API_KEY|PRIVATE_KEY|CREDENTIAL)/i;

/** Whether a plain-text variable's name says it holds a secret (`NEXT_PUBLIC_` names never do). */
export function isSecretLikeVariable(name: string): boolean {
  return !name.startsWith('NEXT_PUBLIC_') && SECRET_LIKE_VARIABLE.test(name);
}

/**
 * Plain-text environment: variable names, no generated variable, no secret dynamic reference;
 * a warning on a name that says it holds a secret, pointing at `secretsProp` (where the shop
 * takes secrets) or, without one, at reading the secret at run time.
 */
export function validateEnvironment(
  scope: IConstruct,
  prop: string,
  env: { [key: string]: string } | undefined,
  secretsProp?: string,
): void {
  for (const [key, value] of Object.entries(env ?? {})) {
    if (!ENVIRONMENT_VARIABLE_NAME.test(key)) {
      throw invalidProp(
        scope,
        prop,
        `'${key}' is not an environment variable name`,
        'Use letters, digits and underscores.',
      );
    }
    if (GENERATED_VARIABLES.includes(key)) {
      throw invalidProp(
        scope,
        prop,
        `${key} is generated by the shop and given to the containers as a secret at run time`,
        `Remove ${key}; the containers receive it.`,
      );
    }
    if (holdsSecretReference(scope, value)) {
      throw invalidProp(
        scope,
        prop,
        `${key} holds a secret dynamic reference, which would be written in plain text where the containers are defined`,
        'Do not pass secrets as environment; give them as secrets.',
      );
    }
    if (isSecretLikeVariable(key)) {
      Annotations.of(scope).addWarningV2(
        'cdk-shop:secret-like-environment',
        `${prop}.${key}: the name says it holds a secret, but environment is plain text in the template and the task or host definition. ` +
          (secretsProp
            ? `Give it in ${secretsProp} as an ecs.Secret (Secrets Manager or SSM SecureString) instead.`
            : 'Keep it in Secrets Manager and read it at run time instead.'),
      );
    }
  }
}

/** An image reference Docker accepts: a literal reference, or an ECR repository and a literal tag. */
export function validateImage(scope: IConstruct, prop: string, image: ShopImage): void {
  const name = image.imageName;
  if (!Token.isUnresolved(name)) {
    const problem = imageReferenceProblem(name);
    if (problem) {
      throw invalidProp(
        scope,
        prop,
        `'${name}' is not an image reference Docker accepts: ${problem}`,
        'Give one such as ghcr.io/acme/shop:1.0.0.',
      );
    }
    return;
  }
  if (!image.repository) return; // an asset image: CDK names it
  // An ECR image: a deploy-time repository URI, then ':' and the literal tag (aws-cdk-lib leaves
  // the ':' out for an empty tag, which would pull 'latest').
  const fix = "Give ShopImage.fromEcrRepository(repository, '1.0.0').";
  if (name.lastIndexOf(':') < name.lastIndexOf('}')) {
    throw invalidProp(scope, prop, "the tag after ':' is empty", fix);
  }
  const tag = name.slice(name.lastIndexOf(':') + 1);
  if (!Token.isUnresolved(tag)) {
    const problem = imageTagProblem(tag);
    if (problem) throw invalidProp(scope, prop, problem, fix);
  }
}

/** The compute an image runs on, as error messages name it. */
export interface ImageTarget {
  /** Its CPU architecture. */
  readonly cpuArchitecture: ecs.CpuArchitecture;
  /** How messages name it, such as 'the instance type'. */
  readonly name: string;
  /** The other-architecture choice the fix offers, such as 'an x86 instance type such as t3.small'. */
  readonly otherChoice: string;
}

/** An image whose tag or platform names an architecture must match the compute's. */
export function validateImageArchitecture(
  scope: IConstruct,
  prop: string,
  image: ShopImage,
  target: ImageTarget,
): void {
  const imageArch = image.cpuArchitecture;
  if (imageArch === undefined || imageArch === target.cpuArchitecture) return;
  const tag = tagOf(image);
  const source = tag !== undefined ? `tag '${tag}'` : `the asset's platform`;
  if (imageArch === ecs.CpuArchitecture.X86_64) {
    throw invalidProp(
      scope,
      prop,
      `${source} is an x86 image, but ${target.name} is Graviton (ARM64)`,
      `Use an arm64 or multi-architecture image, or ${target.otherChoice}.`,
    );
  }
  throw invalidProp(
    scope,
    prop,
    `${source} is an ARM image, but ${target.name} is x86`,
    `Use an amd64 or multi-architecture image, or ${target.otherChoice}.`,
  );
}

function tagOf(image: ShopImage): string | undefined {
  const name = image.imageName;
  if (Token.isUnresolved(name)) {
    const tag = image.repository ? name.slice(name.lastIndexOf(':') + 1) : undefined;
    return tag === undefined || Token.isUnresolved(tag) ? undefined : tag;
  }
  const reference = name.split('@')[0];
  const colon = reference.lastIndexOf(':');
  return colon > reference.lastIndexOf('/') ? reference.slice(colon + 1) : undefined;
}
