package io.github.cdkshop.consumer;

import io.github.cdkshop.BackendOptions;
import io.github.cdkshop.BlueGreenDeploymentOptions;
import io.github.cdkshop.CachePreset;
import io.github.cdkshop.DatabasePreset;
import io.github.cdkshop.FargateServiceOptions;
import io.github.cdkshop.FargateMigrationOptions;
import io.github.cdkshop.FargateShop;
import io.github.cdkshop.FargateShopPreset;
import io.github.cdkshop.FargateTracing;
import io.github.cdkshop.NatType;
import io.github.cdkshop.NetworkProfile;
import io.github.cdkshop.ServerlessShop;
import io.github.cdkshop.ShopBackup;
import io.github.cdkshop.ShopCache;
import io.github.cdkshop.ShopDatabase;
import io.github.cdkshop.ShopDeploymentStrategy;
import io.github.cdkshop.ShopAlarmKind;
import io.github.cdkshop.ShopAlarmOverride;
import io.github.cdkshop.ShopApiRoute;
import io.github.cdkshop.ShopApiType;
import io.github.cdkshop.ShopImage;
import io.github.cdkshop.ShopNetwork;
import io.github.cdkshop.ShopNetworkProps;
import io.github.cdkshop.ShopObservability;
import io.github.cdkshop.ShopStorefrontProps;
import io.github.cdkshop.ShopTableGrant;
import io.github.cdkshop.ShopTableOptions;
import io.github.cdkshop.SingleHostShop;
import io.github.cdkshop.StorefrontOptions;
import io.github.cdkshop.StorefrontRouting;
import io.github.cdkshop.TableAccess;
import io.github.cdkshop.WorkerOptions;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.backup.BackupResource;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.route53.HostedZone;
import software.amazon.awscdk.services.route53.HostedZoneAttributes;

/**
 * The example stacks of the Java consumer app, one builder per examples.json id. A new example
 * stack: one entry in examples.json, one builder here (and in typescript/stacks.ts and
 * python/stacks.py unless examples.json limits it to some languages). Environment-agnostic
 * stacks: no account or region, so synth needs no AWS credentials.
 */
final class Stacks {
  private Stacks() {}

  static final Map<String, BiFunction<App, String, Stack>> STACKS = Map.of(
      "network", Stacks::network,
      "singleHostShop", Stacks::singleHostShop,
      "dataTier", Stacks::dataTier,
      "fargateShop", Stacks::fargateShop,
      "fargateShopProduction", Stacks::fargateShopProduction,
      "serverlessShopRest", Stacks::serverlessShopRest);

  /** The folder of examples.json (test/consumers): ConsumerApp sets it; the storefront is beside it. */
  static Path consumersDir = Paths.get("test", "consumers");

  static Stack network(final App app, final String name) {
    Stack stack = new Stack(app, name);
    ShopNetwork network = new ShopNetwork(stack, "Network", ShopNetworkProps.builder()
        .profile(NetworkProfile.THREE_AZ_NAT_PER_AZ)
        .natType(NatType.GATEWAY)
        .cidr("10.2.0.0/16")
        .build());
    if (!network.getNatInstances().isEmpty()) {
      throw new IllegalStateException("expected no NAT instances with NAT gateways");
    }
    return stack;
  }

  /** A whole shop on one host, as examples/single-host-shop.ts builds it. */
  static Stack singleHostShop(final App app, final String name) {
    Stack stack = new Stack(app, name);
    SingleHostShop.Builder.create(stack, "Shop")
        .storefront(StorefrontOptions.builder()
            .image(ShopImage.fromRegistry("ghcr.io/acme/storefront:1.0.0"))
            .build())
        .backend(BackendOptions.builder()
            .image(ShopImage.fromRegistry("ghcr.io/acme/medusa:1.0.0"))
            .build())
        .worker(WorkerOptions.builder().build())
        .build();
    return stack;
  }

  /** The data tier, as examples/data-tier.ts builds it. */
  static Stack dataTier(final App app, final String name) {
    Stack stack = new Stack(app, name);
    ShopNetwork dataNetwork = ShopNetwork.Builder.create(stack, "Network")
        .profile(NetworkProfile.TWO_AZ_SINGLE_NAT)
        .natType(NatType.INSTANCE)
        .build();
    ShopDatabase database = ShopDatabase.Builder.create(stack, "Database")
        .vpc(dataNetwork.getVpc())
        .preset(DatabasePreset.DEVELOPMENT)
        .build();
    ShopCache.Builder.create(stack, "Cache")
        .vpc(dataNetwork.getVpc())
        .preset(CachePreset.DEVELOPMENT)
        .build();
    ShopBackup.Builder.create(stack, "Backup")
        .resources(List.of(BackupResource.fromRdsDatabaseInstance(database.getInstance())))
        .build();
    return stack;
  }

  /**
   * A FargateShop (DEVELOPMENT) shaped like seed 003: storefront, backend and a product service on
   * its own paths. It names its region (no account), as a deployed stack usually does; the
   * example stack is the environment-agnostic case.
   */
  static Stack fargateShop(final App app, final String name) {
    Stack stack = new Stack(app, name, StackProps.builder()
        .env(Environment.builder().region("us-east-1").build())
        .build());
    FargateShop shop = FargateShop.Builder.create(stack, "Shop")
        .storefront(StorefrontOptions.builder()
            .image(ShopImage.fromRegistry("ghcr.io/acme/storefront:1.0.0"))
            .build())
        .backend(BackendOptions.builder()
            .image(ShopImage.fromRegistry("ghcr.io/acme/medusa:1.0.0"))
            .build())
        .services(List.of(FargateServiceOptions.builder()
            .name("products")
            .image(ShopImage.fromRegistry("ghcr.io/acme/products:1.0.0"))
            .port(8000)
            .pathPatterns(List.of("/products", "/products/*"))
            .build()))
        .build();
    if (shop.service("products") == null) {
      throw new IllegalStateException("expected the products service");
    }
    return stack;
  }

  /**
   * The production shape (issue 11): HIGHLY_AVAILABLE in eu-west-1 with the edge, so a us-east-1
   * stack beside it holds CloudFront's certificate and web ACL; blue/green deployments, the
   * migrations before traffic, tracing and a worker. The zone is imported by id: no lookup.
   */
  static Stack fargateShopProduction(final App app, final String name) {
    Stack stack = new Stack(app, name, StackProps.builder()
        .env(Environment.builder().region("eu-west-1").build())
        .build());
    FargateShop shop = FargateShop.Builder.create(stack, "Shop")
        .preset(FargateShopPreset.HIGHLY_AVAILABLE)
        .storefront(StorefrontOptions.builder()
            .image(ShopImage.fromRegistry("ghcr.io/acme/storefront:1.0.0"))
            .build())
        .backend(BackendOptions.builder()
            .image(ShopImage.fromRegistry("ghcr.io/acme/medusa:1.0.0"))
            .build())
        .worker(WorkerOptions.builder().build())
        .domainName("shop.example.com")
        .hostedZone(HostedZone.fromHostedZoneAttributes(stack, "Zone", HostedZoneAttributes.builder()
            .hostedZoneId("Z0123456789EXAMPLE")
            .zoneName("example.com")
            .build()))
        .edge(true)
        .deploymentStrategy(ShopDeploymentStrategy.blueGreen(BlueGreenDeploymentOptions.builder()
            .bakeTime(Duration.minutes(15))
            .build()))
        .migration(FargateMigrationOptions.builder().enabled(true).build())
        .tracing(FargateTracing.builder().enabled(true).build())
        .build();
    if (shop.getEdge() == null || shop.getMigration() == null) {
      throw new IllegalStateException("expected the edge and the migration");
    }
    // issue 12: one line of observability, one threshold overridden
    ShopObservability observability = ShopObservability.Builder.create(stack, "Observability")
        .shop(shop)
        .alarmEmail("ops@example.com")
        .alarmOverrides(List.of(ShopAlarmOverride.builder()
            .kind(ShopAlarmKind.TARGET_RESPONSE_TIME_P99)
            .threshold(2)
            .build()))
        .build();
    if (observability.alarmsOf(ShopAlarmKind.TARGET_RESPONSE_TIME_P99).isEmpty()) {
      throw new IllegalStateException("expected response-time alarms");
    }
    return stack;
  }

  /**
   * A ServerlessShop (issue 13) with a REST API, where a shop needs usage plans or API keys: the
   * Cognito authorizer on the order route only, the static build served as a single-page app.
   */
  static Stack serverlessShopRest(final App app, final String name) {
    Stack stack = new Stack(app, name);
    Code code = Code.fromInline("exports.handler = async () => ({ statusCode: 200, body: '[]' });");
    ServerlessShop shop = ServerlessShop.Builder.create(stack, "Shop")
        .storefront(ShopStorefrontProps.builder()
            .directory(consumersDir.resolve("serverless").resolve("storefront").toAbsolutePath().toString())
            .routing(StorefrontRouting.SINGLE_PAGE_APP)
            .build())
        .apiType(ShopApiType.REST)
        .routes(List.of(
            ShopApiRoute.builder()
                .route("GET /api/products")
                .code(code)
                .tables(List.of(ShopTableGrant.builder().table("catalog").access(TableAccess.of("dynamodb:Query")).build()))
                .build(),
            ShopApiRoute.builder()
                .route("GET /api/products/{id}")
                .code(code)
                .tables(List.of(ShopTableGrant.builder().table("catalog").access(TableAccess.of("dynamodb:GetItem")).build()))
                .build(),
            ShopApiRoute.builder()
                .route("POST /api/orders")
                .code(code)
                .protectedValue(true)
                .tables(List.of(
                    ShopTableGrant.builder().table("catalog").access(TableAccess.of("dynamodb:BatchGetItem")).build(),
                    ShopTableGrant.builder().table("orders").access(TableAccess.WRITE).build()))
                .build()))
        .tables(List.of(
            ShopTableOptions.builder().name("catalog").build(),
            ShopTableOptions.builder().name("orders").build()))
        .alarmEmail("ops@example.com")
        .build();
    if (shop.getApi().getRestApi() == null || shop.getApi().getFunctions().size() != 3) {
      throw new IllegalStateException("expected a REST API of 3 functions");
    }
    return stack;
  }
}
