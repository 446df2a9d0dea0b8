#!/usr/bin/env bash
# The main job: synthesize the example shops offline into examples/cdk.out and print a
# line per stack. Needs no AWS account and no credentials.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20
npx projen examples
