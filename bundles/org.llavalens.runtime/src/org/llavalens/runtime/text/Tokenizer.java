package org.llavalens.runtime.text;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;

import org.llavalens.djl.Djl;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;

/**
 * A model folder's {@code tokenizer.json}, run by DJL's Hugging Face tokenizers binding offline. Truncation and
 * padding are off (without a tokenizer_config.json DJL would silently cut prompts at 512 tokens); special
 * tokens are added as the tokenizer's own post-processor says (e.g. LLaMA's BOS), as HF's
 * {@code tokenizer(text)} does.
 */
public final class Tokenizer implements AutoCloseable {

    public static final String FILE = "tokenizer.json";

    private final Path file;
    private final HuggingFaceTokenizer tokenizer;
    private final Vocabulary vocabulary;

    private Tokenizer(Path file, HuggingFaceTokenizer tokenizer, Vocabulary vocabulary) {
        this.file = file;
        this.tokenizer = tokenizer;
        this.vocabulary = vocabulary;
    }

    /** @param folderOrFile a model folder holding tokenizer.json, or the file itself */
    public static Tokenizer load(Path folderOrFile) {
        Path file = Files.isDirectory(folderOrFile) ? folderOrFile.resolve(FILE) : folderOrFile;
        if (!Files.isRegularFile(file)) {
            throw new TokenizerException(file + ": tokenizer file not found");
        }
        Vocabulary vocabulary = Vocabulary.read(file);
        // DJL's global state (offline mode, engine) is fixed once, under the DJL bundle's loader.
        Djl.engine();
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(HuggingFaceTokenizer.class.getClassLoader());
        try {
            HuggingFaceTokenizer t = HuggingFaceTokenizer.builder()
                    .optTokenizerPath(file)
                    .optTruncation(false)
                    .optPadding(false)
                    .optAddSpecialTokens(true)
                    .build();
            return new Tokenizer(file, t, vocabulary);
        } catch (IOException | RuntimeException e) {
            String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
            throw new TokenizerException(file + ": cannot load tokenizer (" + m + ")", e);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    public Path file() {
        return file;
    }

    /** Ids of the text, with the special tokens the tokenizer's post-processor adds (LLaMA: BOS first). */
    public long[] encode(String text) {
        return encode(text, true);
    }

    public long[] encode(String text, boolean addSpecialTokens) {
        Encoding e = tokenizer.encode(text, addSpecialTokens, false);
        return e.getIds();
    }

    /** Token strings of the text as the tokenizer splits it (e.g. "▁The"). */
    public List<String> tokenize(String text, boolean addSpecialTokens) {
        Encoding e = tokenizer.encode(text, addSpecialTokens, false);
        return Arrays.asList(e.getTokens());
    }

    /** The text of ids, special tokens skipped. */
    public String decode(long[] ids) {
        return decode(ids, true);
    }

    public String decode(long[] ids, boolean skipSpecialTokens) {
        for (long id : ids) {
            checkId(id);
        }
        return tokenizer.decode(ids, skipSpecialTokens);
    }

    /** The vocabulary entry of an id (e.g. "▁dog", "<image>"). */
    public String idToToken(long id) {
        return vocabulary.token(id);
    }

    public OptionalLong tokenToId(String token) {
        return vocabulary.id(token);
    }

    /** Number of ids the tokenizer knows (one more than the largest id, added tokens included). */
    public int vocabSize() {
        return vocabulary.size();
    }

    private void checkId(long id) {
        vocabulary.token(id);
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
