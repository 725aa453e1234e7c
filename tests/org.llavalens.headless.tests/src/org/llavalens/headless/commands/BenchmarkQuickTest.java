package org.llavalens.headless.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.llavalens.headless.CapturedConsole;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/** The CI smoke run: --quick --json writes every named figure (no figure is judged: nothing is timed here). */
class BenchmarkQuickTest {

    @TempDir
    Path tmp;

    @Test
    void quickRunWritesEveryFigureByName() throws IOException {
        Path json = tmp.resolve("f.json");
        CapturedConsole c = new CapturedConsole();
        assertEquals(0, c.run("benchmark", "runtime", "--quick", "--rounds", "2", "--json", json.toString(), "--tmp",
                tmp.toString()), c.err());
        JsonObject f = JsonParser.parseString(Files.readString(json)).getAsJsonObject();
        for (String key : new String[] {"gemm_gflops", "layer_fraction_of_gemm", "load_ratio", "capture_ratio",
                "fp16_top10_overlap", "fp16_max_abs_dS", "capture_ratio_min", "capture_ratio_max", "load_once_ratio",
                "bf16_load_ratio", "load_seconds_min", "load_raw_seconds_max"}) {
            JsonElement e = f.get(key);
            assertTrue(e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber(), key + " in " + f);
            assertTrue(Double.isFinite(e.getAsDouble()), key + " = " + e);
        }
        for (String fixture : ReferenceCases.ALL) {
            assertTrue(f.has("fp16_" + fixture + "_argmax_agrees"), fixture + " in " + f);
        }
        assertTrue(c.out().contains("device cpu, precision fp32"), c.out());
        try (var left = Files.list(tmp)) {
            assertEquals(1, left.count(), "only the JSON stays behind");
        }
    }
}
