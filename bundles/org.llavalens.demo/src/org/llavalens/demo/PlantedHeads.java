package org.llavalens.demo;

import java.util.List;

/** Where the mechanism sits in the decoder: what the demo's tests and users are told to find. */
public final class PlantedHeads {

    /** A (layer, head) pair. */
    public record Head(int layer, int head) {
        @Override
        public String toString() {
            return layer + "_" + head;
        }
    }

    /** Layer 0: moves the asked animal word into the last position. */
    public static final Head MOVER = new Head(0, 0);
    /** Deep layer: reads the asked animal's patches (or color word) and writes color scores. */
    public static final Head COLOR = new Head(2, 5);
    /** Previous-token head on the fastest rotary pairs: breaks if RoPE is wrong. */
    public static final Head POSITIONAL = new Head(1, 7);
    /** Attend to the sink patch (to BOS without an image) and write into a dimension lm_head ignores. */
    public static final List<Head> SINKS = List.of(new Head(1, 2), new Head(1, 5), new Head(2, 1), new Head(2, 6),
            new Head(3, 1), new Head(3, 4), new Head(3, 6));

    private PlantedHeads() {
    }

    public static boolean isPlanted(int layer, int head) {
        Head h = new Head(layer, head);
        return h.equals(MOVER) || h.equals(COLOR) || h.equals(POSITIONAL) || SINKS.contains(h);
    }
}
