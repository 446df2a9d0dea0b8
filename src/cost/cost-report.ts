import * as fs from 'fs';
import * as path from 'path';
import { Token } from 'aws-cdk-lib';
import * as cxapi from 'aws-cdk-lib/cx-api';
import { CostEstimate, CostEstimatorProps } from './cost-estimate';
import { CostEstimator } from './cost-estimator';

/**
 * Writes a monthly cost estimate beside every template of a synthesized cloud assembly:
 * `<stack>.template.json` gets `<stack>.cost.json` (a `CostEstimate`). It reads exactly what
 * would be deployed, so it works on any stack, not only cdk-shop's.
 *
 * @example
 * const app = new App();
 * // ... stacks ...
 * new CostReport({ requestsPerMonth: 5_000_000 }).write(app.synth());
 */
export class CostReport {
  /** The suffix of the report files. */
  public static readonly FILE_SUFFIX = '.cost.json';

  private readonly estimator: CostEstimator;

  constructor(props: CostEstimatorProps = {}) {
    this.estimator = new CostEstimator(props);
  }

  /**
   * Estimates every stack of the assembly (nested assemblies included), writes the reports and
   * returns the estimates.
   */
  public write(assembly: cxapi.CloudAssembly): CostEstimate[] {
    return assembly.stacksRecursively.map((stack) => {
      const region = stack.environment.region;
      const estimate = this.estimator.estimateTemplate(
        stack.template,
        stack.stackName,
        region && region !== cxapi.UNKNOWN_REGION && !Token.isUnresolved(region) ? region : undefined,
      );
      const file = path.join(
        path.dirname(stack.templateFullPath),
        path.basename(stack.templateFile).replace(/\.template\.json$/, '') + CostReport.FILE_SUFFIX,
      );
      fs.writeFileSync(file, JSON.stringify(estimate, undefined, 2) + '\n');
      return estimate;
    });
  }
}
