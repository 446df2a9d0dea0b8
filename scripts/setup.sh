#!/usr/bin/env bash
# Installs what the main job and the tests need, from the project's own files.
# Sourced by scripts/examples.sh and scripts/test.sh; safe to run again (it skips what is done).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20

# Node dependencies, exactly as locked (npm ci must come before any projen command).
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi

# cfn-lint, AWS's CloudFormation linter, in a project-local virtual environment.
CFN_LINT_VERSION=1.58.0
if [ ! -x .venv/bin/cfn-lint ] || ! .venv/bin/cfn-lint --version | grep -q "$CFN_LINT_VERSION"; then
  python3 -m venv .venv
  .venv/bin/pip install --quiet --disable-pip-version-check "cfn-lint==$CFN_LINT_VERSION"
fi
