package org.llavalens.runtime.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.StringJoiner;

import org.junit.jupiter.api.Test;
import org.llavalens.runtime.testing.Fixtures;
import org.junit.jupiter.api.io.TempDir;
import org.llavalens.runtime.trace.CaptureSpec;
import org.llavalens.runtime.trace.ForwardTrace;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

/**
 * A model folder as users have it (config, weights, tokenizer.json, preprocessor_config.json) from
 * prompt text and image file to the answer text. The fixtures carry no tokenizer, so the test writes
 * a word-level one whose word "wN" is id N: the fixture's ids then spell a prompt.
 */
class LoadedModelTest {

    @TempDir
    Path temp;

    @Test
    void llavaFromImageFileAndPromptText() throws IOException {
        Reference ref = new Reference("a");
        Path folder = folderWithTokenizer(ref, "config.json", "model.safetensors", "preprocessor_config.json",
                "image.png");
        int[] ids = ref.inputIds();
        try (LoadedModel model = ModelLoader.load(folder)) {
            PreparedInput input = model.prepare(folder.resolve("image.png"), prompt(ids, 300), false);
            assertArrayEquals(ids, input.ids(), "one <image> word expands to the fixture's 16 image positions");
            float[] pixels = input.pixelValues().orElseThrow();
            float[] expectedPixels = ref.pixelValues();
            for (int i = 0; i < pixels.length; i++) {
                assertEquals(expectedPixels[i], pixels[i], 1e-5, "pixel " + i);
            }
            assertEquals(56, input.crop().orElseThrow().cropWidth());

            ForwardTrace trace = model.forward(input, CaptureSpec.MINIMAL, null);
            ref.assertClose("logits_last (image file + prompt)", trace.logits(), ref.expected("logits_last").doubles(),
                    0, 1e-4, 1e-4);
            Generation answer = model.generateText(input, 6, null);
            int[] greedy = ref.manifestInts("greedy_new_tokens");
            assertArrayEquals(greedy, answer.ids());
            assertEquals(words(greedy), answer.text());
            assertTrue(!answer.stoppedAtEos());
            assertEquals(model.weightsHash(), trace.model().weightsHash());
            ref.report();
        }
    }

    @Test
    void vicunaFromPromptText() throws IOException {
        Reference ref = new Reference("d");
        Path folder = folderWithTokenizer(ref, "config.json", "model.safetensors");
        int[] ids = ref.inputIds();
        try (LoadedModel model = ModelLoader.load(folder)) {
            assertTrue(model.imageProcessor().isEmpty());
            PreparedInput input = model.prepare((Path) null, prompt(ids, -1), false);
            assertArrayEquals(ids, input.ids());
            ref.assertClose("logits_last (prompt)", model.forward(input, CaptureSpec.MINIMAL, null).logits(),
                    ref.expected("logits_last").doubles(), 0, 1e-4, 1e-4);
            assertThrows(IllegalArgumentException.class, () -> model.prepare(Fixtures.file("a", "image.png"),
                    prompt(ids, -1), false), "a text-only model refuses an image");
        }
    }

    @Test
    void aFolderWithoutTokenizerTakesIds() {
        Reference ref = new Reference("d");
        try (LoadedModel model = ModelLoader.load(ref.dir)) {
            assertTrue(model.tokenizer().isEmpty());
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> model.encode("w5"));
            assertTrue(e.getMessage().contains("no tokenizer.json"), e.getMessage());
            assertEquals(ref.manifestInts("greedy_new_tokens")[0],
                    TraceExport.argmax(model.forward(model.prepare(ref.inputIds()), CaptureSpec.MINIMAL, null)
                            .logits()));
        }
    }

    /** The words of ids after BOS, with the image run collapsed to one {@code <image>}. */
    private static String prompt(int[] ids, int imageId) {
        StringJoiner words = new StringJoiner(" ");
        boolean inImage = false;
        for (int i = 1; i < ids.length; i++) {
            if (ids[i] == imageId) {
                if (!inImage) {
                    words.add("<image>");
                }
                inImage = true;
            } else {
                inImage = false;
                words.add("w" + ids[i]);
            }
        }
        return words.toString();
    }

    private static String words(int[] ids) {
        StringJoiner words = new StringJoiner(" ");
        for (int id : ids) {
            words.add("w" + id);
        }
        return words.toString();
    }

    private Path folderWithTokenizer(Reference ref, String... files) throws IOException {
        Path folder = temp.resolve(ref.name);
        Files.createDirectories(folder);
        for (String f : files) {
            Files.copy(ref.dir.resolve(f), folder.resolve(f));
        }
        int vocab = ref.config().text().vocabSize();
        boolean llava = ref.config().isLlava();
        JsonObject vocabulary = new JsonObject();
        JsonArray added = new JsonArray();
        vocabulary.addProperty("<unk>", 0);
        vocabulary.addProperty("<s>", 1);
        vocabulary.addProperty("</s>", 2);
        for (int id = 3; id < vocab; id++) {
            vocabulary.addProperty(llava && id == 300 ? "<image>" : "w" + id, id);
        }
        for (String special : llava ? new String[] {"<unk>", "<s>", "</s>", "<image>"} : new String[] {"<unk>", "<s>",
                "</s>"}) {
            JsonObject token = new JsonObject();
            token.addProperty("id", vocabulary.get(special).getAsInt());
            token.addProperty("content", special);
            token.addProperty("single_word", false);
            token.addProperty("lstrip", false);
            token.addProperty("rstrip", false);
            token.addProperty("normalized", false);
            token.addProperty("special", true);
            added.add(token);
        }
        String json = """
                {"version": "1.0", "truncation": null, "padding": null, "added_tokens": %s, "normalizer": null,
                 "pre_tokenizer": {"type": "WhitespaceSplit"},
                 "post_processor": {"type": "TemplateProcessing",
                   "single": [{"SpecialToken": {"id": "<s>", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}}],
                   "pair": [{"SpecialToken": {"id": "<s>", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
                            {"Sequence": {"id": "B", "type_id": 1}}],
                   "special_tokens": {"<s>": {"id": "<s>", "ids": [1], "tokens": ["<s>"]}}},
                 "decoder": null, "model": {"type": "WordLevel", "vocab": %s, "unk_token": "<unk>"}}
                """.formatted(added, vocabulary);
        Files.writeString(folder.resolve("tokenizer.json"), json);
        return folder;
    }
}
