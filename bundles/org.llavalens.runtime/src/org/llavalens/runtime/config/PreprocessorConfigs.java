package org.llavalens.runtime.config;

import java.nio.file.Files;
import java.nio.file.Path;

import org.llavalens.runtime.io.ModelFormatException;

import com.google.gson.JsonElement;

/** Reads {@code preprocessor_config.json} (CLIPImageProcessor), with the processor's defaults for absent keys. */
public final class PreprocessorConfigs {

    public static final String FILE = "preprocessor_config.json";
    static final double[] CLIP_MEAN = {0.48145466, 0.4578275, 0.40821073};
    static final double[] CLIP_STD = {0.26862954, 0.26130258, 0.27577711};

    private PreprocessorConfigs() {
    }

    /** @param folderOrFile a model folder, or a preprocessor_config.json file itself */
    public static PreprocessorConfig load(Path folderOrFile) {
        Path file = Files.isDirectory(folderOrFile) ? folderOrFile.resolve(FILE) : folderOrFile;
        if (!Files.isRegularFile(file)) {
            throw new ModelFormatException(file + ": file not found");
        }
        JsonFields f = JsonFields.parse(file);
        int shortest = size(f, "size", "shortest_edge", 224);
        int cropH = size(f, "crop_size", "height", 224);
        int cropW = size(f, "crop_size", "width", 224);
        double[] mean = f.doubles("image_mean", CLIP_MEAN);
        double[] std = f.doubles("image_std", CLIP_STD);
        if (mean.length != 3 || std.length != 3) {
            throw f.invalid(mean.length != 3 ? "image_mean" : "image_std", "must list 3 channels",
                    f.raw(mean.length != 3 ? "image_mean" : "image_std"));
        }
        for (double s : std) {
            if (s == 0) {
                throw f.invalid("image_std", "must not contain 0", f.raw("image_std"));
            }
        }
        return new PreprocessorConfig(shortest, cropH, cropW, f.bool("do_resize", true), f.bool("do_center_crop", true),
                f.bool("do_rescale", true), f.number("rescale_factor", 1 / 255.0), f.bool("do_normalize", true), mean,
                std, f.bool("do_convert_rgb", true), f.integer("resample", 3), false);
    }

    /** The llava-1.5 processor for a vision tower of the given input size (when a folder has no preprocessor file). */
    public static PreprocessorConfig forImageSize(int size) {
        return new PreprocessorConfig(size, size, size, true, true, true, 1 / 255.0, true, CLIP_MEAN.clone(),
                CLIP_STD.clone(), true, 3, false);
    }

    /** A size entry: an object with the named edge, or (older processors) a bare integer. */
    private static int size(JsonFields f, String key, String edge, int dflt) {
        if (!f.has(key)) {
            return dflt;
        }
        JsonElement e = f.raw(key);
        if (e.isJsonPrimitive()) {
            return f.positive(key, dflt);
        }
        JsonFields o = f.object(key);
        if (edge.equals("shortest_edge") && !o.has("shortest_edge")) {
            throw f.invalid(key, "must give shortest_edge (fixed height/width resizing is not the llava-1.5 processor)",
                    e);
        }
        return o.positive(edge, null);
    }
}
