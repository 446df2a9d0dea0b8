#!/usr/bin/env bash
# Consumer tests: package cdk-shop for every jsii target, install the packages the way users
# do (npm tarball, PyPI-style wheel, Maven repository) into small apps in test/consumers/, synthesize
# the example stacks test/consumers/examples.json lists for each language (ShopNetwork; a
# SingleHostShop; a data tier of ShopNetwork, ShopDatabase, ShopCache and ShopBackup; a
# FargateShop; in TypeScript a composition; a ServerlessShop per language: HTTP, with PostgreSQL
# in Python, REST in Java) on the newest aws-cdk-lib with @aws-cdk/core:validateAgainstDefaultRules,
# write their cost reports (CostReport, CostEstimator.estimateStack), and check the templates
# (check-template.js, check-shop.js, check-fargate.js, check-serverless.js) and that every language's cost totals equal this repository's
# own estimate of the same example stacks (expected-costs.js). The Python and Java apps' assemblies
# are also priced by `npx -p <tarball> cdk-shop-cost` from a directory with no package.json. A
# guard app builds every example stack (examples/*.ts against the tarball) with CfnGuardValidator
# as a policy validation plugin on the newest aws-cdk-lib: 0 unacknowledged findings
# (check-guard.js). README's quick-start apps are extracted (test/readme/quick-start.js) and
# synthesized by the CDK CLI in fresh TypeScript and Python apps; the quoted cost must hold.
#
# Assumes `npx projen compile` has run. Needs npm, PyPI, Maven Central and the Go module proxy.
# Usage: scripts/consumers.sh
# Environment:
#   CONSUMERS_WORKDIR       scratch directory (default .tmp/consumers); holds the apps' installs,
#                           the Python venv and the Maven local repository (cache, reused)
#   CONSUMERS_JAVA_CDK_VERSION  aws-cdk-lib version for the Java app (default: the pom's)
#   CONSUMERS_GO_FALLBACK   1 (default): if jsii-pacmak's own Go build fails, compile the
#                           generated module in a copy whose go.mod replaces the dependency
#                           versions listed in CONSUMERS_GO_REPLACE; 0: no fallback
#   CONSUMERS_GO_REPLACE    space-separated module@version replacements for that fallback
#   CONSUMERS_GO_NOSUMDB    GONOSUMDB for that fallback
# Prints per-step timings; the last line is exactly "N passed, N failed"; exits 1 if any failed.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
WORK="${CONSUMERS_WORKDIR:-$ROOT/.tmp/consumers}"
mkdir -p "$WORK" && WORK="$(cd "$WORK" && pwd)"
LOGS="$WORK/logs"
rm -rf "$LOGS" && mkdir -p "$LOGS"
CONSUMERS="$ROOT/test/consumers"
EXAMPLES="$CONSUMERS/examples.js"
EXPECTED="$WORK/expected/costs.json"

export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20
export CI=true
export npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false
export PIP_DISABLE_PIP_VERSION_CHECK=1

PASSED=0
FAILED=0
TIMINGS=()
TOTALS=()
GUARD_COUNTS=()
pass() { PASSED=$((PASSED + 1)); echo "PASS $1"; }
fail() { FAILED=$((FAILED + 1)); echo "FAIL $1"; }

# run NAME CMD...: runs CMD with output to $LOGS/NAME.log, records its time; returns its exit code.
run() {
  local name="$1"; shift
  local log="$LOGS/$name.log" start end rc
  start=$(date +%s.%N)
  "$@" >"$log" 2>&1
  rc=$?
  end=$(date +%s.%N)
  local secs
  secs=$(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.1f", e - s }')
  TIMINGS+=("$(printf 'TIME %-24s %7ss  %s' "$name" "$secs" "$([ $rc -eq 0 ] && echo ok || echo "FAILED (rc $rc)")")")
  echo "[step] $name: $([ $rc -eq 0 ] && echo ok || echo "FAILED (rc $rc)") in ${secs}s (log: ${log#"$ROOT"/})"
  if [ $rc -ne 0 ]; then
    echo "  --- last lines of $name.log ---"
    grep -v -e '^npm warn Unknown user config' "$log" | tail -n 25 | sed 's/^/  | /'
  fi
  return $rc
}

# counted OUTPUT: counts a checker's PASS/FAIL lines, keeps its TOTALS/GUARD lines for the
# summary and echoes the rest indented.
counted() {
  local line
  while IFS= read -r line; do
    case "$line" in
      PASS\ *) PASSED=$((PASSED + 1)); echo "$line" ;;
      FAIL\ *) FAILED=$((FAILED + 1)); echo "$line" ;;
      TOTALS\ *) TOTALS+=("$line"); echo "  $line" ;;
      GUARD\ *) GUARD_COUNTS+=("$line"); echo "  $line" ;;
      *) echo "  $line" ;;
    esac
  done <<<"$1"
}

# node_checks SCRIPT ARGS...: runs a checker script and counts the lines it prints.
node_checks() { counted "$(node "$@" 2>&1)"; }

# example_checks LANGUAGE CDK-OUT APP-LOG: the checks test/consumers/examples.json lists for every
# example stack of that language's app (check-examples.js runs check-template.js, check-shop.js,
# check-composition.js).
example_checks() {
  local language="$1" out="$2" applog="$3"
  node_checks "$CONSUMERS/check-examples.js" --language "$language" --cdk-out "$out" --app-log "$applog" \
    --expected "$EXPECTED" --validation-report "$out/validation-report.json"
}

# stack_name LANGUAGE ID: the name of an examples.json stack in that language's app.
stack_name() { node "$EXAMPLES" name "$1" "$2"; }

# cost_totals LABEL WHAT CLI-JSON SHOP-STACK DATA-STACK: the totals cdk-shop-cost --json printed
# for the app's two shop stacks (at list prices: examples.js assumptions turns the always-free
# allowances off, which depend on the app's other stacks) must equal this repository's own estimate
# ($EXPECTED).
cost_totals() {
  local label="$1" what="$2" json="$3" shop="$4" data="$5" verdict
  if verdict=$(node -e '
    const [cli, expected] = process.argv.slice(1, 3).map((f) => require(f));
    const total = (name) => (cli.find((e) => e.stackName === name) || {}).totalMonthlyUsd;
    const got = { singleHostShop: total(process.argv[3]), dataTier: total(process.argv[4]) };
    const ok = got.singleHostShop === expected.singleHostShop && got.dataTier === expected.dataTier;
    console.log(JSON.stringify(got));
    process.exit(ok ? 0 : 1);
  ' "$json" "$EXPECTED" "$shop" "$data" 2>&1); then
    pass "$label: $what gives the library's totals $verdict"
  else
    fail "$label: $what totals: $verdict, expected $(cat "$EXPECTED")"
  fi
}

# cost_cli_anywhere LABEL CDK-OUT SHOP-STACK DATA-STACK LANGUAGE: runs `npx -p <tarball> cdk-shop-cost`
# (what `npx -p cdk-shop cdk-shop-cost` does once the package is published) from a new directory
# outside this repository with no package.json in it or above it, as a Python or Java user would.
cost_cli_anywhere() {
  local label="$1" out="$2" shop="$3" data="$4" dir up
  dir=$(mktemp -d "${TMPDIR:-/tmp}/cdk-shop-cost-XXXXXX")
  up="$dir"
  while [ "$up" != / ]; do
    if [ -e "$up/package.json" ]; then
      fail "$label: npx -p cdk-shop cdk-shop-cost from a directory without package.json ($up/package.json exists)"
      return
    fi
    up=$(dirname "$up")
  done
  cp "$TGZ" "$dir/" && node "$EXAMPLES" assumptions "$5" > "$dir/usage.json"
  if [ -f "$EXPECTED" ] && run "$label-cost-cli" bash -c "cd '$dir' && npx --yes -p '$dir/$(basename "$TGZ")' cdk-shop-cost '$out' --assumptions usage.json --json --no-write > cost-cli.json"; then
    cost_totals "$label" "npx -p <tarball> cdk-shop-cost, run from $dir (no package.json)" "$dir/cost-cli.json" "$shop" "$data"
  else
    fail "$label: npx -p <tarball> cdk-shop-cost runs from a directory without package.json (see $LOGS/$label-cost-cli.log)"
  fi
  rm -rf "$dir"
}

in_zip() { # in_zip FILE ENTRY-REGEX
  python3 - "$1" "$2" <<'EOF'
import re, sys, zipfile
names = zipfile.ZipFile(sys.argv[1]).namelist()
sys.exit(0 if any(re.search(sys.argv[2], n) for n in names) else 1)
EOF
}

echo "== cdk-shop consumer tests (workdir ${WORK#"$ROOT"/})"
echo "node $(node --version), npm $(npm --version 2>/dev/null), $(python3 --version 2>&1), $(go version 2>/dev/null | cut -d' ' -f3), $(mvn -v 2>/dev/null | head -1 | sed 's/\x1b\[[0-9;]*m//g'), java $(java -version 2>&1 | head -1 | cut -d'"' -f2)"

if [ ! -f "$ROOT/.jsii" ] || [ ! -f "$ROOT/lib/index.js" ]; then
  fail "compiled library present (.jsii, lib/): run npx projen compile first"
fi

# ---------------------------------------------------------------- packaging
echo
echo "== packaging"

# Remove the previous run's installs first: npm pack (which every target embeds) would pick
# them up if .npmignore did not exclude .tmp/.
rm -rf "$WORK/typescript" "$WORK/python" "$WORK/java" "$WORK/go" "$WORK/m2/io/github/cdkshop"

rm -rf dist/js
if run package-js npx projen package:js && TGZ=$(ls "$ROOT"/dist/js/cdk-shop@*.jsii.tgz 2>/dev/null | head -1) && [ -n "$TGZ" ] \
  && [ "$(tar -tzf "$TGZ" | grep -c '^package/\.jsii$')" -ge 1 ]; then
  pass "package:js: npm tarball ${TGZ#"$ROOT"/} (with .jsii)"
else
  TGZ=""
  fail "package:js: npm tarball in dist/js"
fi
# The tarball is embedded in every other target's package: it must hold the library only.
if [ -n "$TGZ" ]; then
  TGZ_KB=$(( $(stat -c %s "$TGZ") / 1024 ))
  STRAY=$(tar -tzf "$TGZ" | grep -E '^package/(\.tmp|\.venv|venv|node_modules|dist|src|test|coverage|test-reports|cdk\.out|\.ci|scripts|integ|examples|benchmarks)/' \
    | cut -d/ -f2 | sort | uniq -c | tr '\n' ' ')
  if [ -z "$STRAY" ] && [ "$TGZ_KB" -lt 10240 ]; then
    pass "package:js: tarball holds the library only (${TGZ_KB} KB, no .tmp/ .venv/ src/ test/ benchmarks/ ...)"
  else
    fail "package:js: tarball holds the library only: ${TGZ_KB} KB; stray entries: ${STRAY:-none} (add them to .npmignore via project.addPackageIgnore)"
  fi
else
  fail "package:js: tarball holds the library only (no tarball)"
fi
# engines: users on an older Node get npm's engine warning (EBADENGINE) instead of a failure later.
if [ -n "$TGZ" ] && ENGINES=$(tar -xzOf "$TGZ" package/package.json | node -e "
    const p = JSON.parse(require('fs').readFileSync(0, 'utf-8'));
    const node = (p.engines || {}).node || '';
    console.log(node);
    process.exit(/^>= ?20(\\.0\\.0)?$/.test(node) ? 0 : 1);"); then
  pass "package:js: package.json engines.node is '$ENGINES' (Node 20 or newer, as aws-cdk-lib)"
else
  fail "package:js: package.json engines.node is '>= 20.0.0' (found '${ENGINES:-none}')"
fi

rm -rf dist/python
if run package-python npx projen package:python && WHL=$(ls "$ROOT"/dist/python/cdk_shop-*.whl 2>/dev/null | head -1) && [ -n "$WHL" ] \
  && in_zip "$WHL" '^cdk_shop/_jsii/.*\.tgz$'; then
  pass "package:python: wheel ${WHL#"$ROOT"/} (+ sdist $(ls dist/python/*.tar.gz 2>/dev/null | wc -l))"
else
  WHL=""
  fail "package:python: wheel in dist/python"
fi

rm -rf dist/java
JAR_DIR=dist/java/io/github/cdkshop/cdk-shop/0.0.0
if run package-java npx projen package:java && [ -f "$JAR_DIR/cdk-shop-0.0.0.pom" ] \
  && in_zip "$JAR_DIR/cdk-shop-0.0.0.jar" '^io/github/cdkshop/ShopNetwork\.class$'; then
  pass "package:java: jar $JAR_DIR/cdk-shop-0.0.0.jar (Maven repository layout)"
  JAVA_OK=1
else
  fail "package:java: jar in dist/java"
  JAVA_OK=0
fi

rm -rf dist/go
if run package-go npx projen package:go; then
  pass "package:go: module built by jsii-pacmak (go mod tidy + go build ./...)"
elif [ "${CONSUMERS_GO_FALLBACK:-1}" = 1 ] && [ -f dist/go/cdkshop/go.mod ]; then
  echo "WARN jsii-pacmak's Go build failed (above). Fallback: compile the generated module with go.mod replacements."
  GO_REPLACE="${CONSUMERS_GO_REPLACE:-github.com/cdklabs/cloud-assembly-schema-go/awscdkcloudassemblyschema/v53@v53.27.0 github.com/cdklabs/awscdk-asset-node-proxy-agent-go/nodeproxyagentv6/v2@v2.1.2}"
  GO_NOSUMDB="${CONSUMERS_GO_NOSUMDB:-github.com/aws/aws-cdk-go,github.com/cdklabs/cloud-assembly-schema-go}"
  rm -rf "$WORK/go" && cp -r dist/go/cdkshop "$WORK/go" && rm -f "$WORK/go/local.go.mod"
  go_fallback() (
    cd "$WORK/go" || exit 1
    for r in $GO_REPLACE; do
      go mod edit -replace "${r%@*}=${r}" || exit 1
    done
    echo "go.mod:" && cat go.mod
    export GONOSUMDB="$GO_NOSUMDB"
    go mod tidy && go build ./... && go vet ./...
  )
  if run package-go-fallback go_fallback; then
    pass "package:go: generated module compiles (FALLBACK: replaced $GO_REPLACE; GONOSUMDB=$GO_NOSUMDB)"
  else
    fail "package:go: generated module compiles (fallback too)"
  fi
else
  fail "package:go: module builds"
fi

rm -rf dist/dotnet
if run package-dotnet npx projen package:dotnet && [ -f dist/dotnet/CdkShop/CdkShop.csproj ] \
  && [ -f dist/dotnet/CdkShop/CdkShop/ShopNetwork.cs ]; then
  pass "package:dotnet: C# sources generated (code only: no .NET SDK)"
else
  fail "package:dotnet: C# sources in dist/dotnet"
fi

# ---------------------------------------------------------------- expected costs
# The totals every app's cost reports must reproduce: the example stacks, estimated with this
# repository's library (src/ through ts-node).
echo
echo "== expected costs (examples/single-host-shop.ts, examples/data-tier.ts with this repository's library)"
rm -rf "$WORK/expected" && mkdir -p "$WORK/expected"
if run expected-costs bash -c "node '$CONSUMERS/expected-costs.js' '$WORK/expected/cdk.out' >'$EXPECTED'"; then
  echo "  $(cat "$EXPECTED")"
else
  rm -f "$EXPECTED"
fi

# ---------------------------------------------------------------- apps
# Each app: one check that it synthesizes, then the template checks.
echo
echo "== typescript app (npm tarball + newest aws-cdk-lib from npm)"
TS="$WORK/typescript"
mkdir -p "$TS"
cp "$CONSUMERS/typescript/package.json" "$CONSUMERS/typescript/tsconfig.json" "$CONSUMERS/typescript/app.ts" \
  "$CONSUMERS/typescript/stacks.ts" "$CONSUMERS/examples.json" "$TS/"
# the static storefront build the ServerlessShop stack deploys, beside stacks.js
rm -rf "$TS/serverless" && cp -r "$CONSUMERS/serverless" "$TS/"
if [ -n "$TGZ" ] \
  && run ts-npm-install bash -c "cd '$TS' && npm install --no-package-lock '$TGZ' aws-cdk-lib@latest" \
  && run ts-tsc bash -c "cd '$TS' && npx tsc -p ." \
  && run ts-synth bash -c "cd '$TS' && node app.js '$TS/cdk.out' examples.json"; then
  pass "typescript: app synthesizes (aws-cdk-lib $(cd "$TS" && node -p "require('aws-cdk-lib/package.json').version"), cdk-shop from ${TGZ#"$ROOT"/})"
else
  fail "typescript: app synthesizes"
fi
example_checks typescript "$TS/cdk.out" "$LOGS/ts-synth.log"
# The same app with the URL templates in the brace form (${VAR}) must fail the strict synth.
if [ -n "$TGZ" ] && (cd "$TS" && BRACES=1 node app.js "$TS/cdk.out-braces" examples.json > "$LOGS/ts-synth-braces.log" 2>&1); then
  fail "typescript: the brace form of the URL templates fails strict synth (it synthesized)"
elif grep -q "E1029" "$LOGS/ts-synth-braces.log"; then
  pass "typescript: the brace form of the URL templates fails strict synth with E1029"
else
  fail "typescript: the brace form of the URL templates fails strict synth with E1029 (see $LOGS/ts-synth-braces.log)"
fi

# The command line from the installed package: npx cdk-shop-cost over the app's assembly, with
# the same per-stack assumptions as the app, must give the library's own totals.
node "$EXAMPLES" assumptions typescript > "$TS/usage.json"
if [ -f "$EXPECTED" ] \
  && run ts-cost-cli bash -c "cd '$TS' && npx --no-install cdk-shop-cost cdk.out --assumptions usage.json --json --no-write > cost-cli.json"; then
  cost_totals typescript "npx cdk-shop-cost" "$TS/cost-cli.json" "$(stack_name typescript singleHostShop)" "$(stack_name typescript dataTier)"
else
  fail "typescript: npx cdk-shop-cost runs (see $LOGS/ts-cost-cli.log)"
fi

# Every example stack with cfn-guard turned on as @cdklabs/cdk-validator-cfnguard's README says
# (policyValidationBeta1), on the newest aws-cdk-lib with validateAgainstDefaultRules: the
# library's acknowledgements must reach the plugin, so every stack synthesizes with 0 findings.
echo
echo "== guard app (examples/*.ts against the npm tarball, CfnGuardValidator as a policy validation plugin)"
GD="$WORK/guard"
rm -rf "$GD" && mkdir -p "$GD/examples"
cp "$CONSUMERS/guard/package.json" "$CONSUMERS/guard/tsconfig.json" "$CONSUMERS/guard/app.ts" "$GD/"
for example in "$ROOT"/examples/*.ts; do
  sed "s#from '\.\./src'#from 'cdk-shop'#" "$example" > "$GD/examples/$(basename "$example")"
done
# the serverless example's storefront build and handlers, which it reads beside itself
cp -r "$ROOT/examples/serverless" "$GD/examples/"
GUARD_PLUGIN="@cdklabs/cdk-validator-cfnguard@$(node -p "require('$ROOT/package.json').devDependencies['@cdklabs/cdk-validator-cfnguard']")"
GUARD_STACKS=$(node -e "
  const names = require('fs').readFileSync('$ROOT/examples/app.ts', 'utf-8').match(/new \w+Stack\(app, '(\w+)'\)/g) || [];
  console.log(names.map((n) => n.match(/'(\w+)'/)[1]).sort().join(','));")
if [ -n "$TGZ" ] \
  && run guard-npm-install bash -c "cd '$GD' && npm install --no-package-lock '$TGZ' aws-cdk-lib@latest '$GUARD_PLUGIN'" \
  && run guard-tsc bash -c "cd '$GD' && npx tsc -p ." \
  && run guard-synth bash -c "cd '$GD' && node app.js '$GD/cdk.out'"; then
  pass "guard: every example stack ($GUARD_STACKS) synthesizes with $GUARD_PLUGIN as a plugin (aws-cdk-lib $(cd "$GD" && node -p "require('aws-cdk-lib/package.json').version"), with and without the recommended flags)"
else
  fail "guard: every example stack synthesizes with $GUARD_PLUGIN as a plugin"
fi
node_checks "$CONSUMERS/check-guard.js" --cdk-out "$GD/cdk.out" --stacks "$GUARD_STACKS" --label guard

echo
echo "== python app (wheel + aws-cdk-lib from PyPI, fresh venv)"
PY="$WORK/python"
mkdir -p "$PY"
if [ -n "$WHL" ] \
  && run py-venv-pip bash -c "python3 -m venv '$PY/venv' && '$PY/venv/bin/pip' install -r '$CONSUMERS/python/requirements.txt' '$WHL'" \
  && run py-synth "$PY/venv/bin/python" "$CONSUMERS/python/app.py" "$PY/cdk.out" "$CONSUMERS/examples.json"; then
  pass "python: app synthesizes (aws-cdk-lib $("$PY/venv/bin/python" -c 'import importlib.metadata as m; print(m.version("aws-cdk-lib"))'), cdk-shop from ${WHL#"$ROOT"/})"
else
  fail "python: app synthesizes"
fi
example_checks python "$PY/cdk.out" "$LOGS/py-synth.log"
[ -n "$TGZ" ] && cost_cli_anywhere python "$PY/cdk.out" "$(stack_name python singleHostShop)" "$(stack_name python dataTier)" python

echo
echo "== java app (jar from dist/java as a file:// Maven repository + aws-cdk-lib from Maven Central)"
JV="$WORK/java"
M2="$WORK/m2"
mkdir -p "$JV"
MVN_ARGS=(-B -ntp -f "$CONSUMERS/java/pom.xml" "-Dmaven.repo.local=$M2" "-Dcdkshop.repo=file://$ROOT/dist/java"
  "-Doutdir=$JV/cdk.out" "-DbuildDir=$JV/target" "-Dexamples=$CONSUMERS/examples.json")
JAVA_CDK="${CONSUMERS_JAVA_CDK_VERSION:-$(sed -n 's:.*<cdk.version>\(.*\)</cdk.version>.*:\1:p' "$CONSUMERS/java/pom.xml")}"
MVN_ARGS+=("-Dcdk.version=$JAVA_CDK")
if [ "$JAVA_OK" = 1 ] && run java-mvn-synth mvn "${MVN_ARGS[@]}" compile exec:java; then
  pass "java: app synthesizes (aws-cdk-lib $JAVA_CDK, cdk-shop from dist/java)"
else
  fail "java: app synthesizes"
fi
example_checks java "$JV/cdk.out" "$LOGS/java-mvn-synth.log"
[ -n "$TGZ" ] && cost_cli_anywhere java "$JV/cdk.out" "$(stack_name java singleHostShop)" "$(stack_name java dataTier)" java

# ---------------------------------------------------------------- quick start
# README's quick-start apps, extracted from README.md, each in a fresh app with a cdk.json as
# README describes, synthesized by the CDK CLI against the packages built above; the
# TypeScript app's estimate must be the figure README quotes.
echo
echo "== quick start (README's TypeScript and Python apps, cdk synth in fresh apps)"
QS="$WORK/quickstart"
rm -rf "$QS" && mkdir -p "$QS/typescript" "$QS/python"
export CDK_DISABLE_CLI_TELEMETRY=true
CDK_CONTEXT='"context": { "@aws-cdk/core:validateAgainstDefaultRules": true }'
if QS_COST=$(node "$ROOT/test/readme/quick-start.js" "$ROOT/README.md" "$QS/extracted" 2>&1); then
  pass "quick start: README holds a TypeScript app, a Python app and a monthly cost (\$$QS_COST)"
else
  fail "quick start: README holds both apps and a cost: $QS_COST"
  QS_COST=""
fi
cp "$QS/extracted/app.ts" "$QS/typescript/" 2>/dev/null
cp "$QS/extracted/app.py" "$QS/python/" 2>/dev/null
echo '{ "name": "my-shop", "version": "0.0.0", "private": true }' > "$QS/typescript/package.json"
echo "{ \"app\": \"npx tsx app.ts\", $CDK_CONTEXT }" > "$QS/typescript/cdk.json"
cat > "$QS/typescript/tsconfig.json" <<'JSON'
{ "compilerOptions": { "target": "ES2022", "module": "node16", "moduleResolution": "node16", "lib": ["es2022"],
  "types": ["node"], "strict": true, "noEmit": true, "skipLibCheck": false }, "files": ["app.ts"] }
JSON
QS_TEMPLATE_CHECK='
  const t = require(process.argv[1]);
  const types = Object.values(t.Resources || {}).map((r) => r.Type);
  const count = (type) => types.filter((x) => x === type).length;
  const ok = count("AWS::EC2::Instance") === 1 && count("AWS::EC2::EIP") === 1 && count("AWS::SNS::Subscription") === 1;
  console.log(`${types.length} resources, ${count("AWS::EC2::Instance")} instance, ${count("AWS::SNS::Subscription")} e-mail subscription`);
  process.exit(ok ? 0 : 1);'
if [ -n "$TGZ" ] && [ -f "$QS/typescript/app.ts" ] \
  && run qs-ts-npm-install bash -c "cd '$QS/typescript' && npm install --no-package-lock '$TGZ' aws-cdk-lib@latest constructs@^10 aws-cdk@^2 tsx typescript@^6 @types/node@^20" \
  && run qs-ts-tsc bash -c "cd '$QS/typescript' && npx tsc -p ." \
  && run qs-ts-synth bash -c "cd '$QS/typescript' && npx cdk synth --no-notices --quiet" \
  && what=$(node -e "$QS_TEMPLATE_CHECK" "$QS/typescript/cdk.out/MyShop.template.json" 2>&1); then
  pass "quick start: README's TypeScript app type-checks (strict) and cdk synth (aws-cdk $(cd "$QS/typescript" && node -p "require('aws-cdk/package.json').version"), aws-cdk-lib $(cd "$QS/typescript" && node -p "require('aws-cdk-lib/package.json').version")) makes MyShop: $what"
else
  fail "quick start: README's TypeScript app synthesizes as pasted ${what:-}"
fi
if [ -n "$QS_COST" ] && run qs-ts-cost bash -c "cd '$QS/typescript' && npx --no-install cdk-shop-cost cdk.out --json > cost-cli.json" \
  && got=$(node -e 'const e = require(process.argv[1]).find((x) => x.stackName === "MyShop"); console.log((Math.round(Number((e.totalMonthlyUsd * 100).toPrecision(12))) / 100).toFixed(2));' "$QS/typescript/cost-cli.json" 2>&1) \
  && [ "$got" = "$QS_COST" ]; then
  pass "quick start: README's cost (\$$QS_COST a month) is the estimator's for the TypeScript app"
else
  fail "quick start: README quotes \$${QS_COST:-?} a month, the estimator gives \$${got:-?} for MyShop (update README's quick start)"
fi
if [ -n "$WHL" ] && [ -x "$PY/venv/bin/python" ] && [ -f "$QS/python/app.py" ] && [ -x "$QS/typescript/node_modules/.bin/cdk" ]; then
  echo "{ \"app\": \"$PY/venv/bin/python app.py\", $CDK_CONTEXT }" > "$QS/python/cdk.json"
  if run qs-py-synth bash -c "cd '$QS/python' && '$QS/typescript/node_modules/.bin/cdk' synth --no-notices --quiet" \
    && what=$(node -e "$QS_TEMPLATE_CHECK" "$QS/python/cdk.out/MyShop.template.json" 2>&1); then
    pass "quick start: README's Python app: cdk synth (wheel ${WHL#"$ROOT"/} in a venv) makes MyShop: $what"
  else
    fail "quick start: README's Python app synthesizes as pasted ${what:-}"
  fi
else
  fail "quick start: README's Python app synthesizes (no wheel, venv, extracted app or CDK CLI)"
fi

# ---------------------------------------------------------------- summary
echo
echo "== cost totals (monthly USD: single-host shop, data tier with logIngestGb 2)"
echo "expected: $(cat "$EXPECTED" 2>/dev/null || echo none)"
printf '%s\n' "${TOTALS[@]}"
echo
echo "== cfn-guard per example stack (plugin route; errors after, acknowledged = errors before acknowledgements reached the plugin)"
printf '%s\n' "${GUARD_COUNTS[@]}"
echo
echo "== timings"
printf '%s\n' "${TIMINGS[@]}"
echo "${PASSED} passed, ${FAILED} failed"
[ "$FAILED" -eq 0 ]
