package org.llavalens.demo.weights;

import java.util.Random;

/**
 * Seeded standard normal draws. {@link Random}'s algorithm is specified by the JDK, so the same seed
 * gives the same numbers on every JVM: the generated files are byte-identical across runs.
 */
final class Gaussian {

    private final Random random;

    Gaussian(long seed) {
        this.random = new Random(seed);
    }

    double next() {
        return random.nextGaussian();
    }
}
