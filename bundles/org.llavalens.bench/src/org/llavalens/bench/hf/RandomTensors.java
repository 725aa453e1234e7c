package org.llavalens.bench.hf;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.llavalens.runtime.io.SafetensorsWriter;

/**
 * Deterministic random parameters for synthetic models whose numbers mean nothing: every tensor
 * draws from its own seed (the next one after the previous tensor's), so a model of any size is
 * the same on every run without holding its values in memory.
 */
public final class RandomTensors {

    /** sqrt(3): a uniform on [-a, a] has variance a^2 / 3. */
    private static final double UNIFORM_TO_UNIT_VARIANCE = 1.7320508;

    private final SafetensorsWriter writer;
    private long nextSeed;

    public RandomTensors(SafetensorsWriter writer, long seed) {
        this.writer = writer;
        this.nextSeed = seed;
    }

    /** Uniform values with the variance of N(0, scale^2): cheaper than Gaussian for billions of values. */
    public void uniform(String name, double scale, long... shape) {
        long seed = nextSeed++;
        long count = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        writer.add(name, shape, dest -> {
            SplittableRandom random = new SplittableRandom(seed);
            for (long i = 0; i < count; i++) {
                dest.put((float) ((random.nextDouble() * 2 - 1) * scale * UNIFORM_TO_UNIT_VARIANCE));
            }
        });
    }

    /** A norm's weight of ones under {@code prefix.weight}, and with {@code bias} a zero {@code prefix.bias}. */
    public void norm(String prefix, int n, boolean bias) {
        float[] ones = new float[n];
        Arrays.fill(ones, 1f);
        writer.add(prefix + ".weight", new long[] {n}, ones);
        if (bias) {
            writer.add(prefix + ".bias", new long[] {n}, new float[n]);
        }
    }
}
