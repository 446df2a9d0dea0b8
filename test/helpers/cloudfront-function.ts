import * as vm from 'vm';
import { Linter } from 'eslint';

/*
 * Runs a CloudFront Function's code under Node the way CloudFront calls it: the script is
 * evaluated in a context holding only the ECMAScript built-ins (no require, module, process,
 * console or timers), and its top-level `handler` gets an event shaped as "CloudFront Functions
 * event structure" documents it
 * (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/functions-event-structure.html):
 * version 1.0, context (distributionDomainName, distributionId, eventType, requestId), viewer.ip,
 * request (method, uri, querystring, headers, cookies) with lower-case names and every value an
 * object `{ value }`, repeated names as `multiValue`.
 */

/** A query string, header or cookie as the event holds it. */
export interface EventValue {
  readonly value: string;
  readonly multiValue?: { value: string }[];
}

/** The `request` of a viewer-request event. */
export interface FunctionRequest {
  method: string;
  uri: string;
  querystring: Record<string, EventValue>;
  headers: Record<string, EventValue>;
  cookies: Record<string, EventValue>;
}

/** A viewer-request event for `url` (a path with an optional query string). */
export function viewerRequestEvent(url: string, method = 'GET', host = 'd111111abcdef8.cloudfront.net'): any {
  const [uri, query] = splitUrl(url);
  return {
    version: '1.0',
    context: {
      distributionDomainName: 'd111111abcdef8.cloudfront.net',
      distributionId: 'EDFDVBD6EXAMPLE',
      eventType: 'viewer-request',
      requestId: 'EXAMPLEntjQpEXAMPLE_SG5Z-EXAMPLEPmPfEXAMPLEu3EqEXAMPLE==',
    },
    viewer: { ip: '198.51.100.11' },
    request: {
      method,
      uri,
      querystring: parseQuery(query),
      headers: { host: { value: host }, accept: { value: 'text/html' } },
      cookies: {},
    } satisfies FunctionRequest,
  };
}

function splitUrl(url: string): [string, string] {
  const at = url.indexOf('?');
  return at === -1 ? [url, ''] : [url.slice(0, at), url.slice(at + 1)];
}

/** The event's querystring object: names with their values as sent, repeated names as multiValue. */
function parseQuery(query: string): Record<string, EventValue> {
  const values: Record<string, string[]> = {};
  for (const pair of query.split('&').filter((p) => p !== '')) {
    const at = pair.indexOf('=');
    const name = at === -1 ? pair : pair.slice(0, at);
    (values[name] ??= []).push(at === -1 ? '' : pair.slice(at + 1));
  }
  return Object.fromEntries(
    Object.entries(values).map(([name, list]) => [
      name,
      list.length === 1
        ? { value: list[0] }
        : { value: list[0], multiValue: list.map((value) => ({ value })) },
    ]),
  );
}

/** The handler of a CloudFront Function's code, evaluated with the ECMAScript built-ins only. */
export function loadFunction(code: string): (event: any) => any {
  const context = vm.createContext({});
  vm.runInContext(code, context, { filename: 'cloudfront-function.js', timeout: 1000 });
  const handler = (context as any).handler;
  if (typeof handler !== 'function') throw new Error('the code defines no top-level function handler(event)');
  return handler;
}

/**
 * What in the code cloudfront-js-2.0 would refuse or not have: it must parse as an ECMAScript
 * 5.1 script (every feature of 5.1 is in the runtime; "JavaScript runtime 2.0 features for
 * CloudFront Functions", https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/functions-javascript-runtime-20.html),
 * name no global but ECMAScript 5.1's built-ins (no require, module, process, console or
 * timers: eslint's no-undef with no environment), and define a top-level `handler`.
 */
export function cloudFrontJs2Problems(code: string): string[] {
  const messages = new Linter().verify(code, [
    {
      languageOptions: { ecmaVersion: 5, sourceType: 'script', globals: {} },
      rules: { 'no-undef': 'error' },
    },
  ]);
  const problems = messages.map((m) => (m.fatal ? `not an ECMAScript 5.1 script: ${m.message}` : m.message));
  if (problems.length === 0 && !/^function handler\(\w+\) \{/m.test(code)) {
    problems.push('has no top-level function handler(event)');
  }
  return problems;
}
