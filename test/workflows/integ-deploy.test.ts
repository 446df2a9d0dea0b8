import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse } from 'yaml';
import { integScenarios } from '../../projenrc/integ-deploy-workflow';

// The workflow projen generates from projenrc/integ-deploy-workflow.ts, as committed.
const ROOT = path.join(__dirname, '..', '..');
const FILE = path.join(ROOT, '.github', 'workflows', 'integ-deploy.yml');
const text = fs.readFileSync(FILE, 'utf8');
const workflow = parse(text);
const deploy = workflow.jobs.deploy;

/** The integ scenarios as they are in integ/ now, read independently of the projenrc module. */
const scenariosOnDisk = fs
  .readdirSync(path.join(ROOT, 'integ'))
  .filter((f) => f.startsWith('integ.') && f.endsWith('.ts'))
  .sort();

/** Evaluates the matrix expression's two branches: every scenario, or the dispatched one. */
function matrixScenarios(expression: string): { all: string[]; one: string } {
  const m =
    /^\$\{\{ fromJSON\(\(github\.event_name == 'schedule' \|\| inputs\.scenario == 'all'\) && '(\[[^']*\])' \|\| format\('(\[[^']*\])', inputs\.scenario\)\) \}\}$/.exec(
      expression,
    );
  if (!m) throw new Error(`matrix expression not understood: ${expression}`);
  return { all: JSON.parse(m[1]), one: m[2] };
}

describe('integ deploy workflow', () => {
  test('runs on manual dispatch and on a weekly schedule, nothing else', () => {
    expect(Object.keys(workflow.on).sort()).toEqual(['schedule', 'workflow_dispatch']);
    expect(workflow.on.schedule).toHaveLength(1);
    const [minute, hour, dayOfMonth, month, dayOfWeek] = workflow.on.schedule[0].cron.split(' ');
    expect({ minute, hour, dayOfMonth, month }).toEqual({
      minute: '0',
      hour: '4',
      dayOfMonth: '*',
      month: '*',
    });
    expect(dayOfWeek).toMatch(/^[0-6]$/);
  });

  test('the dispatch input chooses one scenario or all, all by default', () => {
    const input = workflow.on.workflow_dispatch.inputs.scenario;
    expect(input).toMatchObject({ type: 'choice', default: 'all' });
    expect(input.options).toEqual(['all', ...scenariosOnDisk]);
  });

  test('the matrix is every integ/integ.*.ts file, or the dispatched one', () => {
    expect(scenariosOnDisk.length).toBeGreaterThan(0);
    const { all, one } = matrixScenarios(deploy.strategy.matrix.scenario);
    expect(all).toEqual(scenariosOnDisk);
    expect(one).toBe('["{0}"]');
    expect(deploy.strategy['fail-fast']).toBe(false);
  });

  test('gets AWS credentials through OIDC only: id-token write, no access keys anywhere', () => {
    expect(deploy.permissions).toEqual({ 'id-token': 'write', contents: 'read' });
    expect(workflow.permissions).toBeUndefined();
    expect(text).not.toMatch(
      /aws-access-key-id|aws-secret-access-key|aws-session-token|AWS_SECRET_ACCESS_KEY/i,
    );
    const creds = deploy.steps.filter((s: any) =>
      /^aws-actions\/configure-aws-credentials@/.test(s.uses ?? ''),
    );
    expect(creds).toHaveLength(1);
    expect(creds[0].uses).toMatch(/@(v\d+(\.\d+)*|[0-9a-f]{40})$/);
    expect(Object.keys(creds[0].with).sort()).toEqual([
      'aws-region',
      'role-duration-seconds',
      'role-session-name',
      'role-to-assume',
    ]);
    expect(creds[0].with['role-to-assume']).toMatch(/^\$\{\{ (vars|secrets)\.[A-Z_]+ \}\}$/);
    expect(creds[0].with['aws-region']).toBe('us-east-1');
  });

  test('runs in the integ environment the role trusts, one run per scenario at a time', () => {
    expect(deploy.environment).toBe('integ');
    expect(deploy.concurrency).toEqual({
      group: 'integ-deploy-${{ matrix.scenario }}',
      'cancel-in-progress': false,
    });
  });

  test('the session outlasts the job', () => {
    const creds = deploy.steps.find((s: any) => s.with?.['role-duration-seconds']);
    expect(deploy['timeout-minutes'] * 60).toBeLessThan(creds.with['role-duration-seconds']);
  });

  test('installs, assumes the role, then deploys the matrix file with integ-runner --update-on-failed --force in us-east-1', () => {
    const names = deploy.steps.map((s: any) => s.uses?.split('@')[0] ?? s.run);
    expect(names).toEqual([
      expect.stringMatching(/^test -n "\$ROLE_ARN" \|\| /),
      'actions/checkout',
      'actions/setup-node',
      'npm ci',
      'aws-actions/configure-aws-credentials',
      expect.stringMatching(/^npx integ-runner /),
      'actions/upload-artifact',
    ]);
    const run = deploy.steps[5];
    const args = run.run.split(' ');
    expect(args).toEqual(
      expect.arrayContaining([
        '--language',
        'typescript',
        '--directory',
        'integ',
        '--update-on-failed',
        // every scenario is deployed, not only those whose snapshot changed
        '--force',
        '--strict',
      ]),
    );
    expect(args).not.toContain('--dry-run');
    expect(args.slice(args.indexOf('--parallel-regions'), args.indexOf('--parallel-regions') + 2)).toEqual([
      '--parallel-regions',
      'us-east-1',
    ]);
    // the file reaches the shell through the environment, never pasted into the script
    expect(run.env).toEqual({
      SCENARIO: '${{ matrix.scenario }}',
      CDK_SHOP_INTEG_ZONE_ID: '${{ vars.CDK_SHOP_INTEG_ZONE_ID }}',
      CDK_SHOP_INTEG_ZONE_NAME: '${{ vars.CDK_SHOP_INTEG_ZONE_NAME }}',
    });
    expect(args[args.length - 1]).toBe('"integ/$SCENARIO"');
    expect(run.run).not.toContain('${{');
  });

  test('fails first, naming the fix, when the role variable is not set', () => {
    const check = deploy.steps[0];
    expect(check.env).toEqual({ ROLE_ARN: '${{ vars.INTEG_DEPLOY_ROLE_ARN }}' });
    expect(check.run).toContain('::error::Set the repository variable INTEG_DEPLOY_ROLE_ARN');
    expect(check.run).toMatch(/exit 1/);
  });

  test('uploads the refreshed snapshot without the git-ignored assets', () => {
    const upload = deploy.steps[6];
    expect(upload.with.path.split('\n')).toEqual([
      'integ/${{ matrix.scenario }}.snapshot',
      '!integ/${{ matrix.scenario }}.snapshot/asset.*',
    ]);
    expect(upload.with['if-no-files-found']).toBe('error');
  });
});

describe('integScenarios', () => {
  test('lists integ.*.ts files, sorted, and picks up a new one; not snapshots or other files', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'integ-scenarios-'));
    fs.mkdirSync(path.join(root, 'integ', 'integ.b.ts.snapshot'), { recursive: true });
    for (const f of ['integ.b.ts', 'integ.a.ts', 'helpers.ts', 'integ.c.js', 'README.md']) {
      fs.writeFileSync(path.join(root, 'integ', f), '');
    }
    expect(integScenarios(root)).toEqual(['integ.a.ts', 'integ.b.ts']);
    fs.writeFileSync(path.join(root, 'integ', 'integ.new-scenario.ts'), '');
    expect(integScenarios(root)).toEqual(['integ.a.ts', 'integ.b.ts', 'integ.new-scenario.ts']);
    fs.rmSync(root, { recursive: true, force: true });
  });

  test("is what the committed workflow was generated from (else run 'npx projen')", () => {
    expect(workflow.on.workflow_dispatch.inputs.scenario.options).toEqual(['all', ...integScenarios(ROOT)]);
  });
});
