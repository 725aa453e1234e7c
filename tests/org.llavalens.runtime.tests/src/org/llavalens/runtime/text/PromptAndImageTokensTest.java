package org.llavalens.runtime.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.llavalens.runtime.io.NpyArray;
import org.llavalens.runtime.testing.Fixtures;
import org.llavalens.runtime.trace.ImageSpan;

class PromptAndImageTokensTest {

    @Test
    void llavaPrompt() {
        assertEquals("USER: <image>\nWhat color is the dog?\nASSISTANT: The color of the dog is",
                PromptBuilder.llava("What color is the dog?", "The color of the dog is"));
        assertEquals("USER: <image>\nWhat color is the dog?\nASSISTANT: The color of the dog is",
                PromptBuilder.llava("What color is the dog?", "  The color of the dog is "));
        assertEquals("USER: <image>\nWhat is it?\nASSISTANT:", PromptBuilder.llava("What is it?", ""));
        assertEquals("USER: <image>\nWhat is it?\nASSISTANT:", PromptBuilder.llava("What is it?", null));
    }

    @Test
    void vicunaPrompt() {
        assertEquals("USER: The dog is brown.\nWhat color is the dog?\nASSISTANT: The dog is",
                PromptBuilder.vicuna("The dog is brown.", "What color is the dog?", "The dog is"));
        assertEquals("USER: What color is the dog?\nASSISTANT:", PromptBuilder.vicuna("", "What color is the dog?", ""));
    }

    /** Fixture a's ids are already expanded (16 x 300 at [6, 22)): accepted unchanged with that span. */
    @Test
    void expandedFixtureIdsAreAccepted() {
        long[] ids = NpyArray.read(Fixtures.file("a", "input_ids.npy")).longs();
        ImageTokens.Expanded e = ImageTokens.expand(ids, 300, 16, 302);
        assertArrayEquals(ids, e.ids());
        assertEquals(new ImageSpan(6, 22, 4), e.span(4));
        long[] idsB = NpyArray.read(Fixtures.file("b", "input_ids.npy")).longs();
        ImageTokens.Expanded eb = ImageTokens.expand(idsB, 300, 36, 302);
        assertEquals(36, eb.length());
    }

    /** Collapsing fixture a's 16 image ids to one and expanding again gives the fixture's ids back. */
    @Test
    void singleImageTokenExpandsToOnePerPatch() {
        long[] ids = NpyArray.read(Fixtures.file("a", "input_ids.npy")).longs();
        long[] collapsed = new long[ids.length - 15];
        System.arraycopy(ids, 0, collapsed, 0, 7);
        System.arraycopy(ids, 22, collapsed, 7, ids.length - 22);
        ImageTokens.Expanded e = ImageTokens.expand(collapsed, 300, 16, 302);
        assertArrayEquals(ids, e.ids());
        assertEquals(6, e.start());
        assertEquals(22, e.end());
    }

    @Test
    void wrongImageTokenCount() {
        long[] ids = {1, 5, 300, 300, 300, 7};
        TokenizerException e = assertThrows(TokenizerException.class, () -> ImageTokens.expand(ids, 300, 16, 302));
        assertTrue(e.getMessage().contains("3 image tokens") && e.getMessage().contains("expected 1 or 16"),
                e.getMessage());
    }

    @Test
    void noImageToken() {
        TokenizerException e = assertThrows(TokenizerException.class,
                () -> ImageTokens.expand(new long[] {1, 5, 6}, 300, 16, 302));
        assertTrue(e.getMessage().contains("no image token"), e.getMessage());
    }

    @Test
    void scatteredImageTokens() {
        long[] ids = {1, 300, 300, 5, 300, 300};
        TokenizerException e = assertThrows(TokenizerException.class, () -> ImageTokens.expand(ids, 300, 4, 302));
        assertTrue(e.getMessage().contains("not contiguous"), e.getMessage());
    }

    @Test
    void idsOutsideVocabulary() {
        TokenizerException e = assertThrows(TokenizerException.class,
                () -> ImageTokens.expand(new long[] {1, 300, 302}, 300, 16, 302));
        assertTrue(e.getMessage().contains("id 302 at position 2") && e.getMessage().contains("outside the vocabulary"),
                e.getMessage());
        assertThrows(TokenizerException.class, () -> ImageTokens.checkVocabulary(new long[] {-1}, 302));
    }
}
