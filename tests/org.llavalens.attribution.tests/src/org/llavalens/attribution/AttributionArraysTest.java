package org.llavalens.attribution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.llavalens.attribution.fixture.Fixture;
import org.llavalens.attribution.fixture.FixtureTrace;
import org.llavalens.runtime.io.NpyArray;

/** The trace hook writes the fixtures' arrays under their names, shapes and meanings. */
class AttributionArraysTest {

    @ParameterizedTest
    @ValueSource(strings = { "a", "b", "d" })
    void writtenArraysMatchTheReference(String name, @TempDir Path dir) throws Exception {
        Fixture f = Fixture.load(name);
        Map<String, Path> files = AttributionArrays.writeAll(new FixtureTrace(f), f.target(), dir);
        for (String scores : new String[] { "head_scores", "position_scores", "layer_attn_scores", "layer_mlp_scores",
                "avg_attention_image", "embed_proj_scores" }) {
            if (!f.has(scores)) {
                assertFalse(files.containsKey(scores), scores + " is written only for image inputs");
                continue;
            }
            NpyArray got = NpyArray.read(files.get(scores));
            assertArrayEquals(f.shape(scores), got.shape(), scores + " shape");
            Asserts.assertClose(f.doubles(scores), got.doubles(), 1e-4, name + " written " + scores);
        }
        for (String ids : new String[] { "logit_lens_top5", "embed_proj_top5" }) {
            if (!f.has(ids)) {
                continue;
            }
            NpyArray got = NpyArray.read(files.get(ids));
            assertArrayEquals(f.shape(ids), got.shape(), ids + " shape");
            assertArrayEquals(f.longs(ids), got.longs(), name + " written " + ids);
        }
        NpyArray which = NpyArray.read(files.get("position_scores_heads"));
        int heads = f.shape("head_scores")[0] * f.shape("head_scores")[1];
        assertEquals(heads, which.shape()[0], "small models get every head's position scores");
    }
}
