package org.llavalens.analysis.experiment;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * The paper's kind of dataset from COCO-style files the user supplies: instance annotations (which
 * animals are where) and captions (what color people called them). Recipe, every step a flag:
 * <ol>
 * <li>the asked animal [A] is an animal category with exactly one non-crowd instance in the image ("the
 * dog" is unambiguous) covering at least {@code minArea} of the image; of several, the largest;</li>
 * <li>its color [C] is the color word the most captions put right before the animal's name ("a brown
 * dog"), named by at least {@code minVotes} captions and by more than any other colour ("grey" counts as
 * "gray");</li>
 * <li>[A1] is the largest other animal category in the image, if any (else the experiment draws one);</li>
 * <li>qualifying images are ordered by image id, shuffled with {@code seed}, and the first {@code size}
 * kept.</li>
 * </ol>
 */
public final class CocoColorSample {

    /** COCO's animal categories. */
    public static final List<String> ANIMALS = List.of("bird", "cat", "dog", "horse", "sheep", "cow", "elephant", "bear",
            "zebra", "giraffe");

    /** The color words looked for in captions. */
    public static final List<String> COLORS = List.of("black", "white", "brown", "gray", "grey", "red", "orange",
            "yellow", "green", "blue", "pink", "purple", "tan");

    /** The recipe's knobs; {@link #paper()} is the documented 1,000-image sample. */
    public record Filters(int size, long seed, double minArea, int minVotes) {

        public Filters {
            if (size < 1 || minVotes < 1 || !(minArea >= 0 && minArea < 1)) {
                throw new IllegalArgumentException("size and votes must be positive and the area fraction in [0, 1)");
            }
        }

        public static Filters paper() {
            return new Filters(1000, 0, 0.05, 2);
        }
    }

    /** One sampled case. @param otherAnimal null when the image shows no other animal */
    public record Sampled(long imageId, String file, String animal, String color, String otherAnimal) {
    }

    /** The sample and how many images were read and qualified (so a short sample says why). */
    public record Sample(List<Sampled> cases, int images, int qualifying, Filters filters) {
    }

    private record Instance(String category, double areaFraction) {
    }

    private CocoColorSample() {
    }

    public static Sample build(Path instances, Path captions, Filters f) throws IOException {
        JsonObject in = read(instances);
        Map<Long, String> categories = new HashMap<>();
        for (JsonElement e : in.getAsJsonArray("categories")) {
            JsonObject c = e.getAsJsonObject();
            categories.put(c.get("id").getAsLong(), c.get("name").getAsString());
        }
        Map<Long, String> files = new LinkedHashMap<>();
        Map<Long, Double> pixels = new HashMap<>();
        for (JsonElement e : in.getAsJsonArray("images")) {
            JsonObject i = e.getAsJsonObject();
            long id = i.get("id").getAsLong();
            files.put(id, i.get("file_name").getAsString());
            pixels.put(id, i.get("width").getAsDouble() * i.get("height").getAsDouble());
        }
        Map<Long, List<Instance>> animals = new HashMap<>();
        for (JsonElement e : in.getAsJsonArray("annotations")) {
            JsonObject a = e.getAsJsonObject();
            String name = categories.get(a.get("category_id").getAsLong());
            boolean crowd = a.has("iscrowd") && a.get("iscrowd").getAsInt() == 1;
            long image = a.get("image_id").getAsLong();
            if (name != null && ANIMALS.contains(name) && !crowd && pixels.containsKey(image)) {
                animals.computeIfAbsent(image, k -> new ArrayList<>())
                        .add(new Instance(name, a.get("area").getAsDouble() / pixels.get(image)));
            }
        }
        Map<Long, List<String>> texts = new HashMap<>();
        for (JsonElement e : read(captions).getAsJsonArray("annotations")) {
            JsonObject c = e.getAsJsonObject();
            texts.computeIfAbsent(c.get("image_id").getAsLong(), k -> new ArrayList<>())
                    .add(c.get("caption").getAsString().toLowerCase(Locale.ROOT));
        }
        List<Sampled> qualifying = new ArrayList<>();
        for (Map.Entry<Long, String> image : files.entrySet()) {
            Sampled s = qualify(image.getKey(), image.getValue(), animals.getOrDefault(image.getKey(), List.of()),
                    texts.getOrDefault(image.getKey(), List.of()), f);
            if (s != null) {
                qualifying.add(s);
            }
        }
        qualifying.sort((a, b) -> Long.compare(a.imageId(), b.imageId()));
        List<Sampled> shuffled = new ArrayList<>(qualifying);
        Collections.shuffle(shuffled, new Random(f.seed()));
        return new Sample(List.copyOf(shuffled.subList(0, Math.min(f.size(), shuffled.size()))), files.size(),
                qualifying.size(), f);
    }

    static Sampled qualify(long id, String file, List<Instance> instances, List<String> captions, Filters f) {
        Map<String, Integer> count = new HashMap<>();
        Map<String, Double> largest = new HashMap<>();
        for (Instance i : instances) {
            count.merge(i.category(), 1, Integer::sum);
            largest.merge(i.category(), i.areaFraction(), Math::max);
        }
        String asked = null;
        for (String c : count.keySet()) {
            if (count.get(c) == 1 && largest.get(c) >= f.minArea() && (asked == null || largest.get(c) > largest.get(asked))) {
                asked = c;
            }
        }
        if (asked == null) {
            return null;
        }
        Map<String, Integer> votes = new HashMap<>();
        for (String color : COLORS) {
            Pattern p = Pattern.compile("\\b" + color + "\\s+" + asked + "s?\\b");
            int n = (int) captions.stream().filter(c -> p.matcher(c).find()).count();
            votes.merge(color.equals("grey") ? "gray" : color, n, Integer::sum);
        }
        String best = null;
        boolean tie = false;
        for (Map.Entry<String, Integer> v : votes.entrySet()) {
            if (best == null || v.getValue() > votes.get(best)) {
                best = v.getKey();
                tie = false;
            } else if (v.getValue().equals(votes.get(best))) {
                tie = true;
            }
        }
        if (best == null || tie || votes.get(best) < f.minVotes()) {
            return null;
        }
        String other = null;
        for (String c : largest.keySet()) {
            if (!c.equals(asked) && (other == null || largest.get(c) > largest.get(other))) {
                other = c;
            }
        }
        return new Sampled(id, file, asked, best, other);
    }

    /**
     * Writes the sample as the JSON Lines {@code experiment color-qa --cases} reads, image paths relative
     * to the file's folder; temp file and atomic move.
     */
    public static void writeJsonl(Sample s, Path images, Path out) throws IOException {
        Path dir = out.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        StringBuilder b = new StringBuilder();
        for (Sampled c : s.cases()) {
            JsonObject o = new JsonObject();
            o.addProperty("id", "coco" + c.imageId() + "-" + c.animal());
            o.addProperty("image", dir.relativize(images.toAbsolutePath().resolve(c.file())).toString());
            o.addProperty("animal", c.animal());
            o.addProperty("colour", c.color());
            if (c.otherAnimal() != null) {
                o.addProperty("other_animal", c.otherAnimal());
            }
            b.append(o).append('\n');
        }
        ColorQaReport.write(out, b.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static JsonObject read(Path file) throws IOException {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return JsonParser.parseReader(r).getAsJsonObject();
        }
    }
}
