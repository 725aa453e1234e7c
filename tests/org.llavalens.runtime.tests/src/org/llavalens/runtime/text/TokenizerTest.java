package org.llavalens.runtime.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A hand-written WordLevel tokenizer.json (resources/tokenizer) with a BOS-adding post-processor. */
class TokenizerTest {

    private static Tokenizer tokenizer;

    @TempDir
    Path tmp;

    @BeforeAll
    static void load() {
        tokenizer = Tokenizer.load(Path.of("resources/tokenizer"));
    }

    @AfterAll
    static void close() {
        tokenizer.close();
    }

    @Test
    void encodesWithThePostProcessorsBos() {
        assertArrayEquals(new long[] {1, 5, 6, 7, 8, 9}, tokenizer.encode("What color is the dog?"));
        assertArrayEquals(new long[] {5, 6}, tokenizer.encode("What color", false));
    }

    @Test
    void imagePlaceholderIsOneAddedToken() {
        long[] ids = tokenizer.encode(PromptBuilder.llava("What color is the dog?", "The color of the dog is"));
        assertArrayEquals(new long[] {1, 3, 15, 5, 6, 7, 8, 9, 4, 10, 6, 11, 8, 12, 7}, ids);
    }

    @Test
    void decodeRoundTrips() {
        String text = "The dog is brown.";
        assertEquals(text, tokenizer.decode(tokenizer.encode(text)));
        assertEquals("<s> The dog", tokenizer.decode(tokenizer.encode("The dog"), false));
    }

    @Test
    void vocabularyLookups() {
        assertEquals(16, tokenizer.vocabSize());
        assertEquals("<image>", tokenizer.idToToken(15));
        assertEquals("dog", tokenizer.idToToken(12));
        assertEquals(12, tokenizer.tokenToId("dog").getAsLong());
        assertTrue(tokenizer.tokenToId("cat").isEmpty());
        assertThrows(TokenizerException.class, () -> tokenizer.idToToken(16));
        assertThrows(TokenizerException.class, () -> tokenizer.decode(new long[] {3, 99}));
    }

    @Test
    void truncationIsOff() {
        String text = "word ".repeat(2000);
        long[] ids = tokenizer.encode(text);
        assertEquals(2001, ids.length);
        assertEquals(14, ids[2000]);
    }

    @Test
    void missingTokenizer() {
        TokenizerException e = assertThrows(TokenizerException.class, () -> Tokenizer.load(tmp));
        assertTrue(e.getMessage().contains("tokenizer.json"), e.getMessage());
    }

    @Test
    void invalidTokenizerJson() throws IOException {
        Path f = tmp.resolve("tokenizer.json");
        Files.writeString(f, "{\"model\": {\"type\": \"WordLevel\"}}");
        TokenizerException e = assertThrows(TokenizerException.class, () -> Tokenizer.load(f));
        assertTrue(e.getMessage().contains("tokenizer.json"), e.getMessage());
    }
}
