import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { CostReport } from '../../src';

/* CostReportProps.stackAssumptions: usage that differs from stack to stack. */
describe('CostReport stackAssumptions', () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-shop-stack-assumptions-'));
  afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

  function assembly() {
    const app = new App({ outdir: fs.mkdtempSync(path.join(outdir, 'app-')) });
    for (const name of ['Production', 'Staging']) {
      new s3.Bucket(new Stack(app, name), 'Media');
    }
    return app.synth();
  }

  test('a stack named in stackAssumptions uses its own, merged over the report-wide props', () => {
    const estimates = new CostReport({
      storedGb: 10,
      regionFactor: 1.1,
      priceOverrides: { 's3.standard.gbMonth': { usd: 0.02, unit: 'USD/GB-month' } },
      stackAssumptions: { Production: { storedGb: 1000 } },
    }).write(assembly());
    const [production, staging] = ['Production', 'Staging'].map((name) =>
      estimates.find((e) => e.stackName === name)!,
    );
    // Production: its own 1,000 GB, the report-wide factor and override: 1000 × 0.02 × 1.1
    expect(production.totalMonthlyUsd).toBeCloseTo(22, 4);
    expect(production.assumptions).toMatchObject({ storedGb: 1000, regionFactor: 1.1 });
    expect(production.assumptions.overriddenPriceKeys).toEqual(['s3.standard.gbMonth']);
    // Staging: the report-wide 10 GB: 10 × 0.02 × 1.1
    expect(staging.totalMonthlyUsd).toBeCloseTo(0.22, 4);
  });

  test('price overrides of a stack add to the report-wide ones', () => {
    const estimates = new CostReport({
      priceOverrides: { 's3.standard.gbMonth': { usd: 0.02, unit: 'USD/GB-month' } },
      stackAssumptions: {
        Staging: { storedGb: 100, priceOverrides: { 'ebs.gp3.gbMonth': { usd: 0.1, unit: 'USD/GB-month' } } },
      },
    }).write(assembly());
    const staging = estimates.find((e) => e.stackName === 'Staging')!;
    expect(staging.assumptions.overriddenPriceKeys).toEqual(['ebs.gp3.gbMonth', 's3.standard.gbMonth']);
    expect(staging.totalMonthlyUsd).toBeCloseTo(100 * 0.02, 4);
  });

  test('a stack name that is not in the assembly is an error naming the stacks there', () => {
    const report = new CostReport({ stackAssumptions: { Prod: { storedGb: 5 } } });
    expect(() => report.write(assembly())).toThrow(
      /invalid 'stackAssumptions': no stack named 'Prod' in the assembly\. Use stack names \(stackName\), one of: Production, Staging/,
    );
  });

  test('bad input in a stack entry names the stack and the prop', () => {
    expect(() => new CostReport({ stackAssumptions: { Staging: { storedGb: -1 } } })).toThrow(
      /in stackAssumptions\.Staging: CostEstimator: invalid 'storedGb': -1 is not a finite non-negative number/,
    );
  });
});
