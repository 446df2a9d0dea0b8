package io.github.cdkshop.consumer;

import io.github.cdkshop.NatType;
import io.github.cdkshop.NetworkProfile;
import io.github.cdkshop.ShopNetwork;
import io.github.cdkshop.ShopNetworkProps;
import java.nio.file.Paths;
import java.util.Map;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Stack;

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

    // Environment-agnostic: no account or region, so synth needs no AWS credentials.
    Stack stack = new Stack(app, "ConsumerJava");
    ShopNetwork network = new ShopNetwork(stack, "Network", ShopNetworkProps.builder()
        .profile(NetworkProfile.THREE_AZ_NAT_PER_AZ)
        .natType(NatType.GATEWAY)
        .cidr("10.2.0.0/16")
        .build());
    if (!network.getNatInstances().isEmpty()) {
      throw new IllegalStateException("expected no NAT instances with NAT gateways");
    }

    app.synth();
    System.out.println("synthesized " + stack.getStackName() + " into " + outdir);
  }
}
