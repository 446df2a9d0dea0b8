// An empty CDK app: the baseline of whole-process synth time (node start, aws-cdk-lib's core
// loaded, an empty assembly written to CDK_OUTDIR).
import { App } from 'aws-cdk-lib';

new App().synth();
