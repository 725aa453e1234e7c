package org.llavalens.analysis.batch;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.llavalens.runtime.compute.ComputeDevice;
import org.llavalens.runtime.compute.ComputeSettings;
import org.llavalens.runtime.compute.Precision;

/**
 * A batch to run in another JVM (the Spark driver): what {@code ./llavalens batch --spark} hands the
 * job jar as command-line arguments, and what the driver ships to its executors. {@link #toArgs()}
 * and {@link #parse(List)} are each other's inverse, so the product and {@code spark-submit} speak one
 * language.
 *
 * @param textModel             a text-only model folder, or null
 * @param limit                 at most this many cases (0: all)
 * @param device                {@link ComputeDevice#parse} syntax
 * @param precision             {@link Precision#parse} syntax
 * @param methodDeadlineSeconds how long one attribution method may compute
 * @param master                the Spark master ({@code local[N]} or a cluster URL), or null for the one
 *                              {@code spark-submit --master} set
 * @param maxFailures           attempts per case before it is recorded failed ({@code spark.task.maxFailures})
 */
public record BatchJobSpec(String project, String model, String textModel, BatchSettings settings, int limit,
        String device, String precision, int methodDeadlineSeconds, String master, int maxFailures)
        implements Serializable {

    private static final long serialVersionUID = 1L;

    public static final int DEFAULT_MAX_FAILURES = 4;

    public BatchJobSpec {
        if (limit < 0) {
            throw new IllegalArgumentException("--limit must not be negative");
        }
        if (maxFailures < 1) {
            throw new IllegalArgumentException("--max-failures must be at least 1");
        }
        if (methodDeadlineSeconds < 1) {
            throw new IllegalArgumentException("--method-deadline must be at least 1 second");
        }
        ComputeDevice.parse(device);
        Precision.parse(precision);
    }

    public ComputeSettings compute() {
        return new ComputeSettings(ComputeDevice.parse(device), Precision.parse(precision));
    }

    public BatchJobSpec withMaster(String other) {
        return new BatchJobSpec(project, model, textModel, settings, limit, device, precision, methodDeadlineSeconds,
                other, maxFailures);
    }

    public BatchJobSpec withProject(String other) {
        return new BatchJobSpec(other, model, textModel, settings, limit, device, precision, methodDeadlineSeconds,
                master, maxFailures);
    }

    public List<String> toArgs() {
        List<String> a = new ArrayList<>(List.of("--project", project, "--model", model));
        if (textModel != null) {
            a.addAll(List.of("--vicuna", textModel));
        }
        a.addAll(List.of("--methods", String.join(",", settings.methods())));
        if (settings.target() != null) {
            a.addAll(List.of("--target", settings.target()));
        }
        a.addAll(List.of("--heads", settings.heads(), "--max-new-tokens", Integer.toString(settings.maxNewTokens())));
        if (settings.padToSquare()) {
            a.add("--pad-to-square");
        }
        new TreeMap<>(settings.methodSettings()).forEach((k, v) -> a.addAll(List.of("--method-setting", k + "=" + v)));
        a.addAll(List.of("--limit", Integer.toString(limit), "--device", device, "--precision", precision,
                "--method-deadline", Integer.toString(methodDeadlineSeconds), "--max-failures",
                Integer.toString(maxFailures)));
        if (master != null) {
            a.addAll(List.of("--spark", master));
        }
        return a;
    }

    /**
     * Reads {@link #toArgs()}' form; {@code --project}, {@code --model} and {@code --methods} are
     * required, the rest default as in {@code ./llavalens batch}.
     *
     * @throws IllegalArgumentException naming the argument that is wrong
     */
    public static BatchJobSpec parse(List<String> args) {
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, String> methodSettings = new LinkedHashMap<>();
        boolean pad = false;
        for (int i = 0; i < args.size(); i++) {
            String key = args.get(i);
            if (key.equals("--pad-to-square")) {
                pad = true;
                continue;
            }
            if (!key.startsWith("--") || i + 1 >= args.size()) {
                throw new IllegalArgumentException("expected --option VALUE at '" + key + "'");
            }
            String value = args.get(++i);
            if (key.equals("--method-setting")) {
                int eq = value.indexOf('=');
                if (eq < 1) {
                    throw new IllegalArgumentException("--method-setting takes KEY=VALUE, not " + value);
                }
                methodSettings.put(value.substring(0, eq), value.substring(eq + 1));
            } else if (values.put(key.substring(2), value) != null) {
                throw new IllegalArgumentException(key + " is given twice");
            }
        }
        BatchSettings settings = new BatchSettings(Arrays.asList(required(values, "methods").split(",")),
                values.remove("target"), or(values, "heads", "top1"), integer(values, "max-new-tokens", 12), pad,
                methodSettings);
        BatchJobSpec spec = new BatchJobSpec(required(values, "project"), required(values, "model"),
                values.remove("vicuna"), settings, integer(values, "limit", 0), or(values, "device", "cpu"),
                or(values, "precision", "fp32"), integer(values, "method-deadline", 120), values.remove("spark"),
                integer(values, "max-failures", DEFAULT_MAX_FAILURES));
        if (!values.isEmpty()) {
            throw new IllegalArgumentException("unknown option --" + values.keySet().iterator().next());
        }
        return spec;
    }

    private static String required(Map<String, String> values, String key) {
        String v = values.remove(key);
        if (v == null) {
            throw new IllegalArgumentException("--" + key + " is required");
        }
        return v;
    }

    private static String or(Map<String, String> values, String key, String fallback) {
        String v = values.remove(key);
        return v == null ? fallback : v;
    }

    private static int integer(Map<String, String> values, String key, int fallback) {
        String v = values.remove(key);
        try {
            return v == null ? fallback : Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + key + " takes a whole number, not " + v);
        }
    }
}
