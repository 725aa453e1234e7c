package org.llavalens.headless.commands;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.llavalens.fixtures.ReferenceFixtures;
import org.llavalens.headless.CapturedConsole;
import org.llavalens.runtime.compute.Devices;

/** selfcheck on the shipped reference case, and the one-line failures of --device / --precision. */
class SelfcheckCommandTest {

    @Test
    void fp32OnTheCpuPassesAgainstHuggingFace() {
        CapturedConsole c = new CapturedConsole();
        assertEquals(0, c.run("selfcheck"), c.err());
        assertTrue(c.out().contains("on cpu, fp32"), c.out());
        assertTrue(c.out().contains("logits_last") && c.out().contains("image_features"), c.out());
        assertTrue(c.out().contains("PASS: largest difference"), c.out());
    }

    @Test
    void fp16PrintsItsFiguresAndVerdict() {
        CapturedConsole c = new CapturedConsole();
        int code = c.run("selfcheck", "--precision", "fp16");
        assertTrue(c.out().contains("on cpu, fp16"), c.out());
        assertTrue(c.out().contains("logits_last"), c.out());
        assertEquals(0, code, c.out() + c.err());
        assertTrue(c.out().contains("PASS"), c.out());
    }

    @Test
    void aGpuThatIsNotThereEndsWithOneLine() {
        CapturedConsole c = new CapturedConsole();
        String missing = "gpu:" + Devices.gpuCount();
        assertEquals(1, c.run("selfcheck", "--device", missing));
        List<String> lines = c.err().lines().filter(l -> !l.isBlank()).toList();
        assertEquals(1, lines.size(), c.err());
        assertTrue(lines.get(0).contains("no GPU") && lines.get(0).contains(missing), c.err());
    }

    @Test
    void badDeviceOrPrecisionIsBadUsage() {
        CapturedConsole c = new CapturedConsole();
        assertEquals(2, c.run("selfcheck", "--device", "tpu"));
        assertEquals(2, c.run("selfcheck", "--precision", "bf16"));
        assertEquals(2, c.run("trace", "--precision", "fp8", "--model", "x", "--prompt", "p", "--out", "o"));
    }

    /** The product's copies of the fixtures must be the fixtures, byte for byte. */
    @Test
    void shippedReferenceCasesAreTheFixtures() throws IOException {
        for (String name : ReferenceCases.ALL) {
            Path shipped = ReferenceCases.folder(name);
            Path fixture = ReferenceFixtures.dir(name);
            try (Stream<Path> files = Files.walk(shipped)) {
                List<Path> regular = files.filter(Files::isRegularFile).toList();
                assertTrue(regular.size() >= 4, name + ": " + regular);
                for (Path f : regular) {
                    Path rel = shipped.relativize(f);
                    assertArrayEquals(Files.readAllBytes(fixture.resolve(rel.toString())), Files.readAllBytes(f),
                            name + "/" + rel);
                }
            }
        }
    }
}
