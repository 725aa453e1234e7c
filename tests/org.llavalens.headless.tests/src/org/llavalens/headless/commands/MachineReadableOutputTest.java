package org.llavalens.headless.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.llavalens.annotation.AnnotationProject;
import org.llavalens.annotation.LabelService;
import org.llavalens.annotation.Taxonomies;
import org.llavalens.annotation.io.export.LabelStudioUsers;
import org.llavalens.headless.CapturedConsole;
import org.llavalens.headless.cli.Cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.stream.JsonReader;

/** --json outputs parse as strict JSON; exports leave and come back through the command line. */
class MachineReadableOutputTest {

    @TempDir
    Path tmp;
    Path dir;

    @BeforeEach
    void labelledProject() throws Exception {
        Path images = Files.createDirectories(tmp.resolve("imgs"));
        ImageIO.write(new BufferedImage(8, 6, BufferedImage.TYPE_INT_RGB), "png", images.resolve("a.png").toFile());
        Path pope = tmp.resolve("pope.jsonl");
        Files.writeString(pope, """
                {"question_id": 1, "image": "a.png", "text": "Is there a bottle?", "label": "yes"}
                {"question_id": 2, "image": "a.png", "text": "Is there a dog?", "label": "no"}
                """);
        dir = tmp.resolve("proj");
        CapturedConsole io = new CapturedConsole();
        assertEquals(Cli.OK, io.run("project", "create", "--project", dir.toString()));
        assertEquals(Cli.OK, io.run("project", "import", "--project", dir.toString(), "--images", images.toString(),
                "--questions", pope.toString(), "--format", "pope"));
        try (AnnotationProject p = AnnotationProject.open(dir)) {
            LabelService s = new LabelService(p);
            s.setLabel(p.findCase("pope-1"), "alice", Taxonomies.CORRECT, 1, null, null);
            s.setLabel(p.findCase("pope-1"), "bob", Taxonomies.CORRECT, 1, null, null);
        }
    }

    /** Parses as strict JSON (no NaN, no comments, one value). */
    private static JsonObject strict(String text) throws Exception {
        JsonReader r = new JsonReader(new java.io.StringReader(text)); // strict unless told otherwise
        JsonElement e = new com.google.gson.Gson().getAdapter(JsonElement.class).read(r);
        assertEquals(com.google.gson.stream.JsonToken.END_DOCUMENT, r.peek(), "one JSON value: " + text);
        return e.getAsJsonObject();
    }

    private static String stdout(String... args) {
        CapturedConsole io = new CapturedConsole();
        assertEquals(Cli.OK, io.run(args), () -> String.join(" ", args) + ": " + io.err());
        return io.out();
    }

    @Test
    void statusAgreementMethodsAndBatchStatusPrintStrictJson() throws Exception {
        JsonObject status = strict(stdout("project", "status", "--project", dir.toString(), "--json"));
        assertEquals(2, status.get("cases").getAsInt());
        assertEquals(1, status.get("labelled").getAsInt());
        assertEquals(2, status.getAsJsonObject("labels_per_cause").get(Taxonomies.CORRECT).getAsInt());

        JsonObject agreement = strict(stdout("agreement", "--project", dir.toString(), "--json"));
        assertTrue(agreement.getAsJsonArray("cohen").get(0).getAsJsonObject().get("kappa").isJsonNull(),
                "one label used by everyone: kappa undefined is null, not NaN");
        assertEquals(List.of("alice", "bob"), agreement.getAsJsonArray("annotators").asList().stream()
                .map(JsonElement::getAsString).toList());

        JsonObject methods = strict(stdout("methods", "--json"));
        assertTrue(methods.getAsJsonArray("methods").asList().stream()
                .anyMatch(m -> m.getAsJsonObject().get("id").getAsString().equals("logprob-increase")));

        JsonObject batch = strict(stdout("batch", "status", "--project", dir.toString(), "--json"));
        assertEquals(0, batch.getAsJsonArray("runs").size(), "no batch has run");

        JsonObject pope = strict(stdout("pope-metrics", "--project", dir.toString(), "--json"));
        JsonObject split = pope.getAsJsonArray("splits").get(0).getAsJsonObject();
        assertEquals("pope", split.get("dataset").getAsString());
        assertEquals(0, split.get("answered").getAsInt());
        assertTrue(split.get("accuracy").isJsonNull(), "nothing answered: undefined, not NaN");
    }

    @Test
    void labelStudioExportAndImportLabelsThroughTheCommandLine() throws Exception {
        Path out = tmp.resolve("ls/tasks.json");
        stdout("project", "export", "--project", dir.toString(), "--format", "labelstudio", "--out", out.toString(),
                "--image-url-prefix", "/data/local-files/?d=proj/");
        assertTrue(Files.isRegularFile(tmp.resolve("ls/tasks-config.xml")));
        Path users = dir.resolve(LabelStudioUsers.FILE);
        new LabelStudioUsers(List.of(new LabelStudioUsers.User("alice", "alice@lab.example", 3),
                new LabelStudioUsers.User("bob", "bob@lab.example", 4))).write(users);
        JsonArray tasks = JsonParser.parseString(Files.readString(out)).getAsJsonArray();
        // Label Studio's export: completed_by as the member's number; bob relabels case 1 there
        JsonObject bob = tasks.get(0).getAsJsonObject().getAsJsonArray("annotations").get(1).getAsJsonObject();
        tasks.get(0).getAsJsonObject().getAsJsonArray("annotations").get(0).getAsJsonObject().addProperty("completed_by", 3);
        bob.addProperty("completed_by", 4);
        bob.getAsJsonArray("result").get(0).getAsJsonObject().getAsJsonObject("value").add("choices",
                JsonParser.parseString("[\"language-prior\"]"));
        Path back = tmp.resolve("ls/export.json");
        Files.writeString(back, tasks.toString());
        String printed = stdout("project", "import-labels", "--project", dir.toString(), "--format", "labelstudio",
                back.toString());
        assertTrue(printed.contains("2 tasks: 1 labels set, 1 already as in the project"), printed);
        try (AnnotationProject p = AnnotationProject.open(dir)) {
            assertEquals(Taxonomies.LANGUAGE_PRIOR, new LabelService(p).labelOf(p.findCase("pope-1"), "bob").getLabelId());
        }
    }

    @Test
    void aLabelStudioExportWithoutAnImageUrlPrefixOrIntoAFolderIsBadUsage() throws Exception {
        CapturedConsole io = new CapturedConsole();
        assertEquals(Cli.USAGE, io.run("project", "export", "--project", dir.toString(), "--format", "labelstudio",
                "--out", tmp.resolve("x.json").toString()));
        assertTrue(io.err().contains("--image-url-prefix"), io.err());
        assertEquals(Cli.USAGE, io.run("project", "export", "--project", dir.toString(), "--format", "csv",
                "--out", tmp.toString()));
        assertTrue(io.err().contains("is a folder; an export is one file"), io.err());
    }
}
