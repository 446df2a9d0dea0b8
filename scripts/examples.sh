#!/usr/bin/env bash
# The main job: synthesize the example shops offline into examples/cdk.out and print a
# line per stack. Needs no AWS account and no credentials.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
npx projen examples
