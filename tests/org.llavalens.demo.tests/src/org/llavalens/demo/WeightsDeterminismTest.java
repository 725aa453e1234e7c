package org.llavalens.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.llavalens.demo.weights.DemoWeights;

class WeightsDeterminismTest {

    @Test
    void sameGeneratorSameWeights() {
        assertEquals(DemoGenerator.llavaWeights(DemoWeights.DEFAULT_NOISE).sha256(),
                DemoGenerator.llavaWeights(DemoWeights.DEFAULT_NOISE).sha256());
        assertEquals(DemoGenerator.vicunaWeights(DemoWeights.DEFAULT_NOISE).sha256(),
                DemoGenerator.vicunaWeights(DemoWeights.DEFAULT_NOISE).sha256());
        assertNotEquals(DemoGenerator.llavaWeights(DemoWeights.DEFAULT_NOISE).sha256(),
                DemoGenerator.llavaWeights(0.25).sha256());
    }

    @Test
    void sameGeneratorSameMetadataFiles(@TempDir Path dir) throws Exception {
        DemoGenerator.writeLlavaMetadata(dir.resolve("a"));
        DemoGenerator.writeLlavaMetadata(dir.resolve("b"));
        assertEquals(DemoGenerator.hashes(dir.resolve("a")), DemoGenerator.hashes(dir.resolve("b")));
        assertEquals(5, DemoGenerator.hashes(dir.resolve("a")).size());
    }
}
