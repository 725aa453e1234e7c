package org.llavalens.attribution.result;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Wall time of the forward pass by stage, in milliseconds; a stage the pass did not run (no image,
 * no all-position logits, no capture) is null.
 */
public record ForwardTimings(Double vision, Double decoder, Double unembed, Double allLogits, Double capture,
        Double total) {

    public static final ForwardTimings NONE = of(Map.of());

    /** From the trace's timings, keyed as the runtime names its stages. */
    public static ForwardTimings of(Map<String, Double> byStage) {
        return new ForwardTimings(byStage.get("vision"), byStage.get("decoder"), byStage.get("unembed"),
                byStage.get("all_logits"), byStage.get("capture"), byStage.get("total"));
    }

    /** The stages that ran, keyed as the runtime names them, in pass order. */
    public Map<String, Double> byStage() {
        Map<String, Double> m = new LinkedHashMap<>();
        putIfRan(m, "vision", vision);
        putIfRan(m, "decoder", decoder);
        putIfRan(m, "unembed", unembed);
        putIfRan(m, "all_logits", allLogits);
        putIfRan(m, "capture", capture);
        putIfRan(m, "total", total);
        return m;
    }

    private static void putIfRan(Map<String, Double> m, String stage, Double millis) {
        if (millis != null) {
            m.put(stage, millis);
        }
    }
}
