package org.llavalens.analysis.explain;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which model folders a service may run, by id. A model host names each of its folders by the
 * folder's name and runs nothing else (an id is looked up, never resolved as a path); a local
 * service of the workbench or the CLI also takes any folder's path as its id.
 */
public final class ModelCatalog {

    private final Map<String, Path> named;
    private final boolean anyFolder;

    private ModelCatalog(Map<String, Path> named, boolean anyFolder) {
        this.named = Map.copyOf(named);
        this.anyFolder = anyFolder;
    }

    /**
     * The folders a host serves, each id its folder name.
     *
     * @throws IllegalArgumentException if a folder has no config.json or two share a name
     */
    public static ModelCatalog ofFolders(List<Path> folders) {
        Map<String, Path> byName = new LinkedHashMap<>();
        for (Path f : folders) {
            Path folder = f.toAbsolutePath().normalize();
            if (!Files.isRegularFile(folder.resolve("config.json"))) {
                throw new IllegalArgumentException(f + " is not a model folder (it has no config.json)");
            }
            String id = folder.getFileName().toString();
            Path before = byName.putIfAbsent(id, folder);
            if (before != null) {
                throw new IllegalArgumentException("two model folders are named " + id + ": " + before + " and " + folder);
            }
        }
        return new ModelCatalog(byName, false);
    }

    /** Any model folder, named by its path (the workbench's and the CLI's local analyses). */
    public static ModelCatalog anyFolder() {
        return new ModelCatalog(Map.of(), true);
    }

    /** The ids a host lists (empty for {@link #anyFolder()}, which lists nothing). */
    public List<String> ids() {
        return named.keySet().stream().sorted().toList();
    }

    /** @throws ExplainException.UnknownModel if the id names no model of this catalog */
    public Path folder(String id) {
        Path p = named.get(id);
        if (p != null) {
            return p;
        }
        if (anyFolder) {
            Path folder = Path.of(id).toAbsolutePath().normalize();
            if (Files.isRegularFile(folder.resolve("config.json"))) {
                return folder;
            }
            throw new ExplainException.UnknownModel("the model folder " + folder
                    + " does not exist or has no config.json (the demo models: './llavalens generate-demo --out models/demo')");
        }
        throw new ExplainException.UnknownModel("no model '" + id + "' here; the models are " + ids());
    }
}
