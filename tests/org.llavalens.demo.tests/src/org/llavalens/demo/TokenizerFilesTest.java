package org.llavalens.demo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;

/** The generated tokenizer.json loads in DJL's Hugging Face tokenizer and gives the vocabulary's ids. */
class TokenizerFilesTest {

    private static final String VQA = "USER: <image>\nWhat is the color of the dog?\nASSISTANT: The color of the dog is";
    private static final String TQA = "USER: The dog is brown.\nWhat is the color of the dog?\nASSISTANT: The color of the dog is";

    @Test
    void llavaTokenizerEncodesThePrompt(@TempDir Path dir) throws Exception {
        DemoGenerator.writeLlavaMetadata(dir);
        try (HuggingFaceTokenizer t = HuggingFaceTokenizer.newInstance(dir, Map.of())) {
            long[] ids = t.encode(VQA).getIds();
            int[] expected = PromptIds.of(VQA, false);
            assertArrayEquals(Arrays.stream(expected).asLongStream().toArray(), ids);
            assertEquals(DemoVocabulary.bosId(), ids[0]);
            assertEquals(DemoVocabulary.imageId(), ids[3]);
            assertEquals(DemoVocabulary.id("\n"), ids[4]);
            assertEquals(22, ids.length);
        }
    }

    @Test
    void vicunaTokenizerEncodesTheTextQaPrompt(@TempDir Path dir) throws Exception {
        DemoGenerator.writeVicunaMetadata(dir);
        try (HuggingFaceTokenizer t = HuggingFaceTokenizer.newInstance(dir, Map.of())) {
            long[] ids = t.encode(TQA).getIds();
            assertArrayEquals(Arrays.stream(PromptIds.of(TQA, false)).asLongStream().toArray(), ids);
            long[] unknown = t.encode("zebra").getIds();
            assertArrayEquals(new long[] { DemoVocabulary.bosId(), DemoVocabulary.unkId() }, unknown);
        }
    }
}
