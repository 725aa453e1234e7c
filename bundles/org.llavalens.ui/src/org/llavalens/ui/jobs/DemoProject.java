package org.llavalens.ui.jobs;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.SubMonitor;
import org.eclipse.emf.common.command.CompoundCommand;
import org.eclipse.emf.edit.command.AddCommand;
import org.llavalens.analysis.ProjectCases;
import org.llavalens.annotation.AnnotationProject;
import org.llavalens.annotation.io.QuestionImporter;
import org.llavalens.annotation.model.AnnotationFactory;
import org.llavalens.annotation.model.AnnotationPackage;
import org.llavalens.annotation.model.Attribute;
import org.llavalens.annotation.model.Case;
import org.llavalens.demo.DemoGenerator;
import org.llavalens.demo.DemoOptions;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * The demo project: the demo scenes (generated first when the installation has none) imported through the annotation bundle's question importer
 * (one case per animal, "What is the color of the dog?"), each case carrying the asked fact as text
 * ("The dog is brown.") for the text-QA comparison.
 */
public final class DemoProject {

    public static final String DATASET = "demo";

    private DemoProject() {
    }

    /** ~/.llavalens/demo-project, or -Dllavalens.demoProject. */
    public static Path defaultFolder() {
        String p = System.getProperty("llavalens.demoProject");
        return p != null && !p.isBlank() ? Path.of(p)
                : Path.of(System.getProperty("user.home"), ".llavalens", "demo-project");
    }

    /** Opens the project in {@code folder}, creating it from {@code scenes} when there is none. */
    public static AnnotationProject openOrCreate(Path folder, Path scenes, IProgressMonitor monitor) throws Exception {
        SubMonitor sub = SubMonitor.convert(monitor, "Opening the demo project", 14);
        if (Files.exists(folder.resolve(AnnotationProject.PROJECT_FILE))
                || Files.exists(folder.resolve(AnnotationProject.PROJECT_FILE + ".bak"))) {
            return AnnotationProject.open(folder);
        }
        Path index = scenes.resolve("scenes.jsonl");
        if (!Files.isRegularFile(index)) {
            generate(scenes.getParent(), sub.split(4));
        }
        if (!Files.isRegularFile(index)) {
            throw new IOException("the demo scenes are missing (" + index + "); write them with "
                    + "'./llavalens generate-demo --out models/demo' or set -Dllavalens.home to the LLaVA Lens folder");
        }
        List<JsonObject> rows = questions(index);
        AnnotationProject project = AnnotationProject.create(folder, "LLaVA Lens demo");
        boolean ok = false;
        try {
            Path jsonl = Files.createTempFile("llavalens-demo", ".jsonl");
            try {
                try (BufferedWriter w = Files.newBufferedWriter(jsonl, StandardCharsets.UTF_8)) {
                    for (JsonObject r : rows) {
                        JsonObject q = r.deepCopy();
                        q.remove(ProjectCases.CONTEXT);
                        w.write(q.toString());
                        w.write('\n');
                    }
                }
                var result = QuestionImporter.run(project, scenes, jsonl,
                        new QuestionImporter.Options(DATASET, "Demo scenes", QuestionImporter.Format.JSONL, false),
                        sub.split(8));
                addContexts(project, result.dataset().getCases(), rows);
            } finally {
                Files.deleteIfExists(jsonl);
            }
            project.save();
            project.commandStack().flush();
            ok = true;
            return project;
        } finally {
            if (!ok) {
                project.close();
            }
        }
    }

    /** Writes the demo models and scenes (deterministic, a few seconds) where the preferences expect them. */
    static void generate(Path demoRoot, IProgressMonitor monitor) throws IOException {
        try {
            new DemoGenerator().generate(demoRoot, DemoOptions.defaults(), monitor);
        } catch (IOException e) {
            throw new IOException("the demo model is not built and cannot be written to " + demoRoot + ": "
                    + e.getMessage() + " (run './llavalens generate-demo --out " + demoRoot + "')", e);
        }
    }

    /** One question per animal of every scene, with the asked animal's fact as text. */
    static List<JsonObject> questions(Path index) throws IOException {
        List<JsonObject> out = new ArrayList<>();
        int line = 0;
        for (String text : Files.readAllLines(index, StandardCharsets.UTF_8)) {
            line++;
            if (text.isBlank()) {
                continue;
            }
            JsonObject scene;
            try {
                scene = JsonParser.parseString(text).getAsJsonObject();
            } catch (RuntimeException e) {
                throw new IOException(index + ":" + line + ": not a scene: " + e.getMessage(), e);
            }
            String file = scene.get("file").getAsString();
            for (JsonElement a : scene.getAsJsonArray("animals")) {
                JsonObject o = a.getAsJsonObject();
                String species = o.get("species").getAsString();
                JsonObject q = new JsonObject();
                String stem = file.replaceFirst("\\.[^.]+$", "");
                q.addProperty("id", stem + "-" + species.toLowerCase(Locale.ROOT));
                q.addProperty("image", file);
                q.addProperty("question", o.get("question").getAsString());
                q.addProperty("answer_prefix", o.get("answer_prefix").getAsString());
                q.addProperty("expected_answer", o.get("answer").getAsString());
                // the text QA states the asked object's fact, as the paper's text-QA prompts do
                q.addProperty(ProjectCases.CONTEXT, "The " + species + " is " + o.get("colour").getAsString() + ".");
                out.add(q);
            }
        }
        if (out.isEmpty()) {
            throw new IOException(index + " lists no scenes");
        }
        return out;
    }

    private static void addContexts(AnnotationProject project, List<Case> cases, List<JsonObject> rows) {
        CompoundCommand cmd = new CompoundCommand("scene descriptions");
        for (int i = 0; i < cases.size() && i < rows.size(); i++) {
            Attribute a = AnnotationFactory.eINSTANCE.createAttribute();
            a.setKey(ProjectCases.CONTEXT);
            a.setValue(rows.get(i).get(ProjectCases.CONTEXT).getAsString());
            cmd.append(new AddCommand(project.editingDomain(), cases.get(i),
                    AnnotationPackage.eINSTANCE.getCase_Attributes(), a));
        }
        project.execute(cmd);
    }
}
