package org.llavalens.headless.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.llavalens.demo.scene.SceneIndex;
import org.llavalens.demo.scene.SceneQuestions;
import org.llavalens.demo.scene.SceneWriter;
import org.llavalens.headless.CapturedConsole;
import org.llavalens.headless.cli.Cli;

/**
 * {@code batch --spark local[1]} through the command line: the driver JVM starts from the job jar the
 * reactor built (spark/org.llavalens.spark, built before the tests), computes every case, and the
 * single-machine batch then finds them all finished: one settings fingerprint, the same files.
 */
class SparkBatchCommandTest {

    private final CapturedConsole io = new CapturedConsole();

    @AfterEach
    void forgetTheJobFolder() {
        System.clearProperty(SparkDriver.DIR_PROPERTY);
    }

    @Test
    void theSparkBatchsResultsAreTheSingleMachineBatchs(@TempDir Path dir) throws Exception {
        // the tests run in their bundle's folder, tests/org.llavalens.headless.tests
        System.setProperty(SparkDriver.DIR_PROPERTY,
                Path.of("../../spark/org.llavalens.spark/target").toAbsolutePath().normalize().toString());
        Path demo = dir.resolve("demo");
        assertEquals(Cli.OK, io.run("generate-demo", "--out", demo.toString(), "--scenes", "2"));
        Path questions = dir.resolve("questions.jsonl");
        Files.write(questions, SceneQuestions.jsonLines(
                SceneIndex.read(demo.resolve("scenes").resolve(SceneWriter.INDEX)), false), StandardCharsets.UTF_8);
        Path project = dir.resolve("p");
        assertEquals(Cli.OK, io.run("project", "create", "--dir", project.toString()));
        assertEquals(Cli.OK, io.run("project", "import", "--dir", project.toString(), "--images",
                demo.resolve("scenes").toString(), "--questions", questions.toString()));

        io.clearOut();
        assertEquals(Cli.OK, io.run("batch", "--project", project.toString(), "--model",
                demo.resolve("llava").toString(), "--max-new-tokens", "2", "--spark", "local[1]"), io.out() + io.err());
        String spark = io.out() + io.err();
        assertTrue(spark.contains("batch: 2/2 cases"), spark);
        assertTrue(spark.contains("2 cases: 2 computed, 0 already done, 0 failed"), spark);

        io.clearOut();
        assertEquals(Cli.OK, io.run("batch", "--project", project.toString(), "--model",
                demo.resolve("llava").toString(), "--max-new-tokens", "2"), io.out() + io.err());
        assertTrue(io.out().contains("2 cases: 0 computed, 2 already done, 0 failed"), io.out() + io.err());
    }
}
