"""The example stacks of the Python consumer app, one builder per examples.json id.

A new example stack: one entry in examples.json, one builder here (and in typescript/stacks.ts
and java/.../Stacks.java unless examples.json limits it to some languages).
Environment-agnostic stacks: no account or region, so synth needs no AWS credentials.
"""
import os

import aws_cdk as cdk
from aws_cdk import aws_backup as backup
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_route53 as route53

from cdk_shop import (
    BackendOptions,
    CachePreset,
    DatabasePreset,
    FargateServiceOptions,
    FargateMigrationOptions,
    FargateShop,
    FargateShopPreset,
    FargateTracing,
    NatType,
    NetworkProfile,
    ServerlessDatabaseOptions,
    ServerlessShop,
    ShopApiRoute,
    ShopBackup,
    ShopCache,
    ShopDatabase,
    ShopDeploymentStrategy,
    ShopAlarmKind,
    ShopAlarmOverride,
    ShopImage,
    ShopNetwork,
    ShopObservability,
    ShopStorefrontProps,
    ShopTableGrant,
    ShopTableOptions,
    SingleHostShop,
    StorefrontOptions,
    TableAccess,
    WorkerOptions,
)


def network(app: cdk.App, name: str) -> cdk.Stack:
    stack = cdk.Stack(app, name)
    shop_network = ShopNetwork(
        stack,
        "Network",
        profile=NetworkProfile.TWO_AZ_SINGLE_NAT,
        nat_type=NatType.INSTANCE,
        cidr="10.1.0.0/16",
        nat_instance_type=ec2.InstanceType("t4g.nano"),
    )
    if len(shop_network.nat_instances) != 1:
        raise SystemExit(f"expected 1 NAT instance, got {len(shop_network.nat_instances)}")
    return stack


def single_host_shop(app: cdk.App, name: str) -> cdk.Stack:
    """A whole shop on one host, as examples/single-host-shop.ts builds it."""
    stack = cdk.Stack(app, name)
    SingleHostShop(
        stack,
        "Shop",
        storefront=StorefrontOptions(
            image=ShopImage.from_registry("ghcr.io/acme/storefront:1.0.0")
        ),
        backend=BackendOptions(image=ShopImage.from_registry("ghcr.io/acme/medusa:1.0.0")),
        worker=WorkerOptions(),
    )
    return stack


def data_tier(app: cdk.App, name: str) -> cdk.Stack:
    """The data tier, as examples/data-tier.ts builds it."""
    stack = cdk.Stack(app, name)
    data_network = ShopNetwork(
        stack,
        "Network",
        profile=NetworkProfile.TWO_AZ_SINGLE_NAT,
        nat_type=NatType.INSTANCE,
    )
    database = ShopDatabase(
        stack, "Database", vpc=data_network.vpc, preset=DatabasePreset.DEVELOPMENT
    )
    ShopCache(stack, "Cache", vpc=data_network.vpc, preset=CachePreset.DEVELOPMENT)
    ShopBackup(
        stack,
        "Backup",
        resources=[backup.BackupResource.from_rds_database_instance(database.instance)],
    )
    return stack


def fargate_shop(app: cdk.App, name: str) -> cdk.Stack:
    """A FargateShop (DEVELOPMENT) shaped like seed 003: storefront, backend and a product service.

    It names its region (no account), as a deployed stack usually does; the example stack is the
    environment-agnostic case.
    """
    stack = cdk.Stack(app, name, env=cdk.Environment(region="us-east-1"))
    shop = FargateShop(
        stack,
        "Shop",
        storefront=StorefrontOptions(
            image=ShopImage.from_registry("ghcr.io/acme/storefront:1.0.0")
        ),
        backend=BackendOptions(image=ShopImage.from_registry("ghcr.io/acme/medusa:1.0.0")),
        services=[
            FargateServiceOptions(
                name="products",
                image=ShopImage.from_registry("ghcr.io/acme/products:1.0.0"),
                port=8000,
                path_patterns=["/products", "/products/*"],
            )
        ],
    )
    if shop.service("products") is None:
        raise SystemExit("expected the products service")
    return stack


def fargate_shop_production(app: cdk.App, name: str) -> cdk.Stack:
    """The production shape (issue 11): HIGHLY_AVAILABLE in eu-west-1 with the edge.

    A us-east-1 stack beside it holds CloudFront's certificate and web ACL; blue/green
    deployments, the migrations before traffic, tracing and a worker. The zone is imported by id.
    """
    stack = cdk.Stack(app, name, env=cdk.Environment(region="eu-west-1"))
    shop = FargateShop(
        stack,
        "Shop",
        preset=FargateShopPreset.HIGHLY_AVAILABLE,
        storefront=StorefrontOptions(
            image=ShopImage.from_registry("ghcr.io/acme/storefront:1.0.0")
        ),
        backend=BackendOptions(image=ShopImage.from_registry("ghcr.io/acme/medusa:1.0.0")),
        worker=WorkerOptions(),
        domain_name="shop.example.com",
        hosted_zone=route53.HostedZone.from_hosted_zone_attributes(
            stack, "Zone", hosted_zone_id="Z0123456789EXAMPLE", zone_name="example.com"
        ),
        edge=True,
        deployment_strategy=ShopDeploymentStrategy.blue_green(
            bake_time=cdk.Duration.minutes(15)
        ),
        migration=FargateMigrationOptions(enabled=True),
        tracing=FargateTracing(enabled=True),
    )
    if shop.edge is None or shop.migration is None:
        raise SystemExit("expected the edge and the migration")
    # issue 12: one line of observability, one threshold overridden
    observability = ShopObservability(
        stack,
        "Observability",
        shop=shop,
        alarm_email="ops@example.com",
        alarm_overrides=[
            ShopAlarmOverride(kind=ShopAlarmKind.TARGET_RESPONSE_TIME_P99, threshold=2)
        ],
    )
    if not observability.alarms_of(ShopAlarmKind.TARGET_RESPONSE_TIME_P99):
        raise SystemExit("expected response-time alarms")
    return stack


# The static build the ServerlessShop stacks deploy (test/consumers/serverless/storefront).
STOREFRONT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "serverless", "storefront")


def serverless_shop_orders(app: cdk.App, name: str) -> cdk.Stack:
    """A ServerlessShop (issue 13) with its orders in PostgreSQL.

    The order routes are protected and run in the VPC, reaching the database through the RDS
    Proxy with IAM authentication; the catalog read stays outside it, on DynamoDB.
    """
    stack = cdk.Stack(app, name)
    code = lambda_.Code.from_inline(
        "exports.handler = async () => ({ statusCode: 200, body: '[]' });"
    )
    shop = ServerlessShop(
        stack,
        "Shop",
        storefront=ShopStorefrontProps(directory=STOREFRONT),
        routes=[
            ShopApiRoute(
                route="GET /api/products",
                code=code,
                tables=[ShopTableGrant(table="catalog", access=TableAccess.READ)],
            ),
            ShopApiRoute(route="GET /api/orders/{id}", code=code, protected=True, database=True),
            ShopApiRoute(
                route="POST /api/orders",
                code=code,
                protected=True,
                database=True,
                tables=[
                    ShopTableGrant(table="catalog", access=TableAccess.of("dynamodb:BatchGetItem"))
                ],
            ),
        ],
        tables=[ShopTableOptions(name="catalog")],
        database=ServerlessDatabaseOptions(database_name="orders"),
        alarm_email="ops@example.com",
    )
    if shop.database is None or shop.vpc is None:
        raise SystemExit("expected the orders database in a VPC")
    return stack


STACKS = {
    "network": network,
    "singleHostShop": single_host_shop,
    "dataTier": data_tier,
    "fargateShop": fargate_shop,
    "fargateShopProduction": fargate_shop_production,
    "serverlessShopOrders": serverless_shop_orders,
}
