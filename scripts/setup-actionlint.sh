#!/usr/bin/env bash
# actionlint, the GitHub Actions workflow linter (rhysd/actionlint, built from the Go module
# proxy; it runs shellcheck over every `run:` script too), installed into .tmp/bin.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ACTIONLINT_VERSION=1.7.12
if [ -x .tmp/bin/actionlint ] && .tmp/bin/actionlint -version | grep -q "^v\?$ACTIONLINT_VERSION"; then
  exit 0
fi
echo "setup: installing actionlint $ACTIONLINT_VERSION"
GOBIN="$PWD/.tmp/bin" GOFLAGS=-mod=mod go install "github.com/rhysd/actionlint/cmd/actionlint@v$ACTIONLINT_VERSION"
