import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { guardCacheFile, guardViolations } from './guard-run';

/*
 * The cached cfn-guard run answers exactly what a live run answers, per template, also when
 * several templates are checked in one cfn-guard process.
 */
describe('guardViolations', () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-shop-guard-run-'));
  afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

  // two stacks that break different rules, and a third with a byte more than the first
  const app = new App({ outdir });
  new logs.LogGroup(new Stack(app, 'Logs'), 'Logs', { retention: logs.RetentionDays.ONE_YEAR });
  new sqs.Queue(new Stack(app, 'Queue'), 'Queue');
  const other = new Stack(app, 'LogsToo');
  new logs.LogGroup(other, 'Logs', { retention: logs.RetentionDays.ONE_YEAR });
  other.templateOptions.description = 'x';
  const assembly = app.synth();
  const templates = ['Logs', 'Queue', 'LogsToo'].map((n) => assembly.getStackByName(n).templateFullPath);
  const rules = (violations: Array<{ ruleName: string }>) => violations.map((v) => v.ruleName).sort();

  // live runs: the three in one cfn-guard process, and the first two alone
  let together: ReturnType<typeof guardViolations>;
  let alone: ReturnType<typeof guardViolations>;
  beforeAll(() => {
    together = guardViolations(templates, { cache: false });
    alone = templates.slice(0, 2).map((t) => guardViolations([t], { cache: false })[0]);
  });

  test('one run over several templates splits the findings by template, as separate live runs find them', () => {
    expect(together.slice(0, 2)).toEqual(alone);
    expect(together[2]).toEqual(together[0]);
    expect(rules(together[0])).toContain('cloudwatch_log_group_encrypted_check');
    expect(rules(together[1])).toContain('sqs_dlq_check');
    expect(rules(together[1])).not.toContain('cloudwatch_log_group_encrypted_check');
    expect(together[0][0].resourceLogicalIds).toEqual([expect.stringMatching(/^Logs/)]);
  });

  test('the cached answer is the live one, kept under the bytes of the template', () => {
    fs.rmSync(guardCacheFile(templates[0]), { force: true });
    expect(guardViolations([templates[0]])).toEqual([alone[0]]);
    expect(JSON.parse(fs.readFileSync(guardCacheFile(templates[0]), 'utf-8'))).toEqual(alone[0]);
    expect(guardViolations([templates[0]])).toEqual([alone[0]]);
  });

  test('a template that differs by one field has its own entry', () => {
    expect(guardCacheFile(templates[2])).not.toEqual(guardCacheFile(templates[0]));
    const copy = path.join(outdir, 'copy.template.json');
    fs.copyFileSync(templates[0], copy);
    expect(guardCacheFile(copy)).toEqual(guardCacheFile(templates[0]));
  });
});
