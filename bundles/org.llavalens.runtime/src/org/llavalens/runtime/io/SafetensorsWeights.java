package org.llavalens.runtime.io;

import java.io.IOException;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

/**
 * The weights of a model folder: {@code model.safetensors}, or {@code model.safetensors.index.json} and the
 * shards it names. Names are exposed in the canonical scheme ({@link ParamNames}); files written with the
 * transformers >= 4.52 names are mapped when opened.
 */
public final class SafetensorsWeights implements WeightSource {

    public static final String SINGLE_FILE = "model.safetensors";
    public static final String INDEX_FILE = "model.safetensors.index.json";

    private record Location(SafetensorsFile file, String storedName) {
    }

    private final Path folder;
    private final List<SafetensorsFile> files;
    private final Map<String, Location> tensors;
    private final boolean llava;

    private SafetensorsWeights(Path folder, List<SafetensorsFile> files, Map<String, Location> tensors, boolean llava) {
        this.folder = folder;
        this.files = files;
        this.tensors = tensors;
        this.llava = llava;
    }

    /**
     * Opens a model folder (or a single .safetensors file).
     *
     * @throws ModelFormatException if no weights are found, a file is invalid, or the index names a missing
     *                              shard or a tensor its shard lacks
     */
    public static SafetensorsWeights open(Path folderOrFile) {
        if (Files.isRegularFile(folderOrFile)) {
            return of(folderOrFile.getParent(), List.of(folderOrFile), Map.of());
        }
        Path single = folderOrFile.resolve(SINGLE_FILE);
        Path index = folderOrFile.resolve(INDEX_FILE);
        if (Files.isRegularFile(index)) {
            return openIndexed(folderOrFile, index);
        }
        if (Files.isRegularFile(single)) {
            return of(folderOrFile, List.of(single), Map.of());
        }
        throw new ModelFormatException(folderOrFile + ": no " + SINGLE_FILE + " or " + INDEX_FILE + " found");
    }

    private static SafetensorsWeights openIndexed(Path folder, Path index) {
        Map<String, String> weightMap = readWeightMap(index);
        Map<String, Path> shards = new LinkedHashMap<>();
        for (String shard : weightMap.values()) {
            if (shards.containsKey(shard)) {
                continue;
            }
            Path p = folder.resolve(shard).normalize();
            if (!p.startsWith(folder.normalize()) || shard.contains("/") || shard.contains("\\")) {
                throw new ModelFormatException(index + ": shard name '" + shard + "' is not a file in the folder");
            }
            if (!Files.isRegularFile(p)) {
                throw new ModelFormatException(index + " names shard '" + shard + "', which does not exist in " + folder);
            }
            shards.put(shard, p);
        }
        if (shards.isEmpty()) {
            throw new ModelFormatException(index + ": weight_map is empty");
        }
        return of(folder, new ArrayList<>(shards.values()), weightMap);
    }

    private static Map<String, String> readWeightMap(Path index) {
        try (Reader r = Files.newBufferedReader(index, StandardCharsets.UTF_8)) {
            JsonElement root = JsonParser.parseReader(r);
            if (!root.isJsonObject() || !root.getAsJsonObject().has("weight_map")
                    || !root.getAsJsonObject().get("weight_map").isJsonObject()) {
                throw new ModelFormatException(index + ": no 'weight_map' object");
            }
            JsonObject map = root.getAsJsonObject().getAsJsonObject("weight_map");
            Map<String, String> out = new LinkedHashMap<>();
            for (Map.Entry<String, JsonElement> e : map.entrySet()) {
                if (!e.getValue().isJsonPrimitive() || !e.getValue().getAsJsonPrimitive().isString()) {
                    throw new ModelFormatException(index + ": weight_map entry '" + e.getKey() + "' is not a file name");
                }
                out.put(e.getKey(), e.getValue().getAsString());
            }
            return out;
        } catch (IOException | JsonParseException | IllegalStateException e) {
            throw new ModelFormatException(index + ": invalid index JSON (" + e.getMessage() + ")", e);
        }
    }

    private static SafetensorsWeights of(Path folder, List<Path> paths, Map<String, String> weightMap) {
        List<SafetensorsFile> files = new ArrayList<>();
        try {
            List<String> stored = new ArrayList<>();
            for (Path p : paths) {
                SafetensorsFile f = SafetensorsFile.open(p);
                files.add(f);
                stored.addAll(f.names());
            }
            for (Map.Entry<String, String> e : weightMap.entrySet()) {
                SafetensorsFile f = files.get(indexOf(paths, e.getValue()));
                if (!f.contains(e.getKey())) {
                    throw new ModelFormatException(folder.resolve(INDEX_FILE) + " places tensor '" + e.getKey()
                            + "' in " + e.getValue() + ", which does not contain it");
                }
            }
            boolean llava = ParamNames.isLlava(stored);
            Map<String, Location> tensors = new TreeMap<>();
            for (SafetensorsFile f : files) {
                for (String name : f.names()) {
                    String canonical = ParamNames.toLegacy(name, llava);
                    Location previous = tensors.put(canonical, new Location(f, name));
                    if (previous != null) {
                        throw new ModelFormatException(folder + ": tensor '" + canonical + "' is stored twice (as '"
                                + previous.storedName() + "' in " + previous.file().path().getFileName() + " and as '"
                                + name + "' in " + f.path().getFileName() + ")");
                    }
                }
            }
            return new SafetensorsWeights(folder, List.copyOf(files), Collections.unmodifiableMap(tensors), llava);
        } catch (RuntimeException e) {
            files.forEach(SafetensorsFile::close);
            throw e;
        }
    }

    private static int indexOf(List<Path> paths, String shard) {
        for (int i = 0; i < paths.size(); i++) {
            if (paths.get(i).getFileName().toString().equals(shard)) {
                return i;
            }
        }
        throw new IllegalStateException(shard);
    }

    public Path folder() {
        return folder;
    }

    /** Whether the checkpoint is a LLaVA one (vision tower, projector, language model) rather than plain LLaMA. */
    public boolean isLlava() {
        return llava;
    }

    public List<Path> files() {
        return files.stream().map(SafetensorsFile::path).toList();
    }

    @Override
    public Set<String> names() {
        return tensors.keySet();
    }

    @Override
    public boolean contains(String name) {
        return tensors.containsKey(name);
    }

    private Location location(String name) {
        Location l = tensors.get(name);
        if (l == null) {
            throw new ModelFormatException(folder + ": the weights have no tensor '" + name + "'");
        }
        return l;
    }

    @Override
    public TensorInfo info(String name) {
        Location l = location(name);
        TensorInfo stored = l.file().info(l.storedName());
        return new TensorInfo(name, stored.dtype(), stored.shape());
    }

    @Override
    public void readFloats(String name, FloatBuffer dest) {
        Location l = location(name);
        l.file().readFloats(l.storedName(), dest);
    }

    @Override
    public void readFloats(String name, long from, long count, FloatBuffer dest) {
        Location l = location(name);
        l.file().readFloats(l.storedName(), from, count, dest);
    }

    /** The stored bytes of a tensor below 1 GiB (little-endian, in its stored dtype), without copying. */
    public ByteBuffer bytes(String name) {
        Location l = location(name);
        return l.file().bytes(l.storedName());
    }

    @Override
    public Optional<ByteBuffer> storedBytes(String name) {
        Location l = location(name);
        TensorInfo info = l.file().info(l.storedName());
        if (info.numel() * info.dtype().bytes() > SafetensorsFile.MAX_MAPPING) {
            return Optional.empty();
        }
        return Optional.of(l.file().bytes(l.storedName()));
    }

    @Override
    public String contentHash() {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        List<SafetensorsFile> sorted = new ArrayList<>(files);
        sorted.sort((a, b) -> a.path().getFileName().toString().compareTo(b.path().getFileName().toString()));
        for (SafetensorsFile f : sorted) {
            byte[] name = f.path().getFileName().toString().getBytes(StandardCharsets.UTF_8);
            byte[] header = f.headerBytes();
            ByteBuffer sizes = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
            sizes.putLong(name.length).putLong(f.fileSize()).putLong(header.length);
            sha.update(sizes.array());
            sha.update(name);
            sha.update(header);
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    @Override
    public DType storedDType() {
        Map<DType, Long> bytes = new EnumMap<>(DType.class);
        for (String name : tensors.keySet()) {
            TensorInfo i = info(name);
            if (i.dtype() == DType.F32 || i.dtype() == DType.F16 || i.dtype() == DType.BF16 || i.dtype() == DType.F64) {
                bytes.merge(i.dtype(), i.numel() * i.dtype().bytes(), Long::sum);
            }
        }
        return bytes.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(DType.F32);
    }

    @Override
    public void close() {
        files.forEach(SafetensorsFile::close);
    }

    @Override
    public String toString() {
        return "SafetensorsWeights[" + folder + ", " + files.size() + " file(s), " + tensors.size() + " tensors]";
    }
}
