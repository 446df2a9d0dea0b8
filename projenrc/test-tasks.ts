import { awscdk } from 'projen';

/**
 * The jest test files that start or need real programs (nginx, PostgreSQL, Redis, moto in
 * `.venv`, cloud-init, shellcheck): `test:host` runs them, `test:unit` everything else, so a
 * contributor with only Node can run the fast part. Jest path regexes; a test
 * (test/scripts/test-split.test.ts) fails when a test file outside them imports a real-program
 * helper.
 */
export const HOST_TEST_PATTERNS = [
  '/test/shop/single-host/host/',
  '/test/shop/single-host/single-host-user-data.test.ts',
  '/test/shop/serverless/handlers.test.ts',
  '/test/shop/serverless/handlers-iam.test.ts',
  '/test/shop/serverless/data-access-tls.test.ts',
  '/test/shop/fargate/fargate-database-tls.test.ts',
  '/test/shop/fargate/fargate-settings.test.ts',
  '/test/database/connection-settings.test.ts',
  '/test/cache/connection-settings.test.ts',
];

/** One jest path regex matching any of the patterns (dots literal). */
function anyOf(patterns: string[]): string {
  return `(${patterns.map((p) => p.replace(/\./g, '\\.')).join('|')})`;
}

/** What jest ignores everywhere (the consumer apps are run by scripts/consumers.sh). */
const ALWAYS_IGNORED = ['/node_modules/', '/test/consumers/'];

/**
 * One test entry point: `npx projen test` is the full suite (scripts/test.sh: every step
 * counted, ending with `N passed, N failed`), which `.ci/run` and the build workflow run;
 * `test:unit` and `test:host` are its two jest parts, each runnable alone. Extra jest
 * arguments pass through (`npx projen test:unit --testPathPatterns test/cost`).
 */
export function addTestTasks(project: awscdk.AwsCdkConstructLibrary): void {
  project.testTask.reset('bash scripts/test.sh');
  project.testTask.description =
    'The full suite: projen drift, compile, docs, rosetta, type check, unit and host-program tests, lint, integ snapshots, examples and cfn-lint, packaging and consumers';

  project.addTask('test:unit', {
    description: 'The jest unit tests: no real programs needed, only Node (snapshots never update)',
    exec: `jest --ci --coverage=false --testPathIgnorePatterns='${anyOf([...ALWAYS_IGNORED, ...HOST_TEST_PATTERNS])}'`,
    receiveArgs: true,
  });
  project.addTask('test:host', {
    description:
      'The jest tests that run real programs: nginx, PostgreSQL, Redis, moto, cloud-init, shellcheck (scripts/setup.sh --tests installs them)',
    exec: `jest --ci --coverage=false --testPathPatterns='${anyOf(HOST_TEST_PATTERNS)}'`,
    receiveArgs: true,
  });
  project.addTask('test:lint', {
    description: 'eslint with prettier over every TypeScript folder, without --fix (0 warnings)',
    exec: 'eslint --ext .ts --no-error-on-unmatched-pattern --max-warnings 0 src test integ examples benchmarks infra projenrc .projenrc.ts',
    env: { ESLINT_USE_FLAT_CONFIG: 'false' },
  });
}
