package org.llavalens.demo.scene;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.llavalens.demo.Color;
import org.llavalens.demo.DemoArchitecture;
import org.llavalens.demo.DemoGenerator;
import org.llavalens.demo.DemoOptions;
import org.llavalens.demo.Species;

class SceneGeneratorTest {

    private static final int GRID = DemoArchitecture.GRID;

    @Test
    void scenesFollowTheDrawingRules() {
        for (Scene s : new SceneGenerator(3).scenes(200)) {
            int n = s.animals().size();
            assertTrue(n == 2 || n == 3, s.fileName());
            Set<Species> species = new HashSet<>();
            Set<Color> colors = new HashSet<>();
            for (Animal a : s.animals()) {
                assertTrue(species.add(a.species()), "species repeated in " + s.fileName());
                assertTrue(colors.add(a.color()), "colour repeated in " + s.fileName());
                assertFalse(a.covers(DemoArchitecture.SINK_PATCH), "animal on the sink patch in " + s.fileName());
                // body of at least 3x3 plus a 2x2 head that overlaps it in one patch
                assertTrue(a.patches().length >= 12 && a.patches().length <= 6 * 7 + 3, s.fileName());
                int[] base = a.color().rgb();
                for (int ch = 0; ch < 3; ch++) {
                    assertTrue(Math.abs(a.rgb()[ch] - base[ch]) <= SceneGenerator.JITTER);
                }
                assertTrue(a.amplitude() >= SceneGenerator.MIN_AMPLITUDE && a.amplitude() <= SceneGenerator.MAX_AMPLITUDE);
            }
            for (Animal a : s.animals()) {
                for (Animal b : s.animals()) {
                    if (a != b) {
                        for (int p : a.patches()) {
                            for (int q : b.patches()) {
                                int dy = Math.abs(p / GRID - q / GRID);
                                int dx = Math.abs(p % GRID - q % GRID);
                                assertTrue(Math.max(dy, dx) >= 2, "animals touch in " + s.fileName());
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void texturesAreZeroMeanAndMutuallyOrthogonal() {
        int p = DemoArchitecture.PATCH;
        for (Species a : Species.values()) {
            for (Species b : Species.values()) {
                long dot = 0;
                long sum = 0;
                for (int y = 0; y < p; y++) {
                    for (int x = 0; x < p; x++) {
                        dot += a.texture(y, x, p) * b.texture(y, x, p);
                        sum += a.texture(y, x, p);
                    }
                }
                assertEquals(0, sum);
                assertEquals(a == b ? p * p : 0, dot, a + " . " + b);
            }
        }
    }

    @Test
    void sameSeedSameScenesAndBytes(@TempDir Path dir) throws Exception {
        DemoOptions o = DemoOptions.defaults().withScenes(4).withSeed(9);
        DemoGenerator.writeScenes(dir.resolve("a"), o, null);
        DemoGenerator.writeScenes(dir.resolve("b"), o, null);
        assertEquals(DemoGenerator.hashes(dir.resolve("a")), DemoGenerator.hashes(dir.resolve("b")));
        assertEquals(5, DemoGenerator.hashes(dir.resolve("a")).size());
        DemoGenerator.writeScenes(dir.resolve("c"), o.withSeed(10), null);
        assertNotEquals(DemoGenerator.hashes(dir.resolve("a")), DemoGenerator.hashes(dir.resolve("c")));
    }

    @Test
    void indexRoundTrips(@TempDir Path dir) throws Exception {
        List<Scene> scenes = new SceneGenerator(5).scenes(6);
        Path index = dir.resolve(SceneWriter.INDEX);
        SceneWriter.writeIndex(scenes, index);
        List<Scene> back = SceneIndex.read(index);
        assertEquals(scenes.size(), back.size());
        for (int i = 0; i < scenes.size(); i++) {
            Scene a = scenes.get(i);
            Scene b = back.get(i);
            assertEquals(a.fileName(), b.fileName());
            assertEquals(a.seed(), b.seed());
            assertArrayEquals(a.background(), b.background());
            assertEquals(a.animals().size(), b.animals().size());
            for (int k = 0; k < a.animals().size(); k++) {
                Animal x = a.animals().get(k);
                Animal y = b.animals().get(k);
                assertEquals(x.species(), y.species());
                assertEquals(x.color(), y.color());
                assertArrayEquals(x.patches(), y.patches());
                assertEquals(x.question(), y.question());
                assertEquals(x.answerPrefix(), y.answerPrefix());
                assertEquals(x.answer(), y.answer());
            }
        }
        String first = Files.readAllLines(index).get(0);
        assertTrue(first.contains("\"answer_prefix\":\"The color of the"), first);
    }
}
