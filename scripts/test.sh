#!/usr/bin/env bash
# The full test suite: projen synthesis, jsii compile, API docs, strict rosetta, type check,
# unit tests, lint, integ snapshot verification, the example apps with cfn-lint, packaging for
# every jsii target and the TypeScript, Python and Java consumer apps. Ends with "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20
bash scripts/setup.sh --tests || { echo "setup failed"; echo "0 passed, 1 failed"; exit 1; }
set +e

LOGS=.tmp/logs
rm -rf "$LOGS" && mkdir -p "$LOGS"
passed=0
failed=0
declare -a summary

# step NAME COMMAND...: runs a command as one test, logging its output.
step() {
  local name=$1; shift
  local start=$SECONDS
  "$@" > "$LOGS/$name.log" 2>&1
  local rc=$?
  local took=$((SECONDS - start))
  if [ $rc -eq 0 ]; then
    passed=$((passed + 1)); summary+=("PASS  $name (${took}s)")
    echo "PASS  $name (${took}s)"
  else
    failed=$((failed + 1)); summary+=("FAIL  $name (${took}s)")
    echo "FAIL  $name (${took}s): last lines of $LOGS/$name.log"
    tail -40 "$LOGS/$name.log" | sed 's/^/      /'
  fi
  return $rc
}

# add_counts NAME PASSED FAILED: adds the counts a test runner reported.
add_counts() {
  passed=$((passed + $2)); failed=$((failed + $3))
  summary+=("      $1: $2 passed, $3 failed")
  echo "      $1: $2 passed, $3 failed"
}

# projen owns every generated file: synthesizing again changes nothing. The tree's state is the
# status plus a hash of every changed and untracked file's content, so a change to a file that
# was already modified shows too.
tree_state() {
  git status --porcelain --untracked-files=all
  { git status --porcelain -z --untracked-files=all | tr '\0' '\n' | cut -c4- | grep -v '^$' \
      | while IFS= read -r f; do [ -f "$f" ] && sha256sum "$f"; done; } 2>/dev/null
}
before=$(tree_state)
step projen-synth npx projen default
after=$(tree_state)
if [ "$before" == "$after" ]; then
  passed=$((passed + 1)); echo "PASS  projen leaves no diff"
else
  failed=$((failed + 1)); echo "FAIL  projen changed files:"; diff <(echo "$before") <(echo "$after")
fi

step jsii-compile npx projen compile
step docgen npx projen docgen
step rosetta-strict npx projen rosetta:extract

# ts-jest only transpiles (tsconfig.dev.json has isolatedModules): the type check of the tests,
# integ tests, examples and benchmarks is this step.
step typecheck npx tsc -p tsconfig.dev.json --noEmit

# The jest tests in two parts, each a projen task a contributor can run alone: test:unit (only
# Node needed) and test:host (real programs: nginx, PostgreSQL, Redis, moto, cloud-init,
# and shellcheck). Snapshots never update here: drift fails. No coverage, which nothing here reads
# and which costs a third more CPU.
jest_part() {
  local part=$1 start=$SECONDS report=.tmp/jest-$1.json
  rm -f "$report"
  npx projen "test:$part" --json --outputFile="$report" > "$LOGS/jest-$part.log" 2>&1
  local rc=$?
  if [ -f "$report" ]; then
    read -r jp jf < <(node -e "const r=require('./$report'); console.log(r.numPassedTests, r.numFailedTests + r.numRuntimeErrorTestSuites)")
    echo "RAN   jest $part ($((SECONDS - start))s)"
    add_counts "jest $part" "$jp" "$jf"
    [ "$jf" -gt 0 ] && grep -E "●|✕" "$LOGS/jest-$part.log" | head -40
  else
    failed=$((failed + 1)); echo "FAIL  jest $part produced no report (rc $rc)"; tail -40 "$LOGS/jest-$part.log"
  fi
}
jest_part unit
jest_part host

step eslint npx projen test:lint
step workflows-lint npx projen workflows:lint

# Integ snapshots: every scenario in integ/ must be reported UNCHANGED by name; a scenario the
# runner does not report is a failure, as is any other verdict.
start=$SECONDS
npx projen integ > "$LOGS/integ.log" 2>&1
integ_rc=$?
ip=0; ifail=0
for scenario in integ/integ.*.ts; do
  name=$(basename "$scenario" .ts)
  if awk -v n="$name" '$1 == "UNCHANGED" && $2 == n { found = 1 } END { exit !found }' "$LOGS/integ.log"; then
    ip=$((ip + 1))
  else
    ifail=$((ifail + 1)); echo "FAIL  integ $name: not reported UNCHANGED"
  fi
done
[ $integ_rc -ne 0 ] && [ "$ifail" -eq 0 ] && ifail=1
echo "RAN   integ snapshots ($((SECONDS - start))s)"
add_counts integ "$ip" "$ifail"
[ "$ifail" -gt 0 ] && tail -40 "$LOGS/integ.log"

# The main job, then cfn-lint (0 errors) over every template it wrote and every integ snapshot.
step examples npx projen examples
cat "$LOGS/examples.log" | grep -v "^\s*$" | tail -6
for template in examples/cdk.out/*.template.json examples/cdk.out/seeds/*.template.json integ/*.snapshot/*.template.json; do
  .venv/bin/cfn-lint "$template" > "$LOGS/cfn-lint-$(basename "$template").log" 2>&1
  rc=$?
  if [ $((rc & 2)) -eq 0 ] && [ $rc -lt 16 ]; then
    passed=$((passed + 1)); echo "PASS  cfn-lint $template (exit $rc: $( [ $rc -eq 0 ] && echo clean || echo 'warnings only'))"
  else
    failed=$((failed + 1)); echo "FAIL  cfn-lint $template"; cat "$LOGS/cfn-lint-$(basename "$template").log"
  fi
done

# The repository stands on its own: in a copy of its files (tracked, and new ones not ignored)
# in a new directory with nothing beside it (no ../shared), `npm ci`, the price table check and
# its drift test, and the main job (README's command) pass.
clone_alone() {
  local parent clone rc
  parent=$(mktemp -d "${TMPDIR:-/tmp}/cdk-shop-clone-XXXXXX")
  clone="$parent/cdk-shop"
  mkdir "$clone"
  git ls-files -z --cached --others --exclude-standard \
    | while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done \
    | tar --null -T - -cf - | tar -xf - -C "$clone"
  echo "clone: $clone ($(find "$clone" -type f | wc -l) files); beside it: $(ls -A "$parent" | tr '\n' ' ')"
  if [ "$(ls -A "$parent")" != cdk-shop ] || [ -e "$parent/shared" ]; then
    echo "the clone's parent holds more than the clone"; rm -rf "$parent"; return 1
  fi
  (
    cd "$clone" \
      && npm ci --no-audit --no-fund \
      && node scripts/build-prices.js --check \
      && npx jest --ci test/cost/price-table.test.ts \
      && bash scripts/examples.sh
  )
  rc=$?
  rm -rf "$parent"
  return $rc
}
step clone-with-nothing-beside-it clone_alone
grep -E "^(clone:|Tests:)" "$LOGS/clone-with-nothing-beside-it.log" | sed 's/^/      /'

# Nothing a user needs names a path outside the repository: a mention of shared/ may only be a
# code comment saying where something came from (e.g. the seeds' provenance), never in README,
# API.md or code that runs.
outside=$(grep -rn "shared/" README.md API.md src test scripts examples integ .projenrc.ts 2>/dev/null \
  | grep -v -E '^[^:]+\.snapshot/' \
  | grep -v -E '^(src|test|scripts|examples|integ)/[^:]+:[0-9]+:\s*(//|/\*|\*|#)' \
  | grep -v -E '^scripts/test\.sh:')
if [ -z "$outside" ]; then
  passed=$((passed + 1)); echo "PASS  no README, API.md, source, test, script or example line names shared/ (comments on provenance aside)"
else
  failed=$((failed + 1)); echo "FAIL  lines that name shared/:"; echo "$outside" | sed 's/^/      /'
fi

# Packaging for every jsii target and the consumer apps (prints its own "N passed, N failed").
start=$SECONDS
bash scripts/consumers.sh > "$LOGS/consumers.log" 2>&1
grep -E "^(PASS|FAIL|TIME|  )" "$LOGS/consumers.log" | sed 's/^/      /' | head -60
last=$(tail -1 "$LOGS/consumers.log")
if [[ "$last" =~ ^([0-9]+)\ passed,\ ([0-9]+)\ failed$ ]]; then
  echo "RAN   packaging and consumers ($((SECONDS - start))s)"
  add_counts consumers "${BASH_REMATCH[1]}" "${BASH_REMATCH[2]}"
else
  failed=$((failed + 1)); echo "FAIL  consumers did not report"; tail -40 "$LOGS/consumers.log"
fi

echo
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
