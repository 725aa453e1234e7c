package org.llavalens.analysis.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The paper's dataset built from what a user has: a folder of images with a CSV of animal and color, or
 * COCO-style instance annotations and captions sampled by the documented recipe (each filter exercised by
 * an image made to fail exactly it).
 */
class ColorQaDatasetsTest {

    @Test
    void aFolderOfImagesWithATableGivesCasesWithSeededControls(@TempDir Path dir) throws Exception {
        Path images = Files.createDirectories(dir.resolve("images"));
        for (String f : List.of("a.jpg", "b.jpg", "c.jpg")) {
            Files.write(images.resolve(f), new byte[] { 1 });
        }
        Path table = dir.resolve("cases.csv");
        Files.writeString(table, """
                image,animal,color,other_animal
                a.jpg,dog,brown,cat
                "b.jpg",cat,white,
                c.jpg,bird,"yellow",
                missing.jpg,dog,black,
                """, StandardCharsets.UTF_8);
        ColorQaCases.Loaded loaded = ColorQaDatasets.fromImageTable(images, table, 3);
        assertEquals(3, loaded.cases().size(), loaded.toString());
        assertEquals(1, loaded.skipped().size());
        assertTrue(loaded.skipped().get(0).contains("missing.jpg"));
        ColorQaCase a = loaded.cases().get(0);
        assertEquals(images.resolve("a.jpg"), a.image());
        assertEquals("cat", a.otherAnimal());
        for (ColorQaCase c : loaded.cases()) {
            assertNotEquals(c.color(), c.randomColor());
            assertNotEquals(c.animal(), c.randomAnimal());
            assertTrue(List.of("brown", "white", "yellow").contains(c.randomColor()), "drawn from the dataset's colours");
        }
        assertEquals(loaded.cases(), ColorQaDatasets.fromImageTable(images, table, 3).cases(), "the seed fixes the draws");
    }

    @Test
    void theCocoRecipeKeepsOnlyUnambiguousAnimalsWithAnAgreedColor(@TempDir Path dir) throws Exception {
        Path instances = dir.resolve("instances.json");
        // 100 x 100 images; categories: 18 dog, 17 cat, 1 person
        Files.writeString(instances, """
                {"categories":[{"id":18,"name":"dog"},{"id":17,"name":"cat"},{"id":1,"name":"person"}],
                 "images":[{"id":1,"file_name":"1.jpg","width":100,"height":100},
                           {"id":2,"file_name":"2.jpg","width":100,"height":100},
                           {"id":3,"file_name":"3.jpg","width":100,"height":100},
                           {"id":4,"file_name":"4.jpg","width":100,"height":100},
                           {"id":5,"file_name":"5.jpg","width":100,"height":100}],
                 "annotations":[
                   {"image_id":1,"category_id":18,"area":2000,"iscrowd":0},
                   {"image_id":1,"category_id":17,"area":900,"iscrowd":0},
                   {"image_id":2,"category_id":18,"area":2000,"iscrowd":0},
                   {"image_id":2,"category_id":18,"area":1500,"iscrowd":0},
                   {"image_id":3,"category_id":18,"area":100,"iscrowd":0},
                   {"image_id":4,"category_id":18,"area":3000,"iscrowd":0},
                   {"image_id":5,"category_id":17,"area":3000,"iscrowd":0},
                   {"image_id":5,"category_id":1,"area":5000,"iscrowd":0}]}
                """, StandardCharsets.UTF_8);
        Path captions = dir.resolve("captions.json");
        Files.writeString(captions, """
                {"annotations":[
                  {"image_id":1,"caption":"A brown dog next to a cat."},
                  {"image_id":1,"caption":"The brown dog sleeps on a sofa"},
                  {"image_id":1,"caption":"Two pets resting."},
                  {"image_id":2,"caption":"Two brown dogs"},{"image_id":2,"caption":"a brown dog and a brown dog"},
                  {"image_id":3,"caption":"a black dog far away"},{"image_id":3,"caption":"a tiny black dog"},
                  {"image_id":4,"caption":"a brown dog"},{"image_id":4,"caption":"a black dog"},
                  {"image_id":5,"caption":"a grey cat"},{"image_id":5,"caption":"A GRAY CAT on a bed"}]}
                """, StandardCharsets.UTF_8);
        CocoColorSample.Sample s = CocoColorSample.build(instances, captions, new CocoColorSample.Filters(10, 0, 0.05, 2));
        assertEquals(5, s.images());
        // 2: two dogs; 3: the dog covers 1%; 4: captions disagree (one vote each)
        assertEquals(2, s.qualifying());
        List<CocoColorSample.Sampled> sorted = s.cases().stream()
                .sorted((a, b) -> Long.compare(a.imageId(), b.imageId())).toList();
        assertEquals(new CocoColorSample.Sampled(1, "1.jpg", "dog", "brown", "cat"), sorted.get(0));
        assertEquals(new CocoColorSample.Sampled(5, "5.jpg", "cat", "gray", null), sorted.get(1));
        assertEquals(1, CocoColorSample.build(instances, captions, new CocoColorSample.Filters(1, 0, 0.05, 2)).cases().size());

        Path images = Files.createDirectories(dir.resolve("val2017"));
        Path out = dir.resolve("sample").resolve("cases.jsonl");
        CocoColorSample.writeJsonl(s, images, out);
        ColorQaCases.Loaded loaded = ColorQaCases.fromJsonl(out, 0);
        assertEquals(2, loaded.cases().size(), loaded.skipped().toString());
        ColorQaCase dog = loaded.cases().stream().filter(c -> c.animal().equals("dog")).findFirst().orElseThrow();
        assertEquals(images.resolve("1.jpg").toAbsolutePath().normalize(), dog.image().normalize());
        assertEquals("cat", dog.otherAnimal());
    }
}
