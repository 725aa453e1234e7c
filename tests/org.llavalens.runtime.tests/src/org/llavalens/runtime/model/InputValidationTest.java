package org.llavalens.runtime.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.llavalens.runtime.config.ModelConfig;
import org.llavalens.runtime.config.TextConfig;
import org.llavalens.runtime.io.ModelFormatException;
import org.llavalens.runtime.io.SafetensorsWeights;
import org.llavalens.runtime.text.TokenizerException;
import org.llavalens.runtime.trace.CaptureSpec;

/** Model-level bad input gets one clear error before any tensor is made. */
class InputValidationTest {

    private static final Reference A = new Reference("a");
    private static final Reference D = new Reference("d");

    @Test
    void idsOutsideTheVocabulary() {
        try (LlavaRuntime runtime = D.open(WeightResidency.AUTO)) {
            int[] ids = D.inputIds();
            ids[3] = 320;
            TokenizerException e = assertThrows(TokenizerException.class, () -> runtime.prepare(ids, null));
            assertEquals("id 320 at position 3 is outside the vocabulary (0..319)", e.getMessage());
            ids[3] = -1;
            assertThrows(TokenizerException.class, () -> runtime.prepare(ids, null));
            assertThrows(IllegalArgumentException.class, () -> runtime.prepare(new int[0], null));
        }
    }

    @Test
    void imageTokenCountMustMatchThePatches() {
        try (LlavaRuntime runtime = A.open(WeightResidency.AUTO)) {
            int[] ids = A.inputIds();
            int[] fewer = new int[ids.length - 1];
            System.arraycopy(ids, 0, fewer, 0, 6);
            System.arraycopy(ids, 7, fewer, 6, ids.length - 7);
            TokenizerException e = assertThrows(TokenizerException.class, () -> runtime.prepare(fewer, A.pixelValues()));
            assertEquals("the ids hold 15 image tokens (id 300); expected 1 or 16 (one per image feature)",
                    e.getMessage());

            int[] gap = ids.clone();
            gap[10] = 5;
            gap[25] = 300;
            assertTrue(assertThrows(TokenizerException.class, () -> runtime.prepare(gap, A.pixelValues())).getMessage()
                    .contains("not contiguous"));
            assertThrows(IllegalArgumentException.class, () -> runtime.prepare(ids, null), "image tokens without image");
        }
    }

    @Test
    void aSingleImageTokenIsExpanded() {
        try (LlavaRuntime runtime = A.open(WeightResidency.AUTO)) {
            int[] ids = A.inputIds();
            int[] collapsed = new int[ids.length - 15];
            System.arraycopy(ids, 0, collapsed, 0, 7);
            System.arraycopy(ids, 22, collapsed, 7, ids.length - 22);
            PreparedInput expanded = runtime.prepare(collapsed, A.pixelValues());
            assertArrayEquals(ids, expanded.ids());
            PreparedInput given = runtime.prepare(ids, A.pixelValues());
            assertEquals(Arrays.toString(runtime.logits(given, null)), Arrays.toString(runtime.logits(expanded, null)));
        }
    }

    @Test
    void pixelValuesOfTheWrongSize() {
        try (LlavaRuntime runtime = A.open(WeightResidency.AUTO)) {
            float[] pixels = Arrays.copyOf(A.pixelValues(), 3 * 28 * 28);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> runtime.prepare(A.inputIds(), pixels));
            assertEquals("pixel_values has 2352 values; this model needs 3 x 56 x 56 = 9408", e.getMessage());
        }
        try (LlavaRuntime runtime = D.open(WeightResidency.AUTO)) {
            assertThrows(IllegalArgumentException.class, () -> runtime.prepare(D.inputIds(), new float[12]));
        }
    }

    @Test
    void weightsThatDisagreeWithTheConfig() {
        ModelConfig config = D.config();
        TextConfig t = config.text();
        TextConfig wider = new TextConfig(t.hiddenSize() * 2, t.intermediateSize(), t.numLayers(), t.numHeads(),
                t.numKeyValueHeads(), t.headDim() * 2, t.rmsNormEps(), t.ropeTheta(), t.vocabSize(),
                t.maxPositionEmbeddings(), t.bosTokenId(), t.eosTokenId(), t.tieWordEmbeddings());
        ModelConfig bad = new ModelConfig(config.modelType(), wider, Optional.empty(), config.visionFeatureLayer(),
                config.visionFeatureSelectStrategy(), config.projectorHiddenAct(), config.imageTokenIndex());
        try (SafetensorsWeights weights = SafetensorsWeights.open(D.dir)) {
            ModelFormatException e = assertThrows(ModelFormatException.class,
                    () -> new LlavaRuntime(bad, weights, WeightResidency.AUTO, "d"));
            assertTrue(e.getMessage().contains("config.json implies"), e.getMessage());
        }
    }

    @Test
    void aClosedModelSaysSo() {
        LlavaRuntime runtime = D.open(WeightResidency.AUTO);
        PreparedInput input = runtime.prepare(D.inputIds(), null);
        runtime.close();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> runtime.forward(input, CaptureSpec.MINIMAL, null));
        assertEquals("model d was closed", e.getMessage());
    }
}
