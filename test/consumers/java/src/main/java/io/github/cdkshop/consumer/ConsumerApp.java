package io.github.cdkshop.consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.cdkshop.CostEstimate;
import io.github.cdkshop.CostEstimator;
import io.github.cdkshop.CostEstimatorProps;
import io.github.cdkshop.CostReport;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.cxapi.CloudAssembly;

/**
 * A consumer app: uses cdk-shop exactly as a Maven user would. Builds the stacks examples.json
 * lists for Java with the builders in Stacks. Usage: ConsumerApp [outdir] [examples.json]
 */
public final class ConsumerApp {
  private ConsumerApp() {}

  public static void main(final String[] args) throws IOException {
    String outdir = Paths.get(args.length > 0 ? args[0] : "cdk.out").toAbsolutePath().toString();
    Path examples = Paths.get(args.length > 1 ? args[1] : "../examples.json").toAbsolutePath();
    JsonNode table = new ObjectMapper().readTree(examples.toFile());
    Stacks.consumersDir = examples.getParent();
    String prefix = table.get("languages").get("java").get("prefix").asText();

    App app = new App(AppProps.builder()
        .outdir(outdir)
        .context(Map.of(
            // aws-cdk-lib >= 2.262: built-in CloudFormation rule findings fail synth instead of warning.
            "@aws-cdk/core:validateAgainstDefaultRules", true,
            "aws:cdk:disable-creation-stack-traces", true))
        .build());

    Map<String, Stack> built = new LinkedHashMap<>();
    Map<String, CostEstimatorProps> assumptions = new HashMap<>();
    for (JsonNode entry : table.get("stacks")) {
      if (entry.has("languages") && !entry.get("languages").toString().contains("\"java\"")) {
        continue;
      }
      String id = entry.get("id").asText();
      BiFunction<App, String, Stack> build = Stacks.STACKS.get(id);
      if (build == null) {
        throw new IllegalStateException("examples.json lists '" + id + "' but Stacks has no builder for it");
      }
      Stack stack = build.apply(app, entry.get("name").asText().replace("{prefix}", prefix));
      built.put(id, stack);
      if (entry.has("assumptions")) {
        JsonNode a = entry.get("assumptions");
        CostEstimatorProps.Builder props = CostEstimatorProps.builder();
        a.fieldNames().forEachRemaining((field) -> {
          if (!field.equals("logIngestGb")) {
            throw new IllegalStateException("examples.json assumption '" + field + "': map it here");
          }
        });
        if (a.has("logIngestGb")) {
          props.logIngestGb(a.get("logIngestGb").asDouble());
        }
        assumptions.put(stack.getStackName(), props.build());
      }
    }

    CloudAssembly assembly = app.synth();
    List<String> names = new ArrayList<>();
    built.values().forEach((s) -> names.add(s.getStackName()));
    System.out.println("synthesized " + String.join(", ", names) + " into " + outdir);

    // <stack>.cost.json beside every template, with examples.json's assumptions per stack.
    List<CostEstimate> estimates = CostReport.Builder.create()
        .stackAssumptions(assumptions)
        .build()
        .write(assembly);
    for (CostEstimate estimate : estimates) {
      System.out.println("COST report " + estimate.getStackName() + " " + estimate.getTotalMonthlyUsd());
    }
    if (built.containsKey("singleHostShop")) {
      CostEstimate shopEstimate = CostEstimator.Builder.create().build().estimateStack(built.get("singleHostShop"));
      System.out.println("COST estimateStack " + shopEstimate.getStackName() + " "
          + shopEstimate.getTotalMonthlyUsd());
    }
  }
}
