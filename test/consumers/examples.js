#!/usr/bin/env node
// The one table of example stacks (examples.json), for the checkers and scripts/consumers.sh.
//
// Usage:
//   node examples.js name <language> <id>      the stack's name in that language's app
//   node examples.js names <language>          every stack name of that language, comma-separated
//   node examples.js assumptions <language>    {"alwaysFreeAllowances": false, "stackAssumptions": {...}}:
//                                              cdk-shop-cost at list prices, as expected-costs.js
'use strict';
const fs = require('fs');
const path = require('path');

const table = JSON.parse(fs.readFileSync(path.join(__dirname, 'examples.json'), 'utf-8'));

/** The stacks a language's app builds: every entry without `languages`, or listing it. */
function stacksFor(language) {
  const lang = table.languages[language];
  if (!lang) throw new Error(`examples.json has no language '${language}'`);
  return table.stacks
    .filter((s) => !s.languages || s.languages.includes(language))
    .map((s) => {
      const stackName = s.name.replace('{prefix}', lang.prefix);
      // stacks the library adds beside it (a us-east-1 stack of the edge), by their name's pattern
      const companions = (s.companions || []).map((p) => new RegExp(p.replace('{name}', stackName)));
      return { ...s, stackName, companions };
    });
}

function stackName(language, id) {
  const stack = stacksFor(language).find((s) => s.id === id);
  if (!stack) throw new Error(`examples.json has no stack '${id}' for ${language}`);
  return stack.stackName;
}

function stackAssumptions(language) {
  const out = {};
  for (const s of stacksFor(language)) if (s.assumptions) out[s.stackName] = s.assumptions;
  return out;
}

module.exports = { table, stacksFor, stackName, stackAssumptions };

if (require.main === module) {
  const [command, language, id] = process.argv.slice(2);
  if (command === 'name') console.log(stackName(language, id));
  else if (command === 'names') console.log(stacksFor(language).map((s) => s.stackName).join(','));
  else if (command === 'assumptions') {
    console.log(JSON.stringify({ alwaysFreeAllowances: false, stackAssumptions: stackAssumptions(language) }));
  }
  else throw new Error('usage: examples.js name <language> <id> | names <language> | assumptions <language>');
}
