package org.llavalens.headless.commands;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.ZipFile;

import org.llavalens.headless.cli.Console;
import org.llavalens.headless.cli.UsageException;

/**
 * Starts a Spark driver JVM from the job jar the reactor builds ({@code spark/org.llavalens.spark}):
 * Spark cannot run inside OSGi, so {@code batch --spark} and {@code benchmark spark} run it as a plain
 * Java process on this machine's JDK, with the JVM options Spark needs (read from the job jar, which
 * takes them from its build), and stream its console line by line.
 */
final class SparkDriver {

    /** Where the job jar and Spark's jars are ({@code target/} of the job module unless set). */
    static final String DIR_PROPERTY = "llavalens.spark.dir";
    static final String DIR_VARIABLE = "LLAVALENS_SPARK_DIR";
    static final String OPTIONS_RESOURCE = "llavalens-spark-jvm-options.txt";

    private SparkDriver() {
    }

    /** The folder holding {@code org.llavalens.spark-*-job.jar} and {@code spark-lib/}. */
    static Path folder() throws UsageException {
        String dir = System.getProperty(DIR_PROPERTY, System.getenv(DIR_VARIABLE));
        if (dir == null) {
            String home = System.getProperty("llavalens.home");
            if (home == null) {
                throw new UsageException("the Spark job jar's folder is not known: set " + DIR_VARIABLE);
            }
            dir = Path.of(home, "spark", "org.llavalens.spark", "target").toString();
        }
        return Path.of(dir);
    }

    static Path jobJar(Path folder) throws UsageException, IOException {
        if (Files.isDirectory(folder)) {
            try (DirectoryStream<Path> jars = Files.newDirectoryStream(folder, "org.llavalens.spark-*-job.jar")) {
                for (Path jar : jars) {
                    return jar;
                }
            }
        }
        throw new UsageException("no Spark job jar in " + folder + " (build it: ./mvnw -B -DskipTests verify, or "
                + "LLAVALENS_REBUILD=1 ./llavalens --help)");
    }

    /**
     * Runs {@code mainClass} of the job jar with {@code args}; returns its exit code.
     *
     * @param heapBytes the driver's maximum heap (in local mode its executors run inside it)
     */
    static int run(String mainClass, List<String> args, long heapBytes, Console console) throws Exception {
        Path folder = folder();
        Path jar = jobJar(folder);
        Path lib = folder.resolve("spark-lib");
        if (!Files.isDirectory(lib)) {
            throw new UsageException("Spark's jars are missing: " + lib + " (the job module's build copies them)");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx" + Math.max(1, heapBytes >> 20) + "m");
        command.add("-Dai.djl.offline=true");
        command.addAll(jvmOptions(jar));
        command.addAll(List.of("-cp", jar + java.io.File.pathSeparator + lib.resolve("*"), mainClass));
        command.addAll(args);
        console.info("starting the Spark driver: " + mainClass + " (" + jar.getFileName() + ")");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        Thread stop = new Thread(p::destroy, "stop-spark-driver");
        Runtime.getRuntime().addShutdownHook(stop);
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                console.println(line);
            }
            return p.waitFor();
        } finally {
            p.destroy();
            try {
                Runtime.getRuntime().removeShutdownHook(stop);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down: the hook stops the driver
            }
        }
    }

    /** The {@code --add-opens} list and the other options the job jar's build wrote into it. */
    static List<String> jvmOptions(Path jar) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            var entry = zip.getEntry(OPTIONS_RESOURCE);
            if (entry == null) {
                throw new IOException(jar + " has no " + OPTIONS_RESOURCE);
            }
            String text = new String(zip.getInputStream(entry).readAllBytes(), StandardCharsets.UTF_8).strip();
            return Arrays.stream(text.split("\\s+")).filter(s -> !s.isEmpty()).toList();
        }
    }
}
