import * as path from 'path';
import { buildExamples } from './app';

// Synthesizes every example into examples/cdk.out and prints a line per stack.
const outdir = path.join(__dirname, 'cdk.out');
const assembly = buildExamples(outdir).synth();

console.log(
  `Synthesized ${assembly.stacks.length} example stacks into ${path.relative(process.cwd(), outdir)}/`,
);
console.log('stack'.padEnd(32) + 'resources');
for (const stack of assembly.stacks) {
  const resources = Object.keys(stack.template.Resources ?? {}).length;
  console.log(stack.stackName.padEnd(32) + String(resources));
}
