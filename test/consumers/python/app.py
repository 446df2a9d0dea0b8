"""A consumer app: uses cdk-shop exactly as a PyPI user would (our wheel + aws-cdk-lib from PyPI).

Usage: python app.py <outdir>
"""
import os
import sys

import aws_cdk as cdk
from aws_cdk import aws_ec2 as ec2

from cdk_shop import NatType, NetworkProfile, ShopNetwork

outdir = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "cdk.out")

app = cdk.App(
    outdir=outdir,
    context={
        # aws-cdk-lib >= 2.262: built-in CloudFormation rule findings fail synth instead of warning.
        "@aws-cdk/core:validateAgainstDefaultRules": True,
        "aws:cdk:disable-creation-stack-traces": True,
    },
)

# Environment-agnostic: no account or region, so synth needs no AWS credentials.
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

app.synth()
print(f"synthesized {stack.stack_name} into {outdir}")
