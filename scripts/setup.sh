#!/usr/bin/env bash
# Installs what the main job and the tests need, from the project's own files.
# Run by scripts/examples.sh, and with --tests by scripts/test.sh; safe to run again.
# Debian packages need root (CI runs as root).
set -euo pipefail
# Debian packages need root: CI runs as root, a GitHub runner through sudo.
APT_GET=apt-get
[ "$(id -u)" -eq 0 ] || APT_GET="sudo apt-get"
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

[ "${1:-}" == "--tests" ] || exit 0

# Real programs the host-software tests run: nginx, PostgreSQL, shellcheck, the AWS CLI, moto.
bash scripts/setup-host-tools.sh

# cloud-init, to validate the host's user data with its own schema check.
if ! command -v cloud-init > /dev/null; then
  echo "setup: installing cloud-init"
  $APT_GET update -qq > /dev/null && DEBIAN_FRONTEND=noninteractive $APT_GET install -y -qq --no-install-recommends cloud-init > /dev/null
fi

# actionlint, for the workflow check (npx projen workflows:lint).
bash scripts/setup-actionlint.sh
