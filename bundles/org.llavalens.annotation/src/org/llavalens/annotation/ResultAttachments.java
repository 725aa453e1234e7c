package org.llavalens.annotation;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import org.eclipse.emf.edit.command.AddCommand;
import org.eclipse.emf.edit.command.RemoveCommand;
import org.llavalens.annotation.model.AnnotationFactory;
import org.llavalens.annotation.model.AnnotationPackage;
import org.llavalens.annotation.model.Case;
import org.llavalens.annotation.model.ResultLink;
import org.llavalens.annotation.store.AtomicFiles;
import org.llavalens.annotation.store.Hashes;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

/**
 * Stores an attribution result of a case in the project ({@code results/<case>/<id>.json} and its
 * heatmap PNGs beside it) and links it from the case. The link is a system change (saved, not on the
 * undo stack: the application made it, not the user); the files stay, since other links or exports
 * may name them.
 */
public final class ResultAttachments {

    private ResultAttachments() {
    }

    public static ResultLink attach(AnnotationProject project, Case c, Path resultJson, List<Path> heatmaps,
            String method) throws IOException {
        byte[] json = Files.readAllBytes(resultJson);
        String sha = Hashes.sha256(json);
        String id = null;
        try {
            JsonElement e = JsonParser.parseString(new String(json, StandardCharsets.UTF_8));
            if (e.isJsonObject()) {
                JsonObject o = e.getAsJsonObject();
                if (o.has("id") && o.get("id").isJsonPrimitive()) {
                    id = o.get("id").getAsString();
                }
                if (method == null && o.has("method") && o.get("method").isJsonPrimitive()) {
                    method = o.get("method").getAsString();
                }
            }
        } catch (JsonParseException e) {
            throw new IOException(resultJson + " is not JSON: " + e.getMessage(), e);
        }
        if (id == null || !id.matches("[A-Za-z0-9._-]{1,100}")) {
            id = sha.substring(0, 16);
        }
        String folder = folderOf(c);
        Path dir = project.paths().resolve(folder);
        Files.createDirectories(dir);
        AtomicFiles.write(dir.resolve(id + ".json"), json, false);
        List<String> maps = new ArrayList<>();
        for (Path h : heatmaps) {
            String name = heatmapName(id, h.getFileName().toString());
            AtomicFiles.write(dir.resolve(name), Files.readAllBytes(h), false);
            maps.add(folder + "/" + name);
        }
        return newLink(project, c, id, method, sha, maps);
    }

    /**
     * Links a result whose files a batch worker already wrote into the case's folder
     * ({@code <id>.json} and the heatmaps named by {@link #heatmapName}), as {@link #attach} would
     * have linked them.
     */
    public static ResultLink link(AnnotationProject project, Case c, String id, List<String> heatmapNames)
            throws IOException {
        String folder = folderOf(c);
        byte[] json = Files.readAllBytes(project.paths().resolve(folder + "/" + id + ".json"));
        String method = null;
        try {
            JsonElement e = JsonParser.parseString(new String(json, StandardCharsets.UTF_8));
            if (e.isJsonObject() && e.getAsJsonObject().has("method") && e.getAsJsonObject().get("method").isJsonPrimitive()) {
                method = e.getAsJsonObject().get("method").getAsString();
            }
        } catch (JsonParseException e) {
            throw new IOException(folder + "/" + id + ".json is not JSON: " + e.getMessage(), e);
        }
        List<String> maps = new ArrayList<>();
        for (String name : heatmapNames) {
            maps.add(folder + "/" + name);
        }
        return newLink(project, c, id, method, Hashes.sha256(json), maps);
    }

    /** The file name {@link #attach} gives a heatmap of result {@code id} ({@code <id>-<file name>}). */
    public static String heatmapName(String id, String fileName) {
        return id + "-" + safe(fileName);
    }

    private static ResultLink newLink(AnnotationProject project, Case c, String id, String method, String sha,
            List<String> maps) {
        ResultLink link = AnnotationFactory.eINSTANCE.createResultLink();
        link.setId(id);
        link.setMethod(method);
        link.setPath(folderOf(c) + "/" + id + ".json");
        link.setSha256(sha);
        link.getHeatmaps().addAll(maps);
        link.setCreated(new Date());
        project.applySystemChange("attach result " + id + " to " + c.getId(),
                new AddCommand(project.editingDomain(), c, AnnotationPackage.eINSTANCE.getCase_Results(), link));
        return link;
    }

    /**
     * Unlinks the results of {@code c} stored at {@code path} (project-relative), as a system change;
     * the files stay.
     */
    public static void detach(AnnotationProject project, Case c, String path) {
        project.realm().run(() -> {
            List<ResultLink> old = c.getResults().stream().filter(r -> path.equals(r.getPath())).toList();
            if (!old.isEmpty()) {
                project.applySystemChange("detach " + path + " from " + c.getId(), new RemoveCommand(
                        project.editingDomain(), c, AnnotationPackage.eINSTANCE.getCase_Results(), old));
            }
        });
    }

    /** The project-relative folder that holds a case's results ({@code results/<case>}). */
    public static String folderOf(Case c) {
        return folderOf(c.getId());
    }

    public static String folderOf(String caseId) {
        return AnnotationProject.RESULTS_DIR + "/" + safe(caseId);
    }

    static String safe(String name) {
        String s = name.replaceAll("[^A-Za-z0-9._-]", "_");
        return s.startsWith(".") ? "_" + s.substring(1) : s;
    }
}
