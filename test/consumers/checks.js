'use strict';
// The PASS/FAIL lines the consumer checkers print and scripts/consumers.sh counts.

/**
 * A checker for one label: `check(name, fn)` runs fn, which returns a problem (a string) or
 * nothing, and prints "PASS <label>: <name>" or "FAIL <label>: <name>: <problem>" (a throw is a
 * problem too); `failed()` tells how many failed.
 */
function checker(label) {
  let failures = 0;
  function check(name, fn) {
    let problem;
    try {
      problem = fn();
    } catch (e) {
      problem = `threw ${e && e.message ? e.message : e}`;
    }
    if (problem) {
      failures++;
      console.log(`FAIL ${label}: ${name}: ${problem}`);
    } else {
      console.log(`PASS ${label}: ${name}`);
    }
  }
  return { check, failed: () => failures };
}

module.exports = { checker };
