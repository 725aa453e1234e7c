package org.llavalens.analysis.experiment;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.llavalens.annotation.AnnotationProject;
import org.llavalens.annotation.model.Case;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

/**
 * Where the color experiment's cases come from: a project's cases whose question asks for the color
 * of an animal and whose expected answer names the color, or a JSON Lines file with {@code animal},
 * {@code color} (or {@code color}), optional {@code other_animal}, {@code image} and {@code id}; or a
 * folder of images with a CSV of animal and color ({@link ColorQaDatasets}).
 *
 * <p><b>Decision</b>: a missing other animal is, when possible, one asked about in another case on the
 * same image (so it is in the picture), else one drawn from the other cases' animals. The random color and
 * random animal of the control measures are drawn from the dataset's color and animal words (never the
 * case's own). Draws use the run's seed and the case id, so reruns agree.
 */
public final class ColorQaCases {

    private static final Pattern QUESTION = Pattern.compile("(?i)colou?r of (?:the |a |an )?([\\p{L}-]+)");

    /** The cases and the lines that could not be used, with the reason. */
    public record Loaded(List<ColorQaCase> cases, List<String> skipped) {
    }

    record Partial(String id, Path image, String imageKey, String animal, String color, String otherAnimal) {
    }

    private ColorQaCases() {
    }

    /** @param seed seeds the draws of [A1], the random color and the random animal (recorded in the report) */
    public static Loaded fromProject(AnnotationProject project, long seed) throws IOException {
        List<Partial> parts = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (Case c : project.caseIndex().values()) {
            String animal = animalOf(c.getQuestion());
            String color = lastWord(c.getExpectedAnswer());
            if (animal == null || color == null) {
                skipped.add(c.getId() + ": no animal in the question or no colour in the expected answer");
                continue;
            }
            Path image = c.getImage() == null || c.getImage().isBlank() ? null : project.imageFile(c);
            parts.add(new Partial(c.getId(), image, c.getImageSha256(), animal, color, null));
        }
        return new Loaded(complete(parts, skipped, seed), skipped);
    }

    /** @param file JSON Lines; relative {@code image} paths are resolved against the file's folder */
    public static Loaded fromJsonl(Path file, long seed) throws IOException {
        List<Partial> parts = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        Path base = file.toAbsolutePath().getParent();
        int line = 0;
        for (String text : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            line++;
            if (text.isBlank()) {
                continue;
            }
            String where = file.getFileName() + ":" + line;
            try {
                JsonElement e = JsonParser.parseString(text);
                if (!e.isJsonObject()) {
                    skipped.add(where + ": not a JSON object");
                    continue;
                }
                JsonObject o = e.getAsJsonObject();
                String animal = str(o, "animal");
                String color = str(o, "colour") != null ? str(o, "colour") : str(o, "color");
                if (animal == null || color == null) {
                    skipped.add(where + ": needs 'animal' and 'colour'");
                    continue;
                }
                String img = str(o, "image");
                Path image = img == null ? null : base.resolve(img);
                String id = str(o, "id") != null ? str(o, "id") : "line" + line;
                parts.add(new Partial(id, image, img, animal, color, str(o, "other_animal")));
            } catch (JsonParseException ex) {
                skipped.add(where + ": " + ex.getMessage());
            }
        }
        return new Loaded(complete(parts, skipped, seed), skipped);
    }

    static String animalOf(String question) {
        if (question == null) {
            return null;
        }
        Matcher m = QUESTION.matcher(question);
        return m.find() ? m.group(1).toLowerCase(Locale.ROOT) : null;
    }

    static String lastWord(String answer) {
        if (answer == null) {
            return null;
        }
        String[] words = answer.strip().replaceAll("[^\\p{L}\\s-]", " ").strip().split("\\s+");
        String w = words[words.length - 1];
        return w.isEmpty() ? null : w.toLowerCase(Locale.ROOT);
    }

    static List<ColorQaCase> complete(List<Partial> parts, List<String> skipped, long seed) {
        Set<String> animals = new LinkedHashSet<>();
        Set<String> colors = new LinkedHashSet<>();
        Map<String, Set<String>> animalsByImage = new LinkedHashMap<>();
        for (Partial p : parts) {
            animals.add(p.animal());
            colors.add(p.color());
            if (p.otherAnimal() != null) {
                animals.add(p.otherAnimal());
            }
            if (p.imageKey() != null) {
                animalsByImage.computeIfAbsent(p.imageKey(), k -> new LinkedHashSet<>()).add(p.animal());
            }
        }
        List<ColorQaCase> out = new ArrayList<>();
        for (Partial p : parts) {
            // one stream per case from the run's seed and the case id: reruns and subsets draw the same words
            Random random = new Random(seed * 1_000_003L + p.id().hashCode());
            String otherAnimal = p.otherAnimal();
            if (otherAnimal == null && p.imageKey() != null) {
                otherAnimal = pick(animalsByImage.get(p.imageKey()), p.animal(), random);
            }
            if (otherAnimal == null) {
                otherAnimal = pick(animals, p.animal(), random);
            }
            String randomColor = pick(colors, p.color(), random);
            String randomAnimal = pick(animals, p.animal(), random);
            if (otherAnimal == null || randomColor == null || randomAnimal == null || otherAnimal.equals(p.animal())) {
                skipped.add(p.id() + ": the dataset has no other animal or colour to compare with");
                continue;
            }
            out.add(new ColorQaCase(p.id(), p.image(), p.animal(), p.color(), otherAnimal, randomColor, randomAnimal));
        }
        return out;
    }

    private static String pick(Set<String> pool, String not, Random random) {
        if (pool == null) {
            return null;
        }
        List<String> candidates = pool.stream().filter(s -> !s.equals(not)).toList();
        return candidates.isEmpty() ? null : candidates.get(random.nextInt(candidates.size()));
    }

    private static String str(JsonObject o, String key) {
        JsonElement e = o.get(key);
        return e == null || e.isJsonNull() ? null : e.getAsString().strip();
    }
}
