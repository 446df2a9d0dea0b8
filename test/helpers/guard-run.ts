import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import { REPO_ROOT } from './processes';

/** A rule a template breaks, with the logical ids of the resources that break it. */
export interface GuardViolation {
  readonly ruleName: string;
  readonly resourceLogicalIds: string[];
}

/*
 * cfn-guard with AWS Control Tower's proactive rules is the slowest check the tests run (about
 * 5 s of CPU for the FargateShop example's template), and many suites check the same templates.
 * Its answer depends only on the template's bytes, the rules and the binary, so it is kept on
 * disk under that key and shared by every test file and jest worker: each distinct template is
 * checked once. Templates not seen yet are checked in one cfn-guard process (the rules are
 * parsed once). Set CDK_SHOP_GUARD_CACHE=off to run cfn-guard for every call, as `cache: false`
 * does for one.
 */
const PLUGIN_DIR = path.dirname(require.resolve('@cdklabs/cdk-validator-cfnguard/package.json'));
const CACHE_DIR = path.join(REPO_ROOT, 'node_modules', '.cache', 'cdk-shop-guard');
const CACHE_ON = process.env.CDK_SHOP_GUARD_CACHE !== 'off';
// bump when the cached file's shape changes
const FORMAT = '1';

let rulesDigest: string | undefined;

/** The plugin's version and every bundled rule file: a change to either is a new cache. */
function guardDigest(): string {
  if (rulesDigest === undefined) {
    const hash = crypto.createHash('sha256').update(FORMAT);
    hash.update(JSON.parse(fs.readFileSync(path.join(PLUGIN_DIR, 'package.json'), 'utf-8')).version);
    const files = (dir: string): string[] =>
      fs
        .readdirSync(dir, { withFileTypes: true })
        .sort((a, b) => a.name.localeCompare(b.name))
        .flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : [path.join(dir, e.name)]));
    for (const file of files(path.join(PLUGIN_DIR, 'rules'))) {
      hash.update(path.relative(PLUGIN_DIR, file)).update(fs.readFileSync(file));
    }
    rulesDigest = hash.digest('hex');
  }
  return rulesDigest;
}

/** Where the answer for a template's current bytes is kept. */
export function guardCacheFile(templatePath: string): string {
  const key = crypto
    .createHash('sha256')
    .update(guardDigest())
    .update(fs.readFileSync(templatePath))
    .digest('hex');
  return path.join(CACHE_DIR, `${key}.json`);
}

/**
 * The Control Tower rules' violations of each template, in the order given. Each template is
 * checked once, ever: from the cache when its exact bytes were checked before, else by one
 * cfn-guard run over all templates not cached yet.
 */
export function guardViolations(
  templatePaths: string[],
  options: { readonly cache?: boolean } = {},
): GuardViolation[][] {
  const cache = options.cache ?? CACHE_ON;
  const files = templatePaths.map((p) => (cache ? guardCacheFile(p) : undefined));
  const cached = files.map((f) => (f !== undefined && fs.existsSync(f) ? read(f) : undefined));
  const missing = templatePaths.filter((_p, i) => cached[i] === undefined);
  const fresh = new Map<string, GuardViolation[]>();
  if (missing.length > 0) {
    const report = new CfnGuardValidator().validate({ templatePaths: missing });
    for (const p of missing) fresh.set(p, []);
    for (const v of report.violations) {
      const byTemplate = new Map<string, string[]>();
      for (const r of v.violatingResources) {
        byTemplate.set(r.templatePath, [...(byTemplate.get(r.templatePath) ?? []), r.resourceLogicalId]);
      }
      for (const [p, ids] of byTemplate) {
        const list = fresh.get(p);
        if (list === undefined) throw new Error(`cfn-guard reported a template it was not given: ${p}`);
        list.push({ ruleName: v.ruleName, resourceLogicalIds: ids });
      }
    }
  }
  return templatePaths.map((p, i) => {
    const known = cached[i];
    if (known !== undefined) return known;
    const violations = fresh.get(p)!;
    if (files[i] !== undefined) write(files[i]!, violations);
    return violations;
  });
}

function read(file: string): GuardViolation[] {
  return JSON.parse(fs.readFileSync(file, 'utf-8'));
}

/** Written to a temporary name and renamed: another worker never reads half a file. */
function write(file: string, violations: GuardViolation[]): void {
  fs.mkdirSync(CACHE_DIR, { recursive: true });
  const temp = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}`;
  fs.writeFileSync(temp, JSON.stringify(violations));
  fs.renameSync(temp, file);
}
