package org.llavalens.headless.commands;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.llavalens.fixtures.ReferenceFixtures;
import org.llavalens.headless.CapturedConsole;
import org.llavalens.headless.cli.Cli;
import org.llavalens.runtime.io.NpyArray;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/** {@code ./llavalens trace} on reference fixture a: every file it writes matches Hugging Face's arrays. */
class TraceCommandTest {

    private static final Path FIXTURE = ReferenceFixtures.dir("a");

    @TempDir
    Path out;

    private final CapturedConsole io = new CapturedConsole();

    private int trace(String... extra) {
        String[] base = {"trace", "--model", FIXTURE.toString(), "--pixel-values",
                FIXTURE.resolve("pixel_values.npy").toString(), "--out", out.toString()};
        return io.run(base, extra);
    }

    @Test
    void writesTheFixtureArrays() throws Exception {
        assertEquals(Cli.OK, trace("--input-ids", FIXTURE.resolve("input_ids.npy").toString()),
                io.err());
        String[][] checks = {{"logits_last", "1e-4"}, {"logprobs_last", "1e-4"}, {"attn_last", "1e-5"},
                {"head_out_last", "1e-4"}, {"attn_out_last", "1e-4"}, {"layer_in_last", "1e-4"},
                {"layer_out_last", "1e-4"}, {"mlp_out_last", "1e-4"}, {"image_features", "1e-4"}};
        for (String[] check : checks) {
            NpyArray got = NpyArray.read(out.resolve(check[0] + ".npy"));
            NpyArray expected = NpyArray.read(FIXTURE.resolve("expected").resolve(check[0] + ".f32.npy"));
            assertArrayEquals(expected.shape(), got.shape(), check[0] + " shape");
            assertEquals("<f4", got.descr(), check[0] + " dtype");
            double tol = Double.parseDouble(check[1]);
            float[] g = got.floats();
            float[] e = expected.floats();
            for (int i = 0; i < g.length; i++) {
                assertEquals(e[i], g[i], tol + tol * Math.abs(e[i]), check[0] + "[" + i + "]");
            }
        }
        // The attribution arrays written beside the trace, against the fixture's (computed from HF's tensors).
        String[] scores = {"head_scores", "position_scores", "layer_attn_scores", "layer_mlp_scores",
                "avg_attention_image"};
        for (String name : scores) {
            NpyArray got = NpyArray.read(out.resolve(name + ".npy"));
            NpyArray expected = NpyArray.read(FIXTURE.resolve("expected").resolve(name + ".f32.npy"));
            assertArrayEquals(expected.shape(), got.shape(), name + " shape");
            double[] g = got.doubles();
            double[] e = expected.doubles();
            for (int i = 0; i < g.length; i++) {
                assertEquals(e[i], g[i], 1e-4 + 1e-4 * Math.abs(e[i]), name + "[" + i + "]");
            }
        }
        for (String name : new String[] {"logit_lens_top5", "embed_proj_top5"}) {
            assertArrayEquals(NpyArray.read(FIXTURE.resolve("expected").resolve(name + ".f32.npy")).longs(),
                    NpyArray.read(out.resolve(name + ".npy")).longs(), name);
        }
        NpyArray pixels = NpyArray.read(out.resolve("pixel_values.npy"));
        assertArrayEquals(NpyArray.read(FIXTURE.resolve("pixel_values.npy")).floats(), pixels.floats());
        assertArrayEquals(new int[] {1, 3, 56, 56}, pixels.shape());

        JsonObject json = JsonParser.parseString(Files.readString(out.resolve("trace.json"))).getAsJsonObject();
        assertEquals(132, json.getAsJsonObject("target_token").get("id").getAsInt());
        assertTrue(json.getAsJsonObject("target_token").get("is_argmax").getAsBoolean());
        assertEquals(6, json.getAsJsonObject("image_span").get("start").getAsInt());
        assertEquals(22, json.getAsJsonObject("image_span").get("end").getAsInt());
        assertEquals("F32", json.getAsJsonObject("dtype").get("stored").getAsString());
        assertTrue(json.getAsJsonObject("timings_ms").has("decoder"));
        assertTrue(io.out().contains("target token 132"));
        assertTrue(!Files.exists(out.resolve("logits_all.npy")), "logits_all.npy only with --all-logits");
    }

    @Test
    void allLogitsWritesEveryPositionAsTheFixture() throws Exception {
        assertEquals(Cli.OK, trace("--input-ids", FIXTURE.resolve("input_ids.npy").toString(), "--all-logits"),
                io.err());
        NpyArray got = NpyArray.read(out.resolve("logits_all.npy"));
        NpyArray expected = NpyArray.read(FIXTURE.resolve("expected/logits_all.f32.npy"));
        assertArrayEquals(new int[] {28, 302}, got.shape());
        assertArrayEquals(expected.shape(), got.shape());
        assertEquals("<f4", got.descr());
        float[] g = got.floats();
        float[] e = expected.floats();
        double max = 0;
        for (int i = 0; i < g.length; i++) {
            assertEquals(e[i], g[i], 1e-4 + 1e-4 * Math.abs(e[i]), "logits_all[" + i / 302 + "][" + i % 302 + "]");
            max = Math.max(max, Math.abs(g[i] - e[i]));
        }
        System.out.println("trace --all-logits, fixture a: max |logits_all - HF f32| = " + max);
        float[] last = NpyArray.read(out.resolve("logits_last.npy")).floats();
        assertArrayEquals(last, java.util.Arrays.copyOfRange(g, 27 * 302, 28 * 302), "last row == logits_last");
        JsonObject json = JsonParser.parseString(Files.readString(out.resolve("trace.json"))).getAsJsonObject();
        assertTrue(json.getAsJsonArray("files").toString().contains("\"logits_all.npy\""), json.toString());
        assertTrue(json.getAsJsonObject("timings_ms").has("all_logits"));
        assertTrue(new TraceCommand().usage().contains("--all-logits"));
    }

    @Test
    void fromImageFileAndPromptText() throws Exception {
        Path folder = out.resolve("model");
        Files.createDirectories(folder);
        for (String f : new String[] {"config.json", "model.safetensors", "preprocessor_config.json"}) {
            Files.copy(FIXTURE.resolve(f), folder.resolve(f));
        }
        Files.writeString(folder.resolve("tokenizer.json"), wordTokenizer(302, 300));
        long[] ids = NpyArray.read(FIXTURE.resolve("input_ids.npy")).longs();
        StringBuilder prompt = new StringBuilder();
        for (int i = 1; i < ids.length; i++) {
            if (ids[i] != 300) {
                prompt.append(" w").append(ids[i]);
            } else if (ids[i - 1] != 300) {
                prompt.append(" <image>");
            }
        }
        Path result = out.resolve("result");
        int code = io.run(new String[] {"trace", "--model", folder.toString(), "--image",
                FIXTURE.resolve("image.png").toString(), "--prompt", prompt.toString().strip(), "--out",
                result.toString()});
        assertEquals(Cli.OK, code, io.err());
        assertArrayEquals(ids, NpyArray.read(result.resolve("input_ids.npy")).longs());
        float[] logits = NpyArray.read(result.resolve("logits_last.npy")).floats();
        float[] expected = NpyArray.read(FIXTURE.resolve("expected/logits_last.f32.npy")).floats();
        for (int i = 0; i < logits.length; i++) {
            assertEquals(expected[i], logits[i], 1e-4 + 1e-4 * Math.abs(expected[i]), "logit " + i);
        }
        JsonObject json = JsonParser.parseString(Files.readString(result.resolve("trace.json"))).getAsJsonObject();
        assertEquals(56, json.getAsJsonObject("inputs").getAsJsonObject("crop").get("cropWidth").getAsInt());
    }

    /** A word-level tokenizer.json in which word "wN" is id N, plus BOS 1 and {@code <image>}. */
    private static String wordTokenizer(int vocab, int imageId) {
        StringBuilder v = new StringBuilder("{\"<unk>\": 0, \"<s>\": 1, \"</s>\": 2");
        for (int id = 3; id < vocab; id++) {
            v.append(", \"").append(id == imageId ? "<image>" : "w" + id).append("\": ").append(id);
        }
        v.append('}');
        String special = "\"single_word\": false, \"lstrip\": false, \"rstrip\": false, \"normalized\": false, "
                + "\"special\": true";
        return """
                {"version": "1.0", "truncation": null, "padding": null,
                 "added_tokens": [{"id": 0, "content": "<unk>", %1$s}, {"id": 1, "content": "<s>", %1$s},
                                  {"id": 2, "content": "</s>", %1$s}, {"id": %2$d, "content": "<image>", %1$s}],
                 "normalizer": null, "pre_tokenizer": {"type": "WhitespaceSplit"},
                 "post_processor": {"type": "TemplateProcessing",
                   "single": [{"SpecialToken": {"id": "<s>", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}}],
                   "pair": [{"SpecialToken": {"id": "<s>", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
                            {"Sequence": {"id": "B", "type_id": 1}}],
                   "special_tokens": {"<s>": {"id": "<s>", "ids": [1], "tokens": ["<s>"]}}},
                 "decoder": null, "model": {"type": "WordLevel", "vocab": %3$s, "unk_token": "<unk>"}}
                """.formatted(special, imageId, v);
    }

    @Test
    void anotherTargetIsRecorded() throws Exception {
        assertEquals(Cli.OK, trace("--input-ids", FIXTURE.resolve("input_ids.npy").toString(), "--target", "7"));
        JsonObject json = JsonParser.parseString(Files.readString(out.resolve("trace.json"))).getAsJsonObject();
        assertEquals(7, json.getAsJsonObject("target_token").get("id").getAsInt());
        float[] logprobs = NpyArray.read(out.resolve("logprobs_last.npy")).floats();
        assertEquals(logprobs[7], json.getAsJsonObject("target_token").get("logprob").getAsFloat(), 1e-6);
    }

    @Test
    void badUsageAndBadInputGetOneLine() throws Exception {
        assertEquals(Cli.USAGE, trace("--input-ids", FIXTURE.resolve("input_ids.npy").toString(), "--target", "302"));
        assertEquals(Cli.USAGE, io.run(new String[] {"trace", "--out", out.toString()}));
        assertEquals(Cli.USAGE, trace("--input-ids", FIXTURE.resolve("input_ids.npy").toString(), "--prompt", "w5"),
                "ids and prompt together");
        assertEquals(Cli.USAGE, trace(), "neither ids nor prompt");
        long[] ids = NpyArray.read(FIXTURE.resolve("input_ids.npy")).longs();
        ids[2] = 5000;
        Path bad = out.resolve("bad_ids.npy");
        NpyArray.ofLongs(ids, 1, ids.length).write(bad);
        io.clearErr();
        assertEquals(1, trace("--input-ids", bad.toString()));
        String err = io.err();
        assertTrue(err.contains("id 5000 at position 2 is outside the vocabulary (0..301)"), err);
        // besides progress ("loading ...") and where the weights went ("a: weights on cpu, ..."): one line
        assertEquals(1, err.strip().lines().filter(l -> !l.startsWith("loading ") && !l.contains(": weights on "))
                .count(), err);
    }

    @Test
    void nonFinitePixelValuesAreRefusedAndNothingIsLeftBehind(@TempDir Path tmp) throws Exception {
        float[] pixels = NpyArray.read(FIXTURE.resolve("pixel_values.npy")).floats();
        pixels[100] = Float.NaN;
        Path bad = tmp.resolve("bad_pixels.npy");
        org.llavalens.runtime.io.Npy.write(bad, NpyArray.ofFloats(pixels, 1, 3, 56, 56));
        Path target = tmp.resolve("trace-out");
        int code = io.run(new String[] {"trace", "--model", FIXTURE.toString(), "--pixel-values", bad.toString(),
                "--input-ids", FIXTURE.resolve("input_ids.npy").toString(), "--out", target.toString()});
        assertEquals(1, code);
        assertTrue(io.err().contains("pixel value NaN at index 100 is not a finite number"), io.err());
        try (java.util.stream.Stream<Path> files = Files.list(tmp)) {
            assertEquals(java.util.List.of(bad), files.toList(), "no output folder, no half-written one");
        }
    }

    @Test
    void aTraceIsWrittenBesideAndMovedIntoPlace(@TempDir Path tmp) throws Exception {
        Path target = tmp.resolve("trace-out");
        assertEquals(Cli.OK, io.run(new String[] {"trace", "--model", FIXTURE.toString(), "--pixel-values",
                FIXTURE.resolve("pixel_values.npy").toString(), "--input-ids", FIXTURE.resolve("input_ids.npy").toString(),
                "--out", target.toString()}), io.err());
        try (java.util.stream.Stream<Path> files = Files.list(tmp)) {
            assertEquals(java.util.List.of(target), files.toList(), "only the output folder, no staging folder");
        }
        assertTrue(Files.exists(target.resolve("trace.json")));
    }
}
