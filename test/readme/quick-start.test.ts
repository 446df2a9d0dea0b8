import * as fs from 'fs';
import * as path from 'path';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { quickStart } = require('./quick-start');

/*
 * README's quick start is a newcomer's first hour: complete apps that synthesize as pasted
 * (scripts/consumers.sh synthesizes both against the built packages), and every step to a real
 * deploy. These tests hold the text to that; they fail on a README that drops a step.
 */
describe("README's quick start", () => {
  const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf-8');
  const qs = quickStart(readme);

  test('comes right after the construct table, before Install', () => {
    const headings = readme.split('\n').filter((l) => l.startsWith('## '));
    expect(headings.slice(0, 2)).toEqual(['## Quick start', '## Install']);
    const beforeQuickStart = readme.slice(0, readme.indexOf('## Quick start'));
    expect(beforeQuickStart).toMatch(/\| `SingleHostShop`/);
  });

  test.each([
    [
      'typescript',
      () => qs.typescript,
      /^import \{ App, Stack \} from 'aws-cdk-lib';\nimport .* from 'cdk-shop';/,
    ],
    ['python', () => qs.python, /^import aws_cdk as cdk\nfrom cdk_shop import /],
  ])('the %s app is complete: imports first, an App, a stack, app.synth()', (_lang, code, imports) => {
    const text: string = code();
    expect(text).toMatch(imports);
    expect(text).toMatch(/App\(\)/);
    expect(text).toMatch(/app\.synth\(\);?\n$/);
  });

  test.each([
    ['typescript', () => qs.typescript],
    ['python', () => qs.python],
  ])('the %s app is environment-agnostic and looks nothing up', (_lang, code) => {
    const text: string = code();
    expect(text).not.toMatch(/from_?[Ll]ookup|\benv\b|account|region/);
  });

  test.each([
    ['bootstrap', /npx aws-cdk@\^2 bootstrap/],
    ['deploy', /npx aws-cdk@\^2 deploy MyShop/],
    ['the DNS record', /`A` record for `shop\.example\.com` pointing at `ElasticIpAddress`/],
    [
      'what fromLookup needs',
      /fromLookup`[\s\S]*needs an `env` with account and region[\s\S]*credentials, or a filled\s+`cdk\.context\.json`/,
    ],
    ['the SNS confirmation', /Confirm subscription/],
    ['the cost command', /npx -p cdk-shop cdk-shop-cost cdk\.out/],
    ['the npm tarball', /npm install \/path\/to\/cdk-shop\/dist\/js\/cdk-shop@0\.0\.0\.jsii\.tgz/],
    ['the wheel', /pip install \/path\/to\/cdk-shop\/dist\/python\/cdk_shop-0\.0\.0-py3-none-any\.whl/],
    ['the jar', /file:\/\/\/path\/to\/cdk-shop\/dist\/java[\s\S]*io\.github\.cdkshop:cdk-shop:0\.0\.0/],
  ])('says how to %s', (_step, text) => {
    expect(qs.section).toMatch(text);
  });

  test('quotes a monthly cost (scripts/consumers.sh checks it against the estimator)', () => {
    expect(qs.monthlyUsd).toBeGreaterThan(5);
    expect(qs.monthlyUsd).toBeLessThan(50);
  });
});
