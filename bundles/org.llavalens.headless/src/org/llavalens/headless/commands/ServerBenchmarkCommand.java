package org.llavalens.headless.commands;

import org.llavalens.attribution.render.HeatmapStyle;
import org.llavalens.attribution.HeadAggregation;
import org.llavalens.attribution.report.TokenTableChoices;
import org.llavalens.attribution.report.MethodSelection;
import org.llavalens.attribution.report.AttributionSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.llavalens.analysis.AnalyzerSettings;
import org.llavalens.analysis.explain.CaseQuestion;
import org.llavalens.analysis.explain.ExplainRequest;
import org.llavalens.analysis.explain.ExplainService;
import org.llavalens.analysis.explain.LiveCase;
import org.llavalens.analysis.explain.LocalExplainService;
import org.llavalens.analysis.explain.ModelCatalog;
import org.llavalens.attribution.method.MethodRegistry;
import org.llavalens.attribution.method.builtin.LogProbIncreaseMethod;
import org.llavalens.client.RemoteExplainService;
import org.llavalens.demo.DemoCase;
import org.llavalens.demo.DemoGenerator;
import org.llavalens.demo.scene.Animal;
import org.llavalens.headless.cli.Arguments;
import org.llavalens.headless.cli.Command;
import org.llavalens.headless.cli.CommandSpec;
import org.llavalens.headless.cli.Console;
import org.llavalens.headless.cli.UsageException;
import org.llavalens.runtime.compute.ComputeSettings;
import org.llavalens.server.HostOptions;
import org.llavalens.server.LensServer;
import org.llavalens.server.Limits;
import org.llavalens.server.ModelHost;

import com.google.gson.GsonBuilder;

/**
 * {@code ./llavalens benchmark server}: a model host on this machine serving the demo LLaVA, its
 * throughput (jobs per minute) with 1, 4 and 16 clients, and its overhead per job as the ratio of a
 * job through the host to the same analysis run locally. Every measurement is taken in interleaved
 * rounds after a warm-up; min / median / max are printed. Every job asks a new question, so none
 * is answered from the result cache.
 */
public final class ServerBenchmarkCommand implements Command {

    private static final int[] CLIENTS = {1, 4, 16};
    private final AtomicInteger questions = new AtomicInteger();
    private final Map<String, Object> figures = new LinkedHashMap<>();

    private static final CommandSpec SPEC = CommandSpec.parse("""
            benchmark server: jobs per minute through a model host with 1, 4, 16 clients; host overhead per job vs local
            usage:
              benchmark server [--jobs N] [--rounds R] [--json FILE] [--tmp DIR]
            options:
              --jobs N     jobs per throughput measurement, shared among the clients (default 16)
              --rounds R   interleaved rounds after one warm-up (default 3)
              --json FILE  also write the figures as JSON
              --tmp DIR    an existing folder for the demo models (default: the system temp folder)
            """);

    @Override
    public void run(Arguments args, Console console) throws Exception {
        int jobs = args.integer("jobs", 16);
        int rounds = args.integer("rounds", 3);
        Path json = args.path("json", null);
        Path tmpBase = args.existingFolder("tmp", Path.of(System.getProperty("java.io.tmpdir")));
        args.requireAllUsed();
        if (jobs < 16 || rounds < 1) {
            throw new UsageException("--jobs must be at least 16 (one per client of the largest group) and --rounds positive");
        }
        Path temp = Files.createTempDirectory(tmpBase, "llavalens-bench");
        try {
            measure(temp, jobs, rounds, console);
        } finally {
            try (var paths = Files.walk(temp)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        if (json != null) {
            Files.writeString(json, new GsonBuilder().setPrettyPrinting().create().toJson(figures) + "\n",
                    StandardCharsets.UTF_8);
            console.printf("figures: %s", json.toAbsolutePath());
        }
    }

    private void measure(Path temp, int jobs, int rounds, Console console) throws Exception {
        DemoCase demo = DemoCase.generate(temp, false);
        Path llava = demo.llava();
        Path image = demo.image();
        Animal animal = demo.animal();
        // queue deep enough for 16 clients: throughput is measured here, refusals by the tests
        HostOptions options = new HostOptions(List.of(llava), "127.0.0.1", 0, null, 64, 1, Duration.ofSeconds(30), 4,
                Limits.DEFAULT, null, null);
        try (LocalExplainService local = service(llava);
                LensServer server = LensServer.start(new ModelHost(service(llava), options), options, null);
                RemoteExplainService remote = new RemoteExplainService(server.uri(), null)) {
            console.printf("model host %s serving the demo LLaVA (%s); one job at a time; %d cores; %d interleaved"
                    + " rounds after a warm-up", server.uri(), llava.getFileName(),
                    Runtime.getRuntime().availableProcessors(), rounds);
            figures.put("cores", Runtime.getRuntime().availableProcessors());
            figures.put("rounds", rounds);
            figures.put("jobs_per_measurement", jobs);
            List<Double> overhead = new ArrayList<>();
            Map<Integer, List<Double>> perMinute = new LinkedHashMap<>();
            for (int round = 0; round <= rounds; round++) {
                double localSeconds = seconds(() -> explain(local, image, animal));
                double remoteSeconds = seconds(() -> explain(remote, image, animal));
                if (round > 0) {
                    overhead.add(remoteSeconds / localSeconds);
                }
                for (int clients : CLIENTS) {
                    double s = seconds(() -> concurrently(remote, clients, jobs, image, animal));
                    if (round > 0) {
                        perMinute.computeIfAbsent(clients, c -> new ArrayList<>()).add(jobs * 60 / s);
                    }
                }
                console.info(round == 0 ? "warm-up done" : "round " + round + " done");
            }
            for (var e : perMinute.entrySet()) {
                double[] s = stats(e.getValue());
                console.printf("%2d client(s): %.1f jobs/min (min %.1f, max %.1f)", e.getKey(), s[1], s[0], s[2]);
                figures.put("jobs_per_minute_" + e.getKey() + "_clients", Map.of("min", s[0], "median", s[1], "max", s[2]));
            }
            double[] r = stats(overhead);
            console.printf("one job through the host / the same analysis locally: %.3f (min %.3f, max %.3f)", r[1], r[0],
                    r[2]);
            figures.put("host_over_local_per_job", Map.of("min", r[0], "median", r[1], "max", r[2]));
        }
    }

    private static LocalExplainService service(Path llava) {
        // both sides name the model by its folder's name, as a host does
        return new LocalExplainService(ModelCatalog.ofFolders(List.of(llava)), ComputeSettings.CPU_FP32,
                MethodRegistry.builtIns(), 1);
    }

    private interface Work {
        void run() throws Exception;
    }

    private static double seconds(Work work) throws Exception {
        long t0 = System.nanoTime();
        work.run();
        return (System.nanoTime() - t0) / 1e9;
    }

    private void concurrently(ExplainService service, int clients, int jobs, Path image, Animal animal)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            AtomicInteger left = new AtomicInteger(jobs);
            List<Future<Object>> all = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                all.add(pool.submit(() -> {
                    while (left.getAndDecrement() > 0) {
                        explain(service, image, animal);
                    }
                    return null;
                }));
            }
            for (Future<Object> f : all) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private void explain(ExplainService service, Path image, Animal animal) throws Exception {
        AnalyzerSettings settings = AnalyzerSettings.of(new AttributionSettings(
                MethodSelection.of(List.of(LogProbIncreaseMethod.ID)), HeadAggregation.TOP1, HeatmapStyle.DEFAULT,
                TokenTableChoices.ofHeads(1)));
        CaseQuestion q = new CaseQuestion(image, null, null, animal.question() + " #" + questions.incrementAndGet(),
                animal.answerPrefix(), null);
        try (LiveCase c = service.explain(new ExplainRequest(DemoGenerator.LLAVA, q, settings), new NullProgressMonitor())) {
            if (c.explained().headScores().isEmpty()) {
                throw new IllegalStateException("the benchmark job produced no head scores");
            }
        }
    }

    /** min, median, max. */
    private static double[] stats(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double median = v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
        return new double[] {v[0], median, v[v.length - 1]};
    }

    @Override
    public CommandSpec spec() {
        return SPEC;
    }
}
