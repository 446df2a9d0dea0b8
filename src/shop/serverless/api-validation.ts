import * as lambda from 'aws-cdk-lib/aws-lambda';
import { IConstruct } from 'constructs';
import { INTEGRATION_TIMEOUT_SECONDS, LAMBDA_MEMORY_MIB } from './api-defaults';
import { checkRouteConflicts, parseRouteKey, ParsedRoute } from './api-route-key';
import { tableVariableName } from './api-table-grants';
import { CACHE_ENVIRONMENT, DATABASE_ENVIRONMENT } from './data-access';
import type { ShopApiProps } from './shop-api-props';
import type { ShopApiRoute } from './shop-api-route';
import { ShopApiType } from './shop-api-type';
import { TableAccess } from './table-access';
import { holdsSecretReference } from '../../private/checks';
import { invalidProp, requireLiteral } from '../../private/errors';
import { POSTGRES_ROLE } from '../../private/shop-defaults';

/** The settings that configure a function the construct defines, not an existing one. */
const FUNCTION_SETTINGS = [
  'handler',
  'memorySize',
  'timeout',
  'environment',
  'reservedConcurrency',
  'runtime',
  'architecture',
] as const;

/**
 * Variables Lambda sets itself and refuses in a function's configuration.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-runtime
 */
const LAMBDA_RESERVED_VARIABLES = [
  '_HANDLER',
  '_X_AMZN_TRACE_ID',
  'AWS_ACCESS_KEY',
  'AWS_ACCESS_KEY_ID',
  'AWS_DEFAULT_REGION',
  'AWS_EXECUTION_ENV',
  'AWS_LAMBDA_FUNCTION_MEMORY_SIZE',
  'AWS_LAMBDA_FUNCTION_NAME',
  'AWS_LAMBDA_FUNCTION_VERSION',
  'AWS_LAMBDA_INITIALIZATION_TYPE',
  'AWS_LAMBDA_LOG_GROUP_NAME',
  'AWS_LAMBDA_LOG_STREAM_NAME',
  'AWS_LAMBDA_RUNTIME_API',
  'AWS_REGION',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'LAMBDA_RUNTIME_DIR',
  'LAMBDA_TASK_ROOT',
];
const VARIABLE_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;
/** REST stage names: letters, digits, hyphens and underscores, up to 128. */
const STAGE_NAME = /^[A-Za-z0-9_-]{1,128}$/;

/** Checks a `ShopApi`'s props and returns the parsed routes, in order. */
export function validateApiProps(scope: IConstruct, props: ShopApiProps): ParsedRoute[] {
  const rest = props.apiType === ShopApiType.REST;
  if (props.apiType !== undefined && props.apiType !== ShopApiType.HTTP && !rest) {
    throw invalidProp(scope, 'apiType', 'is not a ShopApiType', 'Use ShopApiType.HTTP or ShopApiType.REST.');
  }
  if (!Array.isArray(props.routes) || props.routes.length === 0) {
    throw invalidProp(
      scope,
      'routes',
      'is empty',
      "Give at least one route, e.g. { route: 'GET /api/products', code }.",
    );
  }
  validateTables(scope, props);
  validateApiOptions(scope, props, rest);
  const parsed = props.routes.map((route, i) => {
    const at = `routes[${i}]`;
    const key = parseRouteKey(scope, `${at}.route`, route.route);
    validateRoute(scope, at, route, props, rest);
    return key;
  });
  checkRouteConflicts(scope, parsed, rest);
  return parsed;
}

function validateTables(scope: IConstruct, props: ShopApiProps): void {
  const byVariable = new Map<string, string>();
  for (const name of Object.keys(props.tables ?? {})) {
    if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(name)) {
      throw invalidProp(
        scope,
        'tables',
        `'${name}' is not a table name`,
        'Name tables with letters, digits, "_", "-" and ".".',
      );
    }
    const variable = tableVariableName(name);
    const other = byVariable.get(variable);
    if (other !== undefined) {
      throw invalidProp(
        scope,
        'tables',
        `'${other}' and '${name}' would both reach the functions as ${variable}`,
        'Rename one of the tables.',
      );
    }
    byVariable.set(variable, name);
  }
}

function validateApiOptions(scope: IConstruct, props: ShopApiProps, rest: boolean): void {
  if (props.stageName !== undefined) {
    if (!rest) {
      throw invalidProp(
        scope,
        'stageName',
        'is a REST API option; an HTTP API serves its $default stage at the root',
        'Remove stageName, or set apiType: ShopApiType.REST.',
      );
    }
    requireLiteral(scope, 'stageName', props.stageName, 'a stage name');
    if (!STAGE_NAME.test(props.stageName)) {
      throw invalidProp(
        scope,
        'stageName',
        `'${props.stageName}' is not a stage name`,
        'Use 1 to 128 letters, digits, "-" and "_".',
      );
    }
  }
  const throttle = props.throttle ?? {};
  for (const field of ['rateLimit', 'burstLimit'] as const) {
    const value = throttle[field];
    requireLiteral(scope, `throttle.${field}`, value, 'a number of requests per second');
    if (
      value !== undefined &&
      (!Number.isFinite(value) || value < 0 || (field === 'burstLimit' && !Number.isInteger(value)))
    ) {
      throw invalidProp(
        scope,
        `throttle.${field}`,
        `is ${value}`,
        `Give a ${field === 'burstLimit' ? 'whole ' : ''}number of requests per second, 0 or more.`,
      );
    }
  }
  if (props.databaseUser !== undefined && !POSTGRES_ROLE.test(props.databaseUser)) {
    throw invalidProp(
      scope,
      'databaseUser',
      `'${props.databaseUser}' is not a PostgreSQL user name`,
      'Use a letter or _, then up to 62 letters, digits, _ or $, such as shop_api.',
    );
  }
}

function validateRoute(
  scope: IConstruct,
  at: string,
  route: ShopApiRoute,
  props: ShopApiProps,
  rest: boolean,
): void {
  const key = route.route;
  if ((route.code === undefined) === (route.function === undefined)) {
    throw invalidProp(
      scope,
      at,
      `'${key}' has ${route.code ? 'both code and function' : 'neither code nor function'}`,
      'Give exactly one: code (a lambda.Code for a new function) or function (an existing one).',
    );
  }
  if (route.function) {
    const given = FUNCTION_SETTINGS.filter((s) => route[s] !== undefined);
    if (given.length > 0) {
      throw invalidProp(
        scope,
        `${at}.${given[0]}`,
        `'${key}' uses an existing function, which this construct does not configure`,
        `Set ${given.join(', ')} on the function itself, or give code instead of function.`,
      );
    }
  } else {
    validateFunctionSettings(scope, at, route, rest);
  }
  validateAuthorization(scope, at, route, props, rest);
  validateGrants(scope, at, route, props);
  if (route.apiKeyRequired !== undefined && !rest) {
    throw invalidProp(
      scope,
      `${at}.apiKeyRequired`,
      'is a REST API option: HTTP APIs have no API keys or usage plans',
      'Remove apiKeyRequired, or set apiType: ShopApiType.REST.',
    );
  }
}

function validateFunctionSettings(scope: IConstruct, at: string, route: ShopApiRoute, rest: boolean): void {
  if (route.handler !== undefined && (typeof route.handler !== 'string' || route.handler.trim() === '')) {
    throw invalidProp(
      scope,
      `${at}.handler`,
      'is empty',
      "Give the handler as 'file.export', e.g. 'index.handler'.",
    );
  }
  const memory = route.memorySize;
  requireLiteral(scope, `${at}.memorySize`, memory, 'a number of MB');
  if (
    memory !== undefined &&
    (!Number.isInteger(memory) || memory < LAMBDA_MEMORY_MIB.min || memory > LAMBDA_MEMORY_MIB.max)
  ) {
    throw invalidProp(
      scope,
      `${at}.memorySize`,
      `is ${memory} MB; Lambda takes ${LAMBDA_MEMORY_MIB.min} to ${LAMBDA_MEMORY_MIB.max} (https://docs.aws.amazon.com/lambda/latest/dg/configuration-memory.html)`,
      `Give a whole number of MB from ${LAMBDA_MEMORY_MIB.min} to ${LAMBDA_MEMORY_MIB.max}.`,
    );
  }
  requireLiteral(scope, `${at}.timeout`, route.timeout, 'a Duration in seconds');
  if (route.timeout !== undefined) {
    const limit = rest ? INTEGRATION_TIMEOUT_SECONDS.rest : INTEGRATION_TIMEOUT_SECONDS.http;
    const seconds = route.timeout.toMilliseconds() / 1000;
    if (seconds < 1 || seconds > limit) {
      throw invalidProp(
        scope,
        `${at}.timeout`,
        `is ${seconds} s; API Gateway stops waiting for ${rest ? 'a REST' : 'an HTTP'} API integration after ${limit} s`,
        `Give 1 to ${limit} seconds; move longer work to a queue or a Step Functions workflow.`,
      );
    }
  }
  const reserved = route.reservedConcurrency;
  requireLiteral(scope, `${at}.reservedConcurrency`, reserved, 'a number of concurrent executions');
  if (reserved !== undefined && (!Number.isInteger(reserved) || reserved < 0)) {
    throw invalidProp(
      scope,
      `${at}.reservedConcurrency`,
      `is ${reserved}`,
      'Give a whole number of concurrent executions, 0 or more (0 stops the function), or leave it unset.',
    );
  }
  validateEnvironment(scope, `${at}.environment`, route);
}

function validateEnvironment(scope: IConstruct, prop: string, route: ShopApiRoute): void {
  const tableVariables = (route.tables ?? []).map((g) => tableVariableName(g.table));
  for (const [name, value] of Object.entries(route.environment ?? {})) {
    if (!VARIABLE_NAME.test(name)) {
      throw invalidProp(
        scope,
        prop,
        `'${name}' is not an environment variable name`,
        'Use letters, digits and underscores, starting with a letter.',
      );
    }
    if (LAMBDA_RESERVED_VARIABLES.includes(name)) {
      throw invalidProp(
        scope,
        prop,
        `${name} is set by Lambda itself and refused in a function's configuration`,
        `Remove ${name}.`,
      );
    }
    if (connectionVariables(route).includes(name)) {
      throw invalidProp(
        scope,
        prop,
        `${name} is set by the ${DATABASE_VARIABLES.includes(name) ? 'database' : 'cache'} connection of '${route.route}'`,
        `Remove ${name}; the function receives it.`,
      );
    }
    if (tableVariables.includes(name)) {
      throw invalidProp(
        scope,
        prop,
        `${name} is the variable that carries a granted table's name`,
        `Remove ${name}; the function receives it.`,
      );
    }
    if (holdsSecretReference(scope, value)) {
      throw invalidProp(
        scope,
        prop,
        `${name} holds a secret dynamic reference, which Lambda would show in plain text in the function's configuration`,
        'Read the secret at run time (Secrets Manager, Parameter Store) and grant the function access to it.',
      );
    }
  }
}

/** The variables `connectFunctionToDatabase` / `connectFunctionToCache` set. */
const DATABASE_VARIABLES: string[] = [...Object.values(DATABASE_ENVIRONMENT), 'PGSSLMODE', 'PGSSLROOTCERT'];
const CACHE_VARIABLES: string[] = Object.values(CACHE_ENVIRONMENT);

function connectionVariables(route: ShopApiRoute): string[] {
  return [...(route.database ? DATABASE_VARIABLES : []), ...(route.sessions ? CACHE_VARIABLES : [])];
}

function validateAuthorization(
  scope: IConstruct,
  at: string,
  route: ShopApiRoute,
  props: ShopApiProps,
  rest: boolean,
): void {
  if (route.authorizationScopes !== undefined) {
    if (!route.protected) {
      throw invalidProp(
        scope,
        `${at}.authorizationScopes`,
        `'${route.route}' is not protected, so no token is read to check scopes against`,
        'Set protected: true, or remove authorizationScopes.',
      );
    }
    if (
      route.authorizationScopes.length === 0 ||
      route.authorizationScopes.some((s) => typeof s !== 'string' || !/^[\x21\x23-\x5B\x5D-\x7E]+$/.test(s))
    ) {
      throw invalidProp(
        scope,
        `${at}.authorizationScopes`,
        'holds an empty or malformed scope',
        "Give OAuth scope names without spaces, e.g. 'shop/orders.write', or remove authorizationScopes.",
      );
    }
  }
  if (!route.protected) return;
  if (!props.userPool) {
    throw invalidProp(
      scope,
      `${at}.protected`,
      `'${route.route}' is protected but there is no user pool to check tokens against`,
      'Give userPool (e.g. ShopCustomers.userPool), or set protected: false.',
    );
  }
  if (!rest && (props.userPoolClients ?? []).length === 0) {
    throw invalidProp(
      scope,
      'userPoolClients',
      `routes[${props.routes.indexOf(route)}] is protected and an HTTP API's JWT authorizer needs an audience`,
      'Give the app clients whose tokens the API accepts (e.g. [ShopCustomers.userPoolClient]).',
    );
  }
}

function validateGrants(scope: IConstruct, at: string, route: ShopApiRoute, props: ShopApiProps): void {
  const known = Object.keys(props.tables ?? {});
  const named = new Set<string>();
  (route.tables ?? []).forEach((grant, j) => {
    const prop = `${at}.tables[${j}]`;
    if (!known.includes(grant.table)) {
      throw invalidProp(
        scope,
        `${prop}.table`,
        `'${grant.table}' is not one of the tables (${known.length ? known.join(', ') : 'none given'})`,
        'Name a key of the tables prop, or add the table there: tables: { catalog: table }.',
      );
    }
    if (named.has(grant.table)) {
      throw invalidProp(
        scope,
        `${prop}.table`,
        `'${grant.table}' is granted twice to '${route.route}'`,
        'Give each table once; use TableAccess.READ_WRITE or TableAccess.of(...) for several kinds of access.',
      );
    }
    named.add(grant.table);
    if (!(grant.access instanceof TableAccess)) {
      throw invalidProp(
        scope,
        `${prop}.access`,
        'is not a TableAccess',
        'Use TableAccess.READ, WRITE, READ_WRITE or TableAccess.of(...).',
      );
    }
  });
  const needs: Array<[boolean | undefined, string, unknown, string]> = [
    [
      route.database,
      'database',
      props.database,
      'database (a ShopDatabase with proxy and iamAuthentication)',
    ],
    [route.sessions, 'sessions', props.cache, 'cache (a ShopCache)'],
  ];
  for (const [wanted, prop, given, what] of needs) {
    if (!wanted) continue;
    const missing = [props.vpc ? undefined : 'vpc', given ? undefined : what].filter((m) => m !== undefined);
    if (missing.length > 0) {
      throw invalidProp(
        scope,
        `${at}.${prop}`,
        `'${route.route}' asks for ${prop === 'database' ? 'the orders database' : 'the session cache'} but the API has no ${missing.join(' and no ')}`,
        `Give ${missing.join(' and ')}, or remove ${prop}: true.`,
      );
    }
    if (route.function && !(route.function instanceof lambda.Function)) {
      throw invalidProp(
        scope,
        `${at}.${prop}`,
        `'${route.route}' uses an imported function, which cannot be placed in the VPC or given security group access`,
        'Give code so the construct defines the function, or connect your function yourself.',
      );
    }
  }
}
