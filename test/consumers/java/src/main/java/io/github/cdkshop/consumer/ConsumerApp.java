package io.github.cdkshop.consumer;

import io.github.cdkshop.BackendOptions;
import io.github.cdkshop.CachePreset;
import io.github.cdkshop.CostEstimate;
import io.github.cdkshop.CostEstimator;
import io.github.cdkshop.CostEstimatorProps;
import io.github.cdkshop.CostReport;
import io.github.cdkshop.DatabasePreset;
import io.github.cdkshop.NatType;
import io.github.cdkshop.NetworkProfile;
import io.github.cdkshop.ShopBackup;
import io.github.cdkshop.ShopCache;
import io.github.cdkshop.ShopDatabase;
import io.github.cdkshop.ShopImage;
import io.github.cdkshop.ShopNetwork;
import io.github.cdkshop.ShopNetworkProps;
import io.github.cdkshop.SingleHostShop;
import io.github.cdkshop.StorefrontOptions;
import io.github.cdkshop.WorkerOptions;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.cxapi.CloudAssembly;
import software.amazon.awscdk.services.backup.BackupResource;

/** A consumer app: uses cdk-shop exactly as a Maven user would. Usage: ConsumerApp [outdir] */
public final class ConsumerApp {
  private ConsumerApp() {}

  public static void main(final String[] args) {
    String outdir = Paths.get(args.length > 0 ? args[0] : "cdk.out").toAbsolutePath().toString();

    App app = new App(AppProps.builder()
        .outdir(outdir)
        .context(Map.of(
            // aws-cdk-lib >= 2.262: built-in CloudFormation rule findings fail synth instead of warning.
            "@aws-cdk/core:validateAgainstDefaultRules", true,
            "aws:cdk:disable-creation-stack-traces", true))
        .build());

    // Environment-agnostic stacks: no account or region, so synth needs no AWS credentials.
    Stack stack = new Stack(app, "ConsumerJava");
    ShopNetwork network = new ShopNetwork(stack, "Network", ShopNetworkProps.builder()
        .profile(NetworkProfile.THREE_AZ_NAT_PER_AZ)
        .natType(NatType.GATEWAY)
        .cidr("10.2.0.0/16")
        .build());
    if (!network.getNatInstances().isEmpty()) {
      throw new IllegalStateException("expected no NAT instances with NAT gateways");
    }

    // A whole shop on one host, as examples/single-host-shop.ts builds it.
    Stack shopStack = new Stack(app, "ConsumerJavaShop");
    SingleHostShop.Builder.create(shopStack, "Shop")
        .storefront(StorefrontOptions.builder()
            .image(ShopImage.fromRegistry("ghcr.io/acme/storefront:1.0.0"))
            .build())
        .backend(BackendOptions.builder()
            .image(ShopImage.fromRegistry("ghcr.io/acme/medusa:1.0.0"))
            .build())
        .worker(WorkerOptions.builder().build())
        .build();

    // The data tier, as examples/data-tier.ts builds it.
    Stack dataStack = new Stack(app, "ConsumerJavaDataTier");
    ShopNetwork dataNetwork = ShopNetwork.Builder.create(dataStack, "Network")
        .profile(NetworkProfile.TWO_AZ_SINGLE_NAT)
        .natType(NatType.INSTANCE)
        .build();
    ShopDatabase database = ShopDatabase.Builder.create(dataStack, "Database")
        .vpc(dataNetwork.getVpc())
        .preset(DatabasePreset.DEVELOPMENT)
        .build();
    ShopCache.Builder.create(dataStack, "Cache")
        .vpc(dataNetwork.getVpc())
        .preset(CachePreset.DEVELOPMENT)
        .build();
    ShopBackup.Builder.create(dataStack, "Backup")
        .resources(List.of(BackupResource.fromRdsDatabaseInstance(database.getInstance())))
        .build();

    CloudAssembly assembly = app.synth();
    System.out.println("synthesized " + stack.getStackName() + ", " + shopStack.getStackName() + ", "
        + dataStack.getStackName() + " into " + outdir);

    // <stack>.cost.json beside every template; the data tier with its own log volume.
    List<CostEstimate> estimates = CostReport.Builder.create()
        .stackAssumptions(Map.of(
            dataStack.getStackName(), CostEstimatorProps.builder().logIngestGb(2).build()))
        .build()
        .write(assembly);
    for (CostEstimate estimate : estimates) {
      System.out.println("COST report " + estimate.getStackName() + " " + estimate.getTotalMonthlyUsd());
    }
    CostEstimate shopEstimate = CostEstimator.Builder.create().build().estimateStack(shopStack);
    System.out.println("COST estimateStack " + shopEstimate.getStackName() + " "
        + shopEstimate.getTotalMonthlyUsd());
  }
}
