package org.llavalens.headless.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.llavalens.attribution.HeadScores;
import org.llavalens.attribution.result.AttributionRecord;
import org.llavalens.attribution.result.MethodResult;
import org.llavalens.attribution.result.ResultJson;
import org.llavalens.fixtures.ReferenceFixtures;
import org.llavalens.headless.CapturedConsole;
import org.llavalens.headless.cli.Cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

/**
 * {@code ./llavalens analyze} end to end on the tiny LLaVA of fixture a, given a word-level
 * tokenizer for its 302 ids (the fixture ships none): the result folder is complete and consistent,
 * and usage errors exit with 2.
 */
class AnalyzeCommandTest {

    private static final Path FIXTURE = ReferenceFixtures.dir("a");

    @TempDir
    Path temp;

    private Path model;
    private final CapturedConsole io = new CapturedConsole();

    @BeforeEach
    void modelFolder() throws Exception {
        model = temp.resolve("tiny-llava");
        Files.createDirectories(model);
        for (String f : List.of("config.json", "model.safetensors", "preprocessor_config.json")) {
            Files.copy(FIXTURE.resolve(f), model.resolve(f));
        }
        Files.writeString(model.resolve("tokenizer.json"), wordLevelTokenizer());
    }

    /** ids 0-2 specials, 3.. the prompt's words, then filler words up to 299, 300 {@code <image>}, 301 {@code <pad>}. */
    private static String wordLevelTokenizer() {
        return wordLevelTokenizer(302);
    }

    /** The same, with filler words from 302 up to {@code size} - 1 for a larger vocabulary (fixture d has 320). */
    private static String wordLevelTokenizer(int size) {
        String[] words = { "<unk>", "<s>", "</s>", "USER:", "ASSISTANT:", "What", "is", "the", "color", "of", "dog?",
                "The", "dog", "brown" };
        JsonObject vocab = new JsonObject();
        for (int i = 0; i < 300; i++) {
            vocab.addProperty(i < words.length ? words[i] : "w" + i, i);
        }
        vocab.addProperty("<image>", 300);
        vocab.addProperty("<pad>", 301);
        for (int i = 302; i < size; i++) {
            vocab.addProperty("w" + i, i);
        }
        JsonObject m = new JsonObject();
        m.addProperty("type", "WordLevel");
        m.add("vocab", vocab);
        m.addProperty("unk_token", "<unk>");
        JsonArray added = new JsonArray();
        String[][] specials = { { "0", "<unk>" }, { "1", "<s>" }, { "2", "</s>" }, { "300", "<image>" }, { "301", "<pad>" } };
        for (String[] s : specials) {
            JsonObject a = new JsonObject();
            a.addProperty("id", Integer.parseInt(s[0]));
            a.addProperty("content", s[1]);
            a.addProperty("single_word", false);
            a.addProperty("lstrip", false);
            a.addProperty("rstrip", false);
            a.addProperty("normalized", false);
            a.addProperty("special", true);
            added.add(a);
        }
        JsonObject pre = new JsonObject();
        pre.addProperty("type", "WhitespaceSplit");
        JsonObject bos = new JsonObject();
        JsonObject bosToken = new JsonObject();
        bosToken.addProperty("id", "<s>");
        bosToken.addProperty("type_id", 0);
        bos.add("SpecialToken", bosToken);
        JsonObject seq = new JsonObject();
        JsonObject seqA = new JsonObject();
        seqA.addProperty("id", "A");
        seqA.addProperty("type_id", 0);
        seq.add("Sequence", seqA);
        JsonArray single = new JsonArray();
        single.add(bos);
        single.add(seq);
        JsonObject special = new JsonObject();
        JsonObject s = new JsonObject();
        s.addProperty("id", "<s>");
        JsonArray ids = new JsonArray();
        ids.add(1);
        s.add("ids", ids);
        JsonArray toks = new JsonArray();
        toks.add("<s>");
        s.add("tokens", toks);
        special.add("<s>", s);
        JsonObject post = new JsonObject();
        post.addProperty("type", "TemplateProcessing");
        post.add("single", single);
        post.add("pair", single);
        post.add("special_tokens", special);
        JsonObject t = new JsonObject();
        t.addProperty("version", "1.0");
        t.add("added_tokens", added);
        t.add("pre_tokenizer", pre);
        t.add("post_processor", post);
        t.add("model", m);
        return t.toString();
    }

    private int analyze(Path out, String... extra) {
        String[] base = { "analyze", "--model", model.toString(), "--image", FIXTURE.resolve("image.png").toString(),
                "--question", "What is the color of the dog?", "--answer-prefix", "The color of the dog is", "--out",
                out.toString() };
        return io.run(base, extra);
    }

    @Test
    void writesACompleteConsistentResultFolder() throws Exception {
        Path out = temp.resolve("out");
        assertEquals(Cli.OK, analyze(out, "--heads", "topK:2", "--methods",
                "logprob-increase,average-attention,causal-ablation", "--max-new-tokens", "3"),
                io.err());
        for (String f : List.of("report.html", "result.json", "head_grid.png", "heatmap_logprob-increase.png",
                "heatmap_average-attention.png", "heatmap_causal-ablation.png", "top_heads.csv", "layer_scores.csv",
                "tokens_logit_lens.csv", "tokens_embed_proj.csv")) {
            assertTrue(Files.isRegularFile(out.resolve(f)), f);
        }
        AttributionRecord r = ResultJson.read(out.resolve("result.json"));
        assertEquals("argmax", r.target().rule());
        assertEquals(r.provenance().weightsHash().isEmpty(), false);
        assertTrue(r.provenance().imageHash().startsWith("sha256:"));
        assertEquals(56, r.provenance().crop().cropWidth());
        assertEquals(4, r.provenance().gridSide());
        MethodResult lpi = r.method("logprob-increase").orElseThrow();
        assertEquals("topK:2", lpi.settings().get("heads"));
        String top = lpi.headScores().top(1).get(0).toString();
        assertTrue(Files.readAllLines(out.resolve("top_heads.csv")).get(1).startsWith("1," + top + ","));
        MethodResult causal = r.method("causal-ablation").orElseThrow();
        assertEquals(null, causal.error());
        assertEquals(16, causal.imageScores().length());
        String printed = io.out();
        assertTrue(printed.contains("explained token: '" + r.target().text() + "' (id " + r.target().id()), printed);
        assertTrue(printed.contains(top), printed);
        assertTrue(Files.readString(out.resolve("report.html")).contains("data:image/png;base64,"));
    }

    @Test
    void aTargetWordIsLookedUpInTheTokenizer() throws Exception {
        Path out = temp.resolve("brown");
        assertEquals(Cli.OK, analyze(out, "--target", "brown", "--max-new-tokens", "0"), io.err());
        AttributionRecord r = ResultJson.read(out.resolve("result.json"));
        assertEquals(13, r.target().id());
        assertEquals("user", r.target().rule());
    }

    @Test
    void badUsageExitsWithTwo() {
        assertUsageError("unknown method 'rollout'", "--methods", "rollout");
        assertUsageError("head '22-27' is not written layer_head", "--heads", "22-27");
        assertUsageError("not a single token", "--target", "purple");
        assertUsageError("--method-deadline must be at least 1 second, not 0", "--method-deadline", "0");
    }

    /** {@code analyze} with {@code options} exits with 2, one plain line naming the problem, and writes nothing. */
    private void assertUsageError(String message, String... options) {
        io.clearErr();
        Path out = temp.resolve("bad");
        assertEquals(Cli.USAGE, analyze(out, options));
        String err = io.err();
        assertTrue(err.contains(message), err);
        assertFalse(err.contains("Exception"), "a usage error is a plain line: " + err);
        assertFalse(Files.exists(out), "nothing is written for " + List.of(options));
    }

    @Test
    void cosineTablesAndMorePositionsAreWrittenAndRecorded() throws Exception {
        Path out = temp.resolve("positions");
        assertEquals(Cli.OK, analyze(out, "--similarity", "cosine", "--positions", "patch:0,5", "--max-new-tokens", "0",
                "--methods", "logprob-increase", "--mrr", "brown,dog"), io.err());
        AttributionRecord r = ResultJson.read(out.resolve("result.json"));
        int patch0 = r.provenance().imageSpan()[1] - 16;
        assertEquals("cosine", r.display().tables().similarity().id());
        assertEquals("patch:0=" + patch0 + ",5", r.display().tables().positions());
        for (int j : new int[] { patch0, 5 }) {
            for (String kind : List.of("logit_lens", "attn_written", "mlp_written")) {
                assertTrue(Files.isRegularFile(out.resolve("tokens_" + kind + "_pos" + j + ".csv")), kind + " " + j);
            }
            assertEquals(5 * 5, r.tokenTables().get("logit_lens_pos" + j).size(), "x^0 to x^4 at " + j);
        }
        List<String> csv = Files.readAllLines(out.resolve("tokens_logit_lens_pos" + patch0 + ".csv"));
        assertEquals("vector,rank,id,token,score", csv.get(0));
        assertTrue(csv.get(1).startsWith("x^0_" + patch0 + ",1,"), csv.get(1));
        String html = Files.readString(out.resolve("report.html"));
        assertTrue(html.contains("cosine similarity with embed_tokens"), "report.html names the similarity");
        assertTrue(html.contains("Tokens: mlp written pos" + patch0 + " (patch:0)"), "report.html shows the position tables");
        String printed = io.out();
        assertTrue(printed.contains("token tables of positions patch:0=" + patch0 + ",5"), printed);
        assertTrue(printed.contains("MRR of 'brown' (id 13) over the logit lens of x^0_T..x^4_T: "), printed);
        assertTrue(Files.isRegularFile(out.resolve("tokens_rank_id13.csv")));
        assertTrue(printed.contains("logit minus log p('brown') - log p('dog') over x^0_T..x^4_T: ["), printed);
        double mrr = r.display().tables().meanReciprocalRanks().get(13);
        double want = r.tokenTables().get("rank_id13").stream().mapToDouble(t -> 1.0 / t.rank()).sum() / 5;
        assertEquals(want, mrr, 1e-12);
    }

    @Test
    void badTableOptionsExitWithTwoNamingTheValue() {
        assertUsageError("unknown similarity 'euclid' (dot or cosine)", "--similarity", "euclid");
        assertUsageError("position 'patch:x' is not a sequence index, patch:N or text:K", "--positions", "patch:x");
        assertUsageError("position '9999' is outside the sequence of", "--positions", "3,9999");
        assertUsageError("position 'patch:16' is outside the image's 16 patches", "--positions", "patch:16");
        assertUsageError("MRR target 'purple' is not a single token", "--mrr", "purple");
        assertUsageError("--mrr 'brown,' has an empty token", "--mrr", "brown,");
    }

    @Test
    void aPatchOfATextOnlyModelIsAUsageError() throws Exception {
        Path vicuna = temp.resolve("tiny-vicuna");
        Files.createDirectories(vicuna);
        Path d = ReferenceFixtures.dir("d");
        for (String f : List.of("config.json", "model.safetensors")) {
            Files.copy(d.resolve(f), vicuna.resolve(f));
        }
        Files.writeString(vicuna.resolve("tokenizer.json"), wordLevelTokenizer(320));
        Path out = temp.resolve("text");
        String[] base = { "analyze", "--model", vicuna.toString(), "--context", "The dog is brown.", "--question",
                "What is the color of the dog?", "--answer-prefix", "The color of the dog is", "--max-new-tokens", "0",
                "--out", out.toString() };
        assertEquals(Cli.USAGE, io.run(base, "--positions", "text:1,patch:0"));
        String err = io.err();
        assertTrue(err.contains("position 'patch:0' names an image patch, but the input has no image (text-only model)"),
                err);
        assertEquals(Cli.OK, io.run(base, "--positions", "text:1"),
                io.err());
        AttributionRecord r = ResultJson.read(out.resolve("result.json"));
        assertEquals("text:1=1", r.display().tables().positions());
        assertTrue(r.tokenTables().containsKey("attn_written_pos1"));
    }
}
