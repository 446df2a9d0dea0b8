import * as fs from 'fs';
import * as path from 'path';
import * as cxapi from 'aws-cdk-lib/cx-api';
import { CostEstimate, CostEstimatorProps } from './cost-estimate';
import { ALLOWANCES_NOTE, CostEstimator } from './cost-estimator';
import { AllowancePool } from './private/allowances';
import { REPORT_SUFFIX, reportFile } from './private/report-files';
import { oneLineSummary, SUMMARY_PREFIX, summaryBlock } from './private/summary';

/**
 * Usage assumptions and prices for a {@link CostReport}, with different ones for some stacks.
 */
export interface CostReportProps extends CostEstimatorProps {
  /**
   * Assumptions for particular stacks, by stack name (e.g. a production stack serving more
   * requests than its staging twin). Each entry is merged over the report-wide props: what it
   * leaves out comes from them.
   * @default - every stack is estimated with the report-wide props
   */
  readonly stackAssumptions?: { [stackName: string]: CostEstimatorProps };

  /**
   * Do not print each stack's estimate to stderr when writing the reports.
   *
   * The CDK CLI does not always show info annotations (some commands and versions hide them when
   * a stack has warnings); stderr of the app always reaches the terminal (stdout would mix with
   * the template `cdk synth` prints).
   * @default false
   */
  readonly quiet?: boolean;
}

/**
 * Writes a monthly cost estimate beside every template of a synthesized cloud assembly:
 * `<stack>.template.json` gets `<stack>.cost.json` (a `CostEstimate`), and each stack gets an
 * info annotation with its total ("Estimated monthly cost: ..."). The same line is printed to
 * stderr (unless `quiet`), because the CDK CLI does not always show info annotations. It reads
 * exactly what would be deployed, so it works on any stack, not only cdk-shop's.
 *
 * @example
 * const app = new App();
 * // ... stacks ...
 * new CostReport({
 *   requestsPerMonth: 5_000_000,
 *   stackAssumptions: { ShopStaging: { requestsPerMonth: 100_000 } },
 * }).write(app.synth());
 */
export class CostReport {
  /** The suffix of the report files. */
  public static readonly FILE_SUFFIX: string = REPORT_SUFFIX;

  private readonly estimator: CostEstimator;
  private readonly stackEstimators: { [stackName: string]: CostEstimator } = {};
  private readonly quiet: boolean;

  constructor(props: CostReportProps = {}) {
    const { stackAssumptions, quiet, ...common } = props;
    this.quiet = quiet === true;
    this.estimator = new CostEstimator(common);
    for (const [stackName, own] of Object.entries(stackAssumptions ?? {})) {
      try {
        this.stackEstimators[stackName] = new CostEstimator({
          ...common,
          ...own,
          priceOverrides: { ...common.priceOverrides, ...own?.priceOverrides },
        });
      } catch (e) {
        throw new Error(`CostReport: in stackAssumptions.${stackName}: ${(e as Error).message}`);
      }
    }
  }

  /**
   * Estimates every stack of the assembly (nested assemblies included), writes the reports, adds
   * the annotations, prints each stack's estimate to stderr (unless `quiet`) and returns
   * the estimates.
   */
  public write(assembly: cxapi.CloudAssembly): CostEstimate[] {
    const estimates = this.estimate(assembly);
    assembly.stacksRecursively.forEach((stack, i) => {
      const estimate = estimates[i];
      fs.writeFileSync(reportFile(stack), JSON.stringify(estimate, undefined, 2) + '\n');
      annotate(stack, oneLineSummary(estimate));
      if (!this.quiet) {
        process.stderr.write(`${stack.stackName}: ${summaryBlock(estimate).join('\n')}\n`);
      }
    });
    return estimates;
  }

  /**
   * Estimates every stack of the assembly (nested assemblies included) without writing anything.
   * The always-free allowances are applied once across the assembly, since they are the
   * account's: in the order of the assembly's stacks (by dependency, then by name), as each
   * estimate's `notes` says.
   */
  public estimate(assembly: cxapi.CloudAssembly): CostEstimate[] {
    const stacks = assembly.stacksRecursively;
    const names = stacks.map((s) => s.stackName);
    const unknown = Object.keys(this.stackEstimators).filter((n) => !names.includes(n));
    if (unknown.length > 0) {
      throw new Error(
        `CostReport: invalid 'stackAssumptions': no stack named ${unknown.map((n) => `'${n}'`).join(', ')} ` +
          `in the assembly. Use stack names (stackName), one of: ${names.join(', ')}`,
      );
    }
    const estimatorOf = (stack: cxapi.CloudFormationStackArtifact) =>
      this.stackEstimators[stack.stackName] ?? this.estimator;
    // the allowances are the account's: one pool for the whole assembly, drawn down in stack order
    const pool = new AllowancePool();
    const sharing = stacks
      .filter((s) => estimatorOf(s).assumptions.alwaysFreeAllowances)
      .map((s) => s.stackName);
    const note =
      sharing.length > 1
        ? `${ALLOWANCES_NOTE}; applied once across the assembly, not once per stack: its ${sharing.length} ` +
          `stacks that deduct them share one set, in order (${sharing.join(', ')}), each getting what the ` +
          'stacks before it left'
        : ALLOWANCES_NOTE;
    return stacks.map((stack) => {
      const estimator = estimatorOf(stack);
      const deducts = estimator.assumptions.alwaysFreeAllowances;
      return estimator._estimateTemplate(
        stack.template,
        stack.stackName,
        stack.environment.region, // the estimator warns when it is unknown (an environment-agnostic stack)
        deducts ? pool : undefined,
        deducts ? [note] : [],
      );
    });
  }
}

/**
 * Adds an `aws:cdk:info` entry for the stack to the assembly's metadata, where `Annotations.of(stack)
 * .addInfo()` would have put it had the estimate been known before synthesis. Estimating from the
 * written template avoids rendering every template twice.
 */
function annotate(stack: cxapi.CloudFormationStackArtifact, message: string): void {
  const entry = { type: 'aws:cdk:info', data: message };
  const key = `/${stack.hierarchicalId}`;
  // writing the report again replaces the earlier estimate rather than adding another
  const others = (entries: any[] | undefined) =>
    (entries ?? []).filter(
      (e) => !(e?.type === 'aws:cdk:info' && String(e?.data).startsWith(SUMMARY_PREFIX)),
    );
  const metadataFile = (stack.manifest as any).additionalMetadataFile as string | undefined;
  if (metadataFile) {
    const file = path.join(stack.assembly.directory, metadataFile);
    const metadata = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf-8')) : {};
    metadata[key] = [...others(metadata[key]), entry];
    fs.writeFileSync(file, JSON.stringify(metadata, undefined, 2));
    return;
  }
  const manifestFile = path.join(stack.assembly.directory, 'manifest.json');
  const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf-8'));
  const artifact = manifest.artifacts[stack.id];
  artifact.metadata = { ...(artifact.metadata ?? {}), [key]: [...others(artifact.metadata?.[key]), entry] };
  fs.writeFileSync(manifestFile, JSON.stringify(manifest, undefined, 2));
}
