import * as fs from 'fs';
import * as path from 'path';
import { awscdk } from 'projen';
import { ActionRefs, GithubWorkflow } from 'projen/lib/github';
import { JobPermission } from 'projen/lib/github/workflows-model';

/** The workflow's name, file `.github/workflows/integ-deploy.yml`. */
export const INTEG_DEPLOY_WORKFLOW = 'integ-deploy';

/** The GitHub environment the deploy jobs run in; the role's trust policy names it. */
export const INTEG_ENVIRONMENT = 'integ';

/** The repository variable holding the ARN of the role `infra/` creates (IntegDeployRoleStack). */
export const INTEG_ROLE_VARIABLE = 'INTEG_DEPLOY_ROLE_ARN';

/** Repository variables passed to integ-runner: the hosted zone the production scenario's edge uses. */
export const ZONE_VARIABLES = ['CDK_SHOP_INTEG_ZONE_ID', 'CDK_SHOP_INTEG_ZONE_NAME'];

/** The region every scenario deploys to (integ-runner otherwise picks among three). */
export const INTEG_REGION = 'us-east-1';

/**
 * How long the job and the role's session may last. Credentials from the web identity are not
 * refreshed, so the session must outlive the job; the role's MaxSessionDuration (infra/) is the same.
 */
export const INTEG_SESSION_SECONDS = 2 * 60 * 60;

/** The integ scenarios in `integ/`, `integ.<name>.ts` files sorted by name. */
export function integScenarios(root: string): string[] {
  const dir = path.join(root, 'integ');
  return fs
    .readdirSync(dir)
    .filter((f) => /^integ\.[^/]+\.ts$/.test(f) && fs.statSync(path.join(dir, f)).isFile())
    .sort();
}

/**
 * The manual and weekly workflow that deploys each integ scenario into a real account through
 * GitHub OIDC (no long-lived keys) and refreshes its snapshot with `integ-runner --update-on-failed`.
 * The refreshed snapshot is uploaded as an artifact for a maintainer to commit: opening a pull
 * request would need `contents: write` in a job that also holds AWS credentials.
 */
export function addIntegDeployWorkflow(project: awscdk.AwsCdkConstructLibrary): void {
  if (!project.github) {
    throw new Error('addIntegDeployWorkflow needs github: true in .projenrc.ts');
  }
  // The role the workflow assumes: infra/ (IntegDeployRoleStack), deployed once per account.
  project.addTask('infra:deploy', {
    description:
      'Deploy the GitHub OIDC provider and the integ deploy role (infra/main.ts) with your AWS credentials; prints the role ARN for INTEG_DEPLOY_ROLE_ARN',
    exec: "cdk deploy --app 'ts-node --project tsconfig.dev.json infra/main.ts' --output .tmp/infra.out",
    receiveArgs: true,
  });
  const scenarios = integScenarios(project.outdir);
  const workflow = new GithubWorkflow(project.github, INTEG_DEPLOY_WORKFLOW);
  workflow.on({
    workflowDispatch: {
      inputs: {
        scenario: {
          description: 'The integ scenario to deploy (a file in integ/), or all of them',
          type: 'choice',
          required: true,
          default: 'all',
          options: ['all', ...scenarios],
        },
      },
    },
    // Mondays 04:00 UTC: a weekly proof that every scenario still deploys.
    schedule: [{ cron: '0 4 * * 1' }],
  });

  const all = JSON.stringify(scenarios);
  // Dispatch with one scenario runs that one; the schedule (no inputs) and "all" run every file.
  const matrix = `\${{ fromJSON((github.event_name == 'schedule' || inputs.scenario == 'all') && '${all}' || format('["{0}"]', inputs.scenario)) }}`;

  workflow.addJobs({
    deploy: {
      name: 'integ ${{ matrix.scenario }}',
      runsOn: ['ubuntu-latest'],
      environment: INTEG_ENVIRONMENT,
      permissions: { idToken: JobPermission.WRITE, contents: JobPermission.READ },
      // One deployment of a scenario at a time: a second run waits instead of racing its stacks.
      concurrency: { group: 'integ-deploy-${{ matrix.scenario }}', 'cancel-in-progress': false },
      timeoutMinutes: INTEG_SESSION_SECONDS / 60 - 5,
      strategy: { failFast: false, matrix: { domain: { scenario: matrix as any } } },
      steps: [
        {
          name: 'Check the role variable',
          env: { ROLE_ARN: `\${{ vars.${INTEG_ROLE_VARIABLE} }}` },
          run: `test -n "$ROLE_ARN" || { echo "::error::Set the repository variable ${INTEG_ROLE_VARIABLE} to the RoleArn output of npx projen infra:deploy (README: Integration tests)"; exit 1; }`,
        },
        { name: 'Checkout', uses: ActionRefs.ACTIONS_CHECKOUT },
        { name: 'Set up Node', uses: ActionRefs.ACTIONS_SETUP_NODE, with: { 'node-version': '20' } },
        { name: 'Install dependencies', run: 'npm ci' },
        {
          name: 'Assume the integ deploy role (OIDC)',
          uses: ActionRefs.AWS_ACTIONS_CONFIGURE_AWS_CREDENTIALS,
          with: {
            'role-to-assume': `\${{ vars.${INTEG_ROLE_VARIABLE} }}`,
            'aws-region': INTEG_REGION,
            'role-duration-seconds': INTEG_SESSION_SECONDS,
            'role-session-name': 'integ-${{ github.run_id }}',
          },
        },
        {
          name: 'Deploy, assert and destroy; refresh the snapshot',
          env: {
            SCENARIO: '${{ matrix.scenario }}',
            // integ.fargate-shop-production.ts needs a public hosted zone of the account (empty: placeholders)
            ...Object.fromEntries(ZONE_VARIABLES.map((v) => [v, `\${{ vars.${v} }}`])),
          },
          // --force: without it integ-runner deploys only scenarios whose snapshot changed, and a
          // weekly run of unchanged ones would deploy nothing; --strict: an unknown file fails
          run: `npx integ-runner --language typescript --directory integ --update-on-failed --force --strict --parallel-regions ${INTEG_REGION} "integ/$SCENARIO"`,
        },
        {
          name: 'Upload the refreshed snapshot',
          uses: ActionRefs.ACTIONS_UPLOAD_ARTIFACT,
          with: {
            name: 'snapshot-${{ matrix.scenario }}',
            // asset.* folders are git-ignored: the snapshot as it would be committed
            path: 'integ/${{ matrix.scenario }}.snapshot\n!integ/${{ matrix.scenario }}.snapshot/asset.*',
            'if-no-files-found': 'error',
          },
        },
      ],
    },
  });
}
