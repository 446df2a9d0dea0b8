import { awscdk } from 'projen';

/**
 * `workflows:lint`: actionlint over every workflow file (scripts/setup-actionlint.sh installs it
 * into .tmp/bin; its settings are .github/actionlint.yaml). Any finding fails the task.
 */
export function addWorkflowLint(project: awscdk.AwsCdkConstructLibrary): void {
  project.addTask('workflows:lint', {
    description: 'Lint every GitHub workflow with actionlint (and shellcheck over their run: scripts)',
    steps: [{ exec: 'bash scripts/setup-actionlint.sh' }, { exec: '.tmp/bin/actionlint -color=false' }],
  });
}
