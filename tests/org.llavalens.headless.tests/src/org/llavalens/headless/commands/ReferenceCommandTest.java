package org.llavalens.headless.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;
import org.llavalens.bench.hf.SyntheticLlava;
import org.llavalens.demo.DemoGenerator;
import org.llavalens.demo.DemoVocabulary;
import org.llavalens.headless.CapturedConsole;
import org.llavalens.headless.cli.Cli;
import org.llavalens.runtime.io.DType;

/**
 * {@code reference brown-dog}: end to end on a 7B-shaped synthetic LLaVA (32 layers x 32 heads, 576 image
 * patches, small hidden size), where every figure runs and differs, so it exits 1 and says so; missing
 * inputs are refused in one line; and on the real llava-1.5-7b-hf and COCO image, when the environment
 * names them, every published figure is reproduced.
 */
class ReferenceCommandTest {

    private final CapturedConsole io = new CapturedConsole();

    private String output() {
        return io.out() + io.err();
    }

    /** The demo's tokenizer and preprocessor with a synthetic decoder of LLaMA-7B's layer and head counts. */
    private static Path sevenBShaped(Path dir) throws Exception {
        Path folder = dir.resolve("llava-7b-shaped");
        DemoGenerator.writeLlavaMetadata(folder);
        // hidden 128 = 32 heads x 4: the head grid and image span of the real model, in a few MB
        SyntheticLlava.write(folder, new SyntheticLlava.Shape(128, 32, 256, 32, DemoVocabulary.llavaSize()), DType.F32, 17);
        return folder;
    }

    private static Path picture(Path dir) throws Exception {
        BufferedImage img = new BufferedImage(480, 360, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(200, 190, 170));
        g.fillRect(0, 0, 480, 360);
        g.setColor(new Color(125, 75, 45));
        g.fillOval(120, 120, 160, 110);
        g.dispose();
        Path file = dir.resolve("picture.png");
        ImageIO.write(img, "png", file.toFile());
        return file;
    }

    @Test
    void runsEndToEndOnASevenBShapedModelAndSaysTheFiguresDiffer(@TempDir Path dir) throws Exception {
        Path model = sevenBShaped(dir);
        Path image = picture(dir);
        int code = io.run("reference", "brown-dog", "--model", model.toString(), "--image", image.toString());
        String out = output();
        System.out.println("reference brown-dog on a 7B-shaped synthetic LLaVA:\n" + out);
        assertEquals(Cli.FAILURE, code, out);
        assertTrue(out.contains("image span") && out.contains("[5, 581)"), out);
        assertTrue(out.contains("top-10 next-token ids"), out);
        assertTrue(out.contains("head #10"), out);
        assertTrue(out.contains("22_27 position #3"), out);
        assertTrue(out.contains("value output c_j at position"), out);
        assertTrue(out.contains("FAIL"), out);
        assertTrue(io.err().contains("published figures differ from ours"), io.err());
        assertEquals(1, io.err().strip().lines().filter(l -> l.startsWith("llavalens")).count(), io.err());
    }

    @Test
    void refusesAMissingImageOrModelInOneLine(@TempDir Path dir) throws Exception {
        Path image = picture(dir);
        assertEquals(Cli.FAILURE, io.run("reference", "brown-dog", "--model", dir.resolve("nope").toString(), "--image",
                image.toString()));
        assertOneLine("not a model folder");
        Path model = dir.resolve("empty-model");
        java.nio.file.Files.createDirectories(model);
        assertEquals(Cli.FAILURE, io.run("reference", "brown-dog", "--model", model.toString(), "--image",
                dir.resolve("missing.jpg").toString()));
        assertOneLine("no such image file");
        assertEquals(Cli.USAGE, io.run("reference", "brown-dog", "--model", model.toString()));
        assertOneLine("--image");
        assertEquals(Cli.USAGE, io.run("reference", "--model", model.toString(), "--image", image.toString()));
        assertOneLine("brown-dog");
    }

    private void assertOneLine(String expected) {
        String err = io.err().strip();
        assertEquals(1, err.lines().count(), err);
        assertTrue(err.contains(expected), err);
        io.clearOut();
        io.clearErr();
    }

    @Test
    @EnabledIfEnvironmentVariable(named = "LLAVALENS_LLAVA_7B", matches = ".+")
    @EnabledIfEnvironmentVariable(named = "LLAVALENS_BROWN_DOG", matches = ".+")
    void theRealModelReproducesEveryPublishedFigure() {
        int code = io.run("reference", "brown-dog", "--model", System.getenv("LLAVALENS_LLAVA_7B"), "--image",
                System.getenv("LLAVALENS_BROWN_DOG"));
        assertEquals(Cli.OK, code, output());
    }
}
