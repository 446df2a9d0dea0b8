"""A consumer app: uses cdk-shop exactly as a PyPI user would (our wheel + aws-cdk-lib from PyPI).

Usage: python app.py <outdir>
"""
import os
import sys

import aws_cdk as cdk
from aws_cdk import aws_backup as backup
from aws_cdk import aws_ec2 as ec2

from cdk_shop import (
    BackendOptions,
    CachePreset,
    CostEstimator,
    CostEstimatorProps,
    CostReport,
    DatabasePreset,
    NatType,
    NetworkProfile,
    ShopBackup,
    ShopCache,
    ShopDatabase,
    ShopImage,
    ShopNetwork,
    SingleHostShop,
    StorefrontOptions,
    WorkerOptions,
)

outdir = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "cdk.out")

app = cdk.App(
    outdir=outdir,
    context={
        # aws-cdk-lib >= 2.262: built-in CloudFormation rule findings fail synth instead of warning.
        "@aws-cdk/core:validateAgainstDefaultRules": True,
        "aws:cdk:disable-creation-stack-traces": True,
    },
)

# Environment-agnostic stacks: no account or region, so synth needs no AWS credentials.
stack = cdk.Stack(app, "ConsumerPython")
network = ShopNetwork(
    stack,
    "Network",
    profile=NetworkProfile.TWO_AZ_SINGLE_NAT,
    nat_type=NatType.INSTANCE,
    cidr="10.1.0.0/16",
    nat_instance_type=ec2.InstanceType("t4g.nano"),
)
if len(network.nat_instances) != 1:
    raise SystemExit(f"expected 1 NAT instance, got {len(network.nat_instances)}")

# A whole shop on one host, as examples/single-host-shop.ts builds it.
shop_stack = cdk.Stack(app, "ConsumerPythonShop")
SingleHostShop(
    shop_stack,
    "Shop",
    storefront=StorefrontOptions(
        image=ShopImage.from_registry("ghcr.io/acme/storefront:1.0.0")
    ),
    backend=BackendOptions(image=ShopImage.from_registry("ghcr.io/acme/medusa:1.0.0")),
    worker=WorkerOptions(),
)

# The data tier, as examples/data-tier.ts builds it.
data_stack = cdk.Stack(app, "ConsumerPythonDataTier")
data_network = ShopNetwork(
    data_stack,
    "Network",
    profile=NetworkProfile.TWO_AZ_SINGLE_NAT,
    nat_type=NatType.INSTANCE,
)
database = ShopDatabase(
    data_stack, "Database", vpc=data_network.vpc, preset=DatabasePreset.DEVELOPMENT
)
ShopCache(data_stack, "Cache", vpc=data_network.vpc, preset=CachePreset.DEVELOPMENT)
ShopBackup(
    data_stack,
    "Backup",
    resources=[backup.BackupResource.from_rds_database_instance(database.instance)],
)

assembly = app.synth()
names = ", ".join(s.stack_name for s in (stack, shop_stack, data_stack))
print(f"synthesized {names} into {outdir}")

# <stack>.cost.json beside every template; the data tier with its own log volume.
estimates = CostReport(
    stack_assumptions={data_stack.stack_name: CostEstimatorProps(log_ingest_gb=2)},
).write(assembly)
for estimate in estimates:
    print(f"COST report {estimate.stack_name} {estimate.total_monthly_usd!r}")
shop_estimate = CostEstimator().estimate_stack(shop_stack)
print(f"COST estimateStack {shop_estimate.stack_name} {shop_estimate.total_monthly_usd!r}")
