"""A consumer app: uses cdk-shop exactly as a PyPI user would (our wheel + aws-cdk-lib from PyPI).

Builds the stacks examples.json lists for Python with the builders in stacks.py.
Usage: python app.py <outdir> [examples.json]
"""
import json
import os
import sys

import aws_cdk as cdk

from cdk_shop import CostEstimator, CostEstimatorProps, CostReport
from stacks import STACKS

here = os.path.dirname(os.path.abspath(__file__))
outdir = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "cdk.out")
examples = sys.argv[2] if len(sys.argv) > 2 else os.path.join(here, "..", "examples.json")
with open(examples, encoding="utf-8") as f:
    table = json.load(f)
prefix = table["languages"]["python"]["prefix"]

app = cdk.App(
    outdir=outdir,
    context={
        # aws-cdk-lib >= 2.262: built-in CloudFormation rule findings fail synth instead of warning.
        "@aws-cdk/core:validateAgainstDefaultRules": True,
        "aws:cdk:disable-creation-stack-traces": True,
    },
)

built = {}
assumptions = {}
for entry in table["stacks"]:
    if "languages" in entry and "python" not in entry["languages"]:
        continue
    build = STACKS.get(entry["id"])
    if build is None:
        raise SystemExit(f"examples.json lists '{entry['id']}' but stacks.py has no builder for it")
    stack = build(app, entry["name"].replace("{prefix}", prefix))
    built[entry["id"]] = stack
    if "assumptions" in entry:
        # examples.json uses the library's (camelCase) prop names
        props = {"".join("_" + c.lower() if c.isupper() else c for c in k): v for k, v in entry["assumptions"].items()}
        assumptions[stack.stack_name] = CostEstimatorProps(**props)

assembly = app.synth()
names = ", ".join(s.stack_name for s in built.values())
print(f"synthesized {names} into {outdir}")

# <stack>.cost.json beside every template, with examples.json's assumptions per stack.
for estimate in CostReport(stack_assumptions=assumptions).write(assembly):
    print(f"COST report {estimate.stack_name} {estimate.total_monthly_usd!r}")
if "singleHostShop" in built:
    shop_estimate = CostEstimator().estimate_stack(built["singleHostShop"])
    print(f"COST estimateStack {shop_estimate.stack_name} {shop_estimate.total_monthly_usd!r}")
