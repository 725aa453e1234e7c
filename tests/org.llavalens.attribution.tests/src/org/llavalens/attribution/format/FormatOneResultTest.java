package org.llavalens.attribution.format;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.llavalens.attribution.HeadAggregation;
import org.llavalens.attribution.HeadId;
import org.llavalens.attribution.result.AttributionRecord;
import org.llavalens.attribution.result.MethodResult;
import org.llavalens.attribution.result.ResultJson;

/**
 * A result the workbench saved in format 1 (the layout before typed results: head scores as
 * [L][H], position scores keyed {@code layer_head}), kept as written: it still opens, with its
 * numbers where they were.
 */
class FormatOneResultTest {

    /** The format-1 file, copied into {@code dir} and read. */
    static AttributionRecord formatOne(Path dir) throws IOException {
        Path file = dir.resolve("result-format-1.json");
        try (InputStream in = FormatOneResultTest.class.getResourceAsStream("result-format-1.json")) {
            Files.copy(in, file);
        }
        return ResultJson.read(file);
    }

    @Test
    void aFormatOneResultOpensWithItsScores(@TempDir Path dir) throws IOException {
        AttributionRecord r = formatOne(dir);
        assertEquals(1, r.format());
        assertEquals(44, r.target().id());
        assertEquals("gray", r.target().text());
        assertEquals(24, r.provenance().gridSide());
        assertEquals(579, r.provenance().imageSpan()[1]);
        MethodResult lpi = r.method("logprob-increase").orElseThrow();
        var heads = lpi.heads().orElseThrow();
        assertEquals(4, heads.raw().length);
        assertEquals(8, heads.raw()[0].length);
        assertEquals(24 * 24, lpi.imageScores().length());
        assertEquals(List.of(HeadId.parse("2_5")), List.copyOf(lpi.positionsByHead().keySet()));
        assertEquals(r.provenance().inputIds().length, lpi.positionsByHead().get(HeadId.parse("2_5")).length());
        var chosen = lpi.aggregatedHeads().orElseThrow();
        assertEquals(HeadAggregation.TOP1, chosen.aggregation());
        assertEquals(List.of(HeadId.parse("2_5")), chosen.heads());
        assertEquals(5 * 24 * 24, r.tokenTables().get("embed_proj").size());
    }

    @Test
    void theTopHeadOfAFormatOneResultIsTheHeadItsMapSummed(@TempDir Path dir) throws IOException {
        MethodResult lpi = formatOne(dir).method("logprob-increase").orElseThrow();
        assertEquals(lpi.aggregatedHeads().orElseThrow().heads(), lpi.heads().orElseThrow().top(1));
    }
}
