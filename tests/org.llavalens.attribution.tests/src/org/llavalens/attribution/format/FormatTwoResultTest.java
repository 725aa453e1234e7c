package org.llavalens.attribution.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.llavalens.attribution.HeadId;
import org.llavalens.attribution.ScoreVector;
import org.llavalens.attribution.result.AttributionRecord;
import org.llavalens.attribution.result.MethodResult;
import org.llavalens.attribution.result.ResultJson;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * Format 2, the typed layout: a record survives a write and a read equal, a format-1 file read and
 * saved again becomes format 2 with the same numbers, and a result of a later format is refused in
 * one line that names it.
 */
class FormatTwoResultTest {

    @Test
    void aFormatOneFileRewrittenIsFormatTwoWithTheSameArrays(@TempDir Path dir) throws IOException {
        AttributionRecord one = FormatOneResultTest.formatOne(dir);
        Path file = dir.resolve("rewritten.json");
        ResultJson.write(one, file);
        JsonObject json = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
        assertEquals(2, json.get("format").getAsInt());
        AttributionRecord two = ResultJson.read(file);
        assertEquals(2, two.format());
        assertEquals(one.methods(), two.methods(), "head scores, score vectors and settings of every method");
        assertEquals(one.display(), two.display());
        assertEquals(one.unembedding(), two.unembedding());
        assertEquals(one.forwardTimings(), two.forwardTimings());
        assertEquals(one.tokenTables(), two.tokenTables());
        assertEquals(one.target(), two.target());
        MethodResult lpi = two.method("logprob-increase").orElseThrow();
        assertEquals(ScoreVector.Axis.PATCHES, lpi.imageScores().axis());
        assertEquals(ScoreVector.Axis.POSITIONS, lpi.positionsByHead().get(HeadId.parse("2_5")).axis());
        assertEquals(ScoreVector.Axis.LAYERS, lpi.array("layer_attn_scores").orElseThrow().axis());
    }

    @Test
    void aFormatTwoRecordRoundTripsEqual(@TempDir Path dir) throws IOException {
        AttributionRecord two = FormatOneResultTest.formatOne(dir).inCurrentFormat();
        Path file = dir.resolve("two.json");
        ResultJson.write(two, file);
        AttributionRecord back = ResultJson.read(file);
        assertEquals(two.methods(), back.methods());
        assertEquals(two.display(), back.display());
        assertEquals(two.unembedding(), back.unembedding());
        assertEquals(two.forwardTimings(), back.forwardTimings());
        assertEquals(two.tokenTables(), back.tokenTables());
        assertEquals(ResultJson.toJson(two), ResultJson.toJson(back), "the same record is the same text");
    }

    @Test
    void aResultOfALaterFormatIsRefusedInOneLineNamingIt(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("future.json");
        Files.writeString(file, "{\"format\": 3, \"target\": {\"id\": 1}, \"methods\": []}");
        IOException e = assertThrows(IOException.class, () -> ResultJson.read(file));
        assertTrue(e.getMessage().contains("result format 3"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }
}
