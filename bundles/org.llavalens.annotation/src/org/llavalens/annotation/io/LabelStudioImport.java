package org.llavalens.annotation.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.llavalens.annotation.AnnotationProject;
import org.llavalens.annotation.LabelService;
import org.llavalens.annotation.Taxonomies;
import org.llavalens.annotation.io.export.LabelStudioConfig;
import org.llavalens.annotation.io.export.LabelStudioUsers;
import org.llavalens.annotation.model.Annotation;
import org.llavalens.annotation.model.Case;
import org.llavalens.annotation.model.CauseLabel;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

/**
 * Reads a Label Studio JSON export back into each annotator's labels: a task's {@code data.case_id}
 * names the case, an annotation's {@code completed_by} (Label Studio writes the user's number; older
 * exports an object with the email) is mapped to the annotator through {@link LabelStudioUsers}, its
 * {@code cause} choice is the label id (a label's display name is accepted too), its {@code note}
 * text the note. Cancelled (skipped) annotations are ignored. Everything is checked first: any problem
 * is reported and nothing is changed. A label equal to the annotator's current one is left as it is.
 */
public record LabelStudioImport(AnnotationProject project, LabelStudioUsers users, String usersName) {

    public record Summary(int changed, int unchanged, int tasks) {
    }

    private record Label(Case item, String annotator, String labelId, String note) {
    }


    public Summary run(Path export) throws IOException, ImportException {
        String source = export.getFileName().toString();
        JsonArray tasks;
        try {
            JsonElement root = JsonParser.parseString(Files.readString(export, StandardCharsets.UTF_8));
            if (!root.isJsonArray()) {
                throw new ImportException(source, List.of(source + ": expected a JSON array of tasks (Label Studio's "
                        + "JSON export)"));
            }
            tasks = root.getAsJsonArray();
        } catch (JsonParseException e) {
            throw new ImportException(source, List.of(source + ": malformed JSON (" + Json.oneLine(e) + ")"));
        }
        List<String> problems = new ArrayList<>();
        List<Label> labels = new ArrayList<>();
        for (int i = 0; i < tasks.size(); i++) {
            String where = source + ": task " + (i + 1);
            try {
                read(tasks.get(i).getAsJsonObject(), where, labels, problems);
            } catch (IllegalStateException | UnsupportedOperationException | ClassCastException e) {
                problems.add(where + ": unexpected structure (" + Json.oneLine(e) + ")");
            }
        }
        if (!problems.isEmpty()) {
            throw new ImportException(source, problems);
        }
        LabelService service = new LabelService(project);
        int changed = 0;
        for (Label l : labels) {
            Annotation current = service.labelOf(l.item(), l.annotator());
            if (current != null && current.getLabelId().equals(l.labelId())
                    && Objects.equals(current.getNote(), l.note())) {
                continue;
            }
            service.setLabel(l.item(), l.annotator(), l.labelId(), current == null ? 1.0 : current.getConfidence(),
                    l.note(), null);
            changed++;
        }
        if (changed > 0) {
            project.save();
        }
        return new Summary(changed, labels.size() - changed, tasks.size());
    }

    private void read(JsonObject task, String where, List<Label> labels, List<String> problems) {
        JsonObject data = task.has("data") ? task.getAsJsonObject("data") : null;
        if (data == null || !data.has("case_id")) {
            problems.add(where + ": no data.case_id (was it exported by LLaVA Lens?)");
            return;
        }
        String caseId = data.get("case_id").getAsString();
        Case c = project.findCase(caseId);
        if (c == null) {
            problems.add(where + ": case " + caseId + " is not in the project");
            return;
        }
        JsonArray anns = task.has("annotations") ? task.getAsJsonArray("annotations")
                : task.has("completions") ? task.getAsJsonArray("completions") : new JsonArray();
        for (JsonElement e : anns) {
            JsonObject a = e.getAsJsonObject();
            if (a.has("was_cancelled") && a.get("was_cancelled").getAsBoolean()) {
                continue;
            }
            Optional<String> annotator = annotator(a.get("completed_by"), where, problems);
            String labelId = null;
            String note = null;
            for (JsonElement r : a.getAsJsonArray("result")) {
                JsonObject result = r.getAsJsonObject();
                String from = result.has("from_name") ? result.get("from_name").getAsString() : "";
                JsonObject value = result.getAsJsonObject("value");
                if (from.equals(LabelStudioConfig.CAUSE) && value.has("choices")) {
                    labelId = labelId(value.getAsJsonArray("choices"), where, problems);
                } else if (from.equals(LabelStudioConfig.NOTE) && value.has("text")) {
                    List<String> lines = new ArrayList<>();
                    value.getAsJsonArray("text").forEach(t -> lines.add(t.getAsString()));
                    note = String.join("\n", lines).strip();
                }
            }
            if (labelId != null && annotator.isPresent()) {
                labels.add(new Label(c, annotator.get(), labelId, note == null || note.isEmpty() ? null : note));
            }
        }
    }

    private Optional<String> annotator(JsonElement by, String where, List<String> problems) {
        Optional<LabelStudioUsers.User> u = Optional.empty();
        String shown = String.valueOf(by);
        if (by != null && by.isJsonPrimitive()) {
            u = users.byId(by.getAsInt());
        } else if (by != null && by.isJsonObject()) {
            JsonObject o = by.getAsJsonObject();
            if (o.has("email")) {
                u = users.byEmail(o.get("email").getAsString());
                shown = o.get("email").getAsString();
            }
            if (u.isEmpty() && o.has("id")) {
                u = users.byId(o.get("id").getAsInt());
            }
        }
        if (u.isEmpty()) {
            problems.add(where + ": Label Studio user " + shown + " is not in " + usersName
                    + " (add it with the annotator's name)");
        }
        return u.map(LabelStudioUsers.User::annotator);
    }

    private String labelId(JsonArray choices, String where, List<String> problems) {
        if (choices.size() != 1) {
            problems.add(where + ": " + choices.size() + " cause choices; a case has one cause per annotator");
            return null;
        }
        String choice = choices.get(0).getAsString();
        if (Taxonomies.find(project.model().getTaxonomy(), choice) != null) {
            return choice;
        }
        for (CauseLabel l : project.model().getTaxonomy().getLabels()) {
            if (l.getName().equals(choice)) {
                return l.getId();
            }
        }
        problems.add(where + ": no cause label '" + choice + "' in the taxonomy");
        return null;
    }
}
