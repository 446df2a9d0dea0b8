import * as fs from 'fs';
import * as path from 'path';
import { Annotations, Stack, Token } from 'aws-cdk-lib';
import * as cxapi from 'aws-cdk-lib/cx-api';
import { IConstruct } from 'constructs';
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
 * const report = new CostReport({ requestsPerMonth: 5_000_000 });
 * report.annotate(app); // an info line per stack: "Estimated monthly cost: ..."
 * report.write(app.synth()); // <stack>.cost.json beside each template
 */
export class CostReport {
  /** The suffix of the report files. */
  public static readonly FILE_SUFFIX = '.cost.json';

  private readonly estimator: CostEstimator;

  constructor(props: CostEstimatorProps = {}) {
    this.estimator = new CostEstimator(props);
  }

  /**
   * Adds an info annotation with its monthly estimate to every stack under `scope`, computed
   * while the app synthesizes (in the validation phase, from the stack's rendered template).
   */
  public annotate(scope: IConstruct): void {
    for (const stack of scope.node.findAll().filter((c): c is Stack => Stack.isStack(c))) {
      stack.node.addValidation({
        validate: () => {
          // aws-cdk-lib's internal _toCloudFormation(), the call the assertions library makes.
          // Synthesis renders the template again afterwards (the stack synthesizer still adds
          // its bootstrap parameter and rule then), so the rendering cannot be shared.
          const template = (stack as any)._toCloudFormation();
          const region = Token.isUnresolved(stack.region) ? undefined : stack.region;
          const estimate = this.estimator.estimateTemplate(template, stack.stackName, region);
          Annotations.of(stack).addInfo(summary(estimate));
          return [];
        },
      });
    }
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

/** The one-line summary of an estimate, as annotated on its stack. */
function summary(estimate: CostEstimate): string {
  const usd = (n: number) => `$${n.toFixed(2)}`;
  const range =
    estimate.totalAtMinimumUsd !== estimate.totalAtMaximumUsd
      ? ` (${usd(estimate.totalAtMinimumUsd)} at minimum, ${usd(estimate.totalAtMaximumUsd)} at maximum capacity)`
      : '';
  const notPriced =
    estimate.notPriced.length > 0 ? `; ${estimate.notPriced.length} resources not priced` : '';
  return `Estimated monthly cost: ${usd(estimate.totalMonthlyUsd)}${range} at us-east-1 list prices${notPriced}`;
}
