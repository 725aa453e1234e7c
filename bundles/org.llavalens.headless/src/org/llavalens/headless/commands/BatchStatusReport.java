package org.llavalens.headless.commands;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.llavalens.analysis.batch.BatchStatus;
import org.llavalens.annotation.AnnotationProject;
import org.llavalens.headless.cli.Arguments;
import org.llavalens.headless.cli.Console;
import org.llavalens.headless.cli.UsageException;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

/**
 * {@code ./llavalens batch status}: for each batch run of a project (one status file per settings),
 * how many cases are done, failed and still pending, and the failures' errors.
 */
final class BatchStatusReport {

    private BatchStatusReport() {
    }

    static void print(Arguments a, Console console) throws Exception {
        Path dir = a.path("project");
        boolean json = a.flag("json");
        a.requireAllUsed();
        if (!Files.isDirectory(dir)) {
            throw new UsageException("--project " + dir + ": no such folder");
        }
        int cases;
        try (AnnotationProject p = AnnotationProject.open(dir)) {
            cases = p.caseIndex().size();
        }
        JsonArray runs = new JsonArray();
        for (Path file : statusFiles(dir)) {
            Map<String, BatchStatus.Entry> entries = BatchStatus.read(file);
            JsonObject run = new JsonObject();
            long done = entries.values().stream().filter(e -> "done".equals(e.state())).count();
            long failed = entries.values().stream().filter(e -> "failed".equals(e.state())).count();
            run.addProperty("status_file", dir.relativize(file).toString().replace('\\', '/'));
            run.addProperty("cases", cases);
            run.addProperty("done", done);
            run.addProperty("failed", failed);
            run.addProperty("pending", Math.max(0, cases - done - failed));
            JsonArray failures = new JsonArray();
            entries.entrySet().stream().filter(e -> "failed".equals(e.getValue().state())).sorted(Map.Entry.comparingByKey())
                    .forEach(e -> {
                        JsonObject f = new JsonObject();
                        f.addProperty("case_id", e.getKey());
                        f.addProperty("error", e.getValue().error());
                        failures.add(f);
                    });
            run.add("failures", failures);
            runs.add(run);
        }
        if (json) {
            JsonObject o = new JsonObject();
            o.addProperty("project", dir.toString());
            o.add("runs", runs);
            console.println(JsonOutput.print(o));
            return;
        }
        if (runs.isEmpty()) {
            console.println("no batch has run in " + dir);
        }
        for (var r : runs) {
            JsonObject run = r.getAsJsonObject();
            console.printf("%s: %d cases, %d done, %d failed, %d pending", run.get("status_file").getAsString(),
                    run.get("cases").getAsInt(), run.get("done").getAsInt(), run.get("failed").getAsInt(),
                    run.get("pending").getAsInt());
            run.getAsJsonArray("failures").forEach(f -> console.printf("  %s: %s",
                    f.getAsJsonObject().get("case_id").getAsString(), f.getAsJsonObject().get("error")));
        }
    }

    private static List<Path> statusFiles(Path project) throws IOException {
        Path dir = project.resolve(BatchStatus.DIR);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().matches("status-.*\\.json")).sorted().toList();
        }
    }
}
