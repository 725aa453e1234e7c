package org.llavalens.annotation.io.export;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.llavalens.annotation.AnnotationProject;
import org.llavalens.annotation.model.Case;
import org.llavalens.annotation.model.Dataset;
import org.llavalens.annotation.store.AtomicFiles;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;

/**
 * POPE answer files: per dataset (one POPE split), {@code <dataset>_answers.jsonl} with one line per
 * answered question, in the question file's order, as POPE's {@code evaluate.py} reads it
 * ({@code answer}, matched to the label file by position) and LLaVA's {@code eval_pope.py} reads it
 * ({@code question_id}, {@code text}). Matching is by position, so an unanswered question would shift
 * every later answer onto the wrong label: a split with any unanswered question is not written, and
 * counted in {@link Written#skippedSplits()}.
 */
public final class PopeAnswers {

    public record Written(int files, int answers, int skippedSplits) {
    }

    private static final Gson LINE = new GsonBuilder().disableHtmlEscaping().create();

    private PopeAnswers() {
    }

    public static Written write(AnnotationProject project, Path folder) throws IOException {
        Files.createDirectories(folder);
        int files = 0;
        int answers = 0;
        int skipped = 0;
        for (Dataset d : project.model().getDatasets()) {
            if (d.getCases().isEmpty() || d.getCases().stream().anyMatch(c -> c.getModelAnswer() == null)) {
                skipped++;
                continue;
            }
            StringBuilder text = new StringBuilder();
            for (Case c : d.getCases()) {
                JsonObject o = new JsonObject();
                o.addProperty("question_id", c.getExternalId() != null ? c.getExternalId() : c.getId());
                o.addProperty("question", c.getQuestion());
                o.addProperty("answer", c.getModelAnswer());
                o.addProperty("text", c.getModelAnswer());
                o.addProperty("case_id", c.getId());
                text.append(LINE.toJson(o)).append('\n');
                answers++;
            }
            AtomicFiles.write(folder.resolve(d.getId() + "_answers.jsonl"), text.toString().getBytes(StandardCharsets.UTF_8),
                    false);
            files++;
        }
        return new Written(files, answers, skipped);
    }
}
