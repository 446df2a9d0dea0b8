'use strict';
// README's "Quick start": its section text and the apps in it, for the quick-start tests
// (test/readme/quick-start.test.ts) and for scripts/consumers.sh, which synthesizes the apps.
//
// Usage (CLI): node test/readme/quick-start.js <README.md> <outdir>
//   writes <outdir>/app.ts and <outdir>/app.py, and prints the monthly cost README quotes.
const fs = require('fs');
const path = require('path');

/** The text of README's "## Quick start" section (up to the next "## " heading). */
function quickStartSection(readme) {
  const start = readme.indexOf('\n## Quick start\n');
  if (start < 0) throw new Error('README has no "## Quick start" section');
  const rest = readme.slice(start + 1);
  const end = rest.indexOf('\n## ', 3);
  return end < 0 ? rest : rest.slice(0, end + 1);
}

/** The fenced code blocks of a markdown text whose info string starts with `lang`. */
function codeBlocks(markdown, lang) {
  const blocks = [];
  const fence = /^```([^\n]*)\n([\s\S]*?)^```$/gm;
  let m;
  while ((m = fence.exec(markdown))) {
    if (m[1].split(/\s+/)[0] === lang) blocks.push(m[2]);
  }
  return blocks;
}

/** The quick start's TypeScript app, Python app and quoted monthly cost (a number). */
function quickStart(readme) {
  const section = quickStartSection(readme);
  const [typescript] = codeBlocks(section, 'ts');
  const [python] = codeBlocks(section, 'python');
  const cost = section.match(/estimator gives \*\*\$([\d,]+\.\d\d) a month\*\*/);
  return {
    section,
    typescript,
    python,
    monthlyUsd: cost ? Number(cost[1].replace(/,/g, '')) : undefined,
  };
}

module.exports = { quickStart, quickStartSection, codeBlocks };

if (require.main === module) {
  const [readmeFile, outdir] = process.argv.slice(2);
  const qs = quickStart(fs.readFileSync(readmeFile, 'utf-8'));
  if (!qs.typescript || !qs.python || qs.monthlyUsd === undefined) {
    console.error(`quick start incomplete: typescript ${!!qs.typescript}, python ${!!qs.python}, cost ${qs.monthlyUsd}`);
    process.exit(1);
  }
  fs.mkdirSync(outdir, { recursive: true });
  fs.writeFileSync(path.join(outdir, 'app.ts'), qs.typescript);
  fs.writeFileSync(path.join(outdir, 'app.py'), qs.python);
  console.log(qs.monthlyUsd.toFixed(2));
}
