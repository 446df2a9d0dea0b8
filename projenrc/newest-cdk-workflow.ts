import { awscdk } from 'projen';
import { ActionRefs, GithubWorkflow } from 'projen/lib/github';
import { JobPermission } from 'projen/lib/github/workflows-model';

/**
 * `newest-aws-cdk-lib`: the unit tests against the newest aws-cdk-lib, weekly and on demand.
 * The build stays on the 2.257 floor (the upgrade workflow keeps it there); this job tells early
 * when a newer aws-cdk-lib changes what the constructs synthesize. The unit tests assert on
 * resources and properties, not on whole-template snapshots (those are the integ snapshots,
 * which integ-runner checks only on the floor), so a failure here is a real difference.
 */
export function addNewestCdkWorkflow(project: awscdk.AwsCdkConstructLibrary): void {
  const workflow = new GithubWorkflow(project.github!, 'newest-aws-cdk-lib');
  workflow.on({ workflowDispatch: {}, schedule: [{ cron: '0 5 * * 1' }] });
  workflow.addJobs({
    unit: {
      name: 'unit tests on the newest aws-cdk-lib',
      runsOn: ['ubuntu-latest'],
      permissions: { contents: JobPermission.READ },
      steps: [
        { name: 'Checkout', uses: ActionRefs.ACTIONS_CHECKOUT },
        { name: 'Set up Node', uses: ActionRefs.ACTIONS_SETUP_NODE, with: { 'node-version': '20' } },
        { name: 'Install dependencies', run: 'npm ci' },
        {
          name: 'Install the newest aws-cdk-lib',
          run: 'npm install --no-save aws-cdk-lib@latest constructs@^10',
        },
        { name: 'Compile', run: 'npx projen compile' },
        { name: 'Unit tests', run: 'npx projen test:unit' },
      ],
    },
  });
}
