import * as path from 'path';
import * as cxapi from 'aws-cdk-lib/cx-api';

/** The suffix of the report files (`CostReport.FILE_SUFFIX`). */
export const REPORT_SUFFIX = '.cost.json';

/** Where the report of a stack goes: `<stack>.cost.json` beside `<stack>.template.json`. */
export function reportFile(stack: cxapi.CloudFormationStackArtifact): string {
  return path.join(
    path.dirname(stack.templateFullPath),
    path.basename(stack.templateFile).replace(/\.template\.json$/, '') + REPORT_SUFFIX,
  );
}
