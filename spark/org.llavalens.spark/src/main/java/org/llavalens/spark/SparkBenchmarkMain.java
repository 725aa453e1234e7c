package org.llavalens.spark;

import java.io.IOException;
import java.io.PrintStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import org.llavalens.analysis.batch.BatchJobSpec;
import org.llavalens.analysis.batch.BatchRun;
import org.llavalens.analysis.explain.LocalExplainService;
import org.llavalens.analysis.explain.ModelCatalog;
import org.llavalens.annotation.AnnotationProject;
import org.llavalens.attribution.method.MethodRegistry;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;

/**
 * {@code ./llavalens benchmark spark}: cases per minute of the single-machine batch and of the Spark
 * batch with {@code local[1]} and {@code local[2]} on the same cases, each run on a fresh copy of the
 * project (so every case is computed), interleaved (the order rotates each round), and the Spark runs'
 * time as a ratio to the single-machine run of the same round (min/median/max). The Spark figures leave
 * out starting the context (reported on its own).
 *
 * <p>Every run is a JVM of its own that first makes one warm-up run of the same variant (model loaded,
 * code compiled) and then the timed one. Variants sharing one JVM disturbed each other: after Spark runs
 * in the same JVM the single-machine batch computed a case in ~310 ms against ~130 ms in a Spark task,
 * for the same files, while in fresh JVMs both took the same time.
 *
 * <p>Arguments: the batch's ({@code --project DIR --model DIR --methods ID,... [...]}, see
 * {@link BatchJobSpec#parse}) plus {@code --rounds N} (default 3) and {@code --json}; a run's own JVM
 * gets {@code --variant V --work DIR} and prints one {@code RESULT cases seconds contextSeconds} line.
 */
public final class SparkBenchmarkMain {

    private static final List<String> VARIANTS = List.of("single", "local[1]", "local[2]");

    private SparkBenchmarkMain() {
    }

    public static void main(String[] argv) throws Exception {
        List<String> args = new ArrayList<>(Arrays.asList(argv));
        boolean json = args.remove("--json");
        String variant = take(args, "--variant");
        String work = take(args, "--work");
        String roundsArg = take(args, "--rounds");
        int rounds = roundsArg == null ? 3 : Integer.parseInt(roundsArg);
        BatchJobSpec spec = BatchJobSpec.parse(args);
        if (variant != null) {
            Run run = warmThenTimed(spec, variant, Path.of(work));
            System.out.printf(Locale.ROOT, "RESULT %d %.6f %.6f%n", run.cases, run.seconds, run.contextSeconds);
            System.exit(0);
        }
        Path dir = Files.createTempDirectory("llavalens-spark-bench");
        Map<String, List<Double>> seconds = new LinkedHashMap<>();
        List<Double> contextSeconds = new ArrayList<>();
        int cases = 0;
        int n = 0;
        for (int round = 0; round < rounds; round++) {
            for (int k = 0; k < VARIANTS.size(); k++) {
                String v = VARIANTS.get(Math.floorMod(k + round, VARIANTS.size()));
                Run run = inOwnJvm(argv, v, dir.resolve("run" + (n++)));
                cases = run.cases;
                seconds.computeIfAbsent(v, x -> new ArrayList<>()).add(run.seconds);
                if (run.contextSeconds > 0) {
                    contextSeconds.add(run.contextSeconds);
                }
                System.err.printf(Locale.ROOT, "round %d %s: %d cases in %.2f s%n", round + 1, v, run.cases, run.seconds);
            }
        }
        JsonObject out = report(seconds, contextSeconds, cases, rounds);
        if (json) {
            System.out.println(new GsonBuilder().setPrettyPrinting().create().toJson(out));
        } else {
            print(out);
        }
        System.exit(0);
    }

    private static String take(List<String> args, String name) {
        int i = args.indexOf(name);
        if (i < 0) {
            return null;
        }
        String value = args.get(i + 1);
        args.subList(i, i + 2).clear();
        return value;
    }

    /** This class again in a new JVM with this JVM's options and class path, for one variant. */
    private static Run inOwnJvm(String[] argv, String variant, Path work) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse(
                Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), SparkBenchmarkMain.class.getName()));
        command.addAll(Arrays.asList(argv));
        command.removeIf(a -> a.equals("--json"));
        command.addAll(List.of("--variant", variant, "--work", work.toString()));
        Files.createDirectories(work);
        Path log = work.resolve("run.log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        int exit = p.waitFor();
        List<String> lines = Files.readAllLines(log);
        String result = lines.stream().filter(l -> l.startsWith("RESULT ")).reduce((a, b) -> b).orElse(null);
        if (exit != 0 || result == null) {
            throw new IllegalStateException("the " + variant + " run failed (exit " + exit + "); its output: " + log);
        }
        String[] f = result.split(" ");
        return new Run(Integer.parseInt(f[1]), Double.parseDouble(f[2]), Double.parseDouble(f[3]));
    }

    /** One untimed run, then the timed one, each on a fresh copy of the project. */
    private static Run warmThenTimed(BatchJobSpec spec, String variant, Path work) throws Exception {
        Path source = Path.of(spec.project());
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        try (LocalExplainService service = new LocalExplainService(ModelCatalog.anyFolder(), spec.compute(),
                MethodRegistry.builtIns(), 2)) {
            Run run = null;
            for (String pass : List.of("warm-up", "timed")) {
                Path copy = copyWithoutResults(source, work.resolve(pass));
                run = variant.equals("single") ? single(service, spec, copy)
                        : spark(spec.withProject(copy.toString()).withMaster(variant), quiet);
            }
            return run;
        }
    }

    private record Run(int cases, double seconds, double contextSeconds) {
    }

    private static Run single(LocalExplainService service, BatchJobSpec spec, Path project) throws IOException {
        try (AnnotationProject p = AnnotationProject.open(project)) {
            long t0 = System.nanoTime();
            BatchRun.Summary s = new BatchRun(p, service, Path.of(spec.model()),
                    spec.textModel() == null ? null : Path.of(spec.textModel()), spec.settings())
                    .run(spec.limit(), null, null);
            check(s);
            return new Run(s.total(), (System.nanoTime() - t0) / 1e9, 0);
        }
    }

    private static Run spark(BatchJobSpec spec, PrintStream quiet) throws Exception {
        SparkBatch.Result r = SparkBatch.run(spec, quiet, sc -> { });
        check(r.summary());
        return new Run(r.summary().total(), r.jobSeconds(), r.contextSeconds());
    }

    private static void check(BatchRun.Summary s) {
        if (s.computed() != s.total()) {
            throw new IllegalStateException("a benchmark run computed " + s.computed() + " of " + s.total()
                    + " cases (" + s.failed() + " failed): the figures would not compare");
        }
    }

    private static JsonObject report(Map<String, List<Double>> seconds, List<Double> contextSeconds, int cases,
            int rounds) {
        JsonObject o = new JsonObject();
        o.addProperty("cases", cases);
        o.addProperty("rounds", rounds);
        JsonObject perMinute = new JsonObject();
        seconds.forEach((v, list) -> perMinute.add(v, stats(list.stream().map(s -> cases / s * 60).toList())));
        o.add("casesPerMinute", perMinute);
        JsonObject ratios = new JsonObject();
        for (String v : List.of("local[1]", "local[2]")) {
            List<Double> ratio = new ArrayList<>();
            for (int i = 0; i < rounds; i++) {
                ratio.add(seconds.get(v).get(i) / seconds.get("single").get(i));
            }
            ratios.add(v + "/single", stats(ratio));
        }
        o.add("timeRatioToSingleMachine", ratios);
        o.add("sparkContextStartSeconds", stats(contextSeconds));
        return o;
    }

    private static JsonObject stats(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        JsonObject s = new JsonObject();
        s.addProperty("min", sorted.get(0));
        int n = sorted.size();
        s.addProperty("median", n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2);
        s.addProperty("max", sorted.get(n - 1));
        return s;
    }

    private static void print(JsonObject o) {
        System.out.printf(Locale.ROOT, "%d cases, %d interleaved rounds, each run in a JVM of its own after a warm-up run there%n",
                o.get("cases").getAsInt(), o.get("rounds").getAsInt());
        System.out.println("cases/min (min / median / max):");
        o.getAsJsonObject("casesPerMinute").entrySet().forEach(e -> System.out.println("  " + line(e.getKey(), e.getValue().getAsJsonObject())));
        System.out.println("Spark time / single-machine time, same round (min / median / max):");
        o.getAsJsonObject("timeRatioToSingleMachine").entrySet().forEach(e -> System.out.println("  " + line(e.getKey(), e.getValue().getAsJsonObject())));
        System.out.println("  " + line("Spark context start, s", o.getAsJsonObject("sparkContextStartSeconds")));
    }

    private static String line(String name, JsonObject s) {
        return String.format(Locale.ROOT, "%-16s %.2f / %.2f / %.2f", name, s.get("min").getAsDouble(),
                s.get("median").getAsDouble(), s.get("max").getAsDouble());
    }

    /** The project as a new one: every file but its results and batch status. */
    static Path copyWithoutResults(Path source, Path target) throws IOException {
        try (Stream<Path> files = Files.walk(source)) {
            for (Path f : files.toList()) {
                Path rel = source.relativize(f);
                String first = rel.getNameCount() == 0 ? "" : rel.getName(0).toString();
                if (first.equals(AnnotationProject.RESULTS_DIR) || first.equals("batch")) {
                    continue;
                }
                Path to = target.resolve(rel.toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(f, to);
                }
            }
        }
        return target;
    }
}
