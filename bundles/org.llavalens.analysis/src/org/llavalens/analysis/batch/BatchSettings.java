package org.llavalens.analysis.batch;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.llavalens.attribution.HeadAggregation;

import com.google.gson.Gson;
import com.google.gson.JsonObject;

/**
 * What every case of a batch is analysed with. Its {@link #fingerprint()} names the stored results, so
 * a rerun with the same settings finds them and a rerun with other settings computes anew.
 *
 * @param methods        attribution method ids, in the order they run
 * @param target         null for the argmax, else a token id or word (as {@code analyze --target})
 * @param heads          head aggregation of the image map ({@code top1}, {@code topK:N}, {@code L_H,...})
 * @param maxNewTokens   length of the greedy answer recorded on the case (0: none, the target token only)
 * @param padToSquare    original LLaVA's pad-to-square instead of the centre crop
 * @param methodSettings settings passed to every method (each reads the keys it declares)
 */
public record BatchSettings(List<String> methods, String target, String heads, int maxNewTokens, boolean padToSquare,
        Map<String, String> methodSettings) implements java.io.Serializable {

    public BatchSettings {
        methods = List.copyOf(methods);
        methodSettings = Map.copyOf(methodSettings);
        if (methods.isEmpty()) {
            throw new IllegalArgumentException("a batch needs at least one attribution method");
        }
        if (maxNewTokens < 0) {
            throw new IllegalArgumentException("the answer length must not be negative");
        }
        HeadAggregation.parse(heads);
    }

    public HeadAggregation headAggregation() {
        return HeadAggregation.parse(heads);
    }

    /** The settings as a stable JSON object (keys sorted where order carries no meaning). */
    public JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.add("methods", new Gson().toJsonTree(methods));
        o.addProperty("target", target == null ? "argmax" : target);
        o.addProperty("heads", headAggregation().toString());
        o.addProperty("maxNewTokens", maxNewTokens);
        o.addProperty("padToSquare", padToSquare);
        o.add("methodSettings", new Gson().toJsonTree(new TreeMap<>(methodSettings)));
        return o;
    }

    /** 12 hex digits of the SHA-256 of {@link #toJson()}. */
    public String fingerprint() {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(toJson().toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
