package org.llavalens.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Stream;

import org.eclipse.core.runtime.OperationCanceledException;
import org.llavalens.analysis.AnalyzerSettings;
import org.llavalens.analysis.explain.CaseQuestion;
import org.llavalens.analysis.explain.CompareRequest;
import org.llavalens.analysis.explain.CompareTarget;
import org.llavalens.analysis.explain.ExplainException;
import org.llavalens.analysis.explain.ExplainRequest;
import org.llavalens.analysis.explain.ExplainService;
import org.llavalens.analysis.explain.LiveCase;
import org.llavalens.analysis.explain.ModelInfo;
import org.llavalens.analysis.explain.ColorQaRequest;
import org.llavalens.analysis.explain.TraceFiles;
import org.llavalens.analysis.explain.TraceRequest;
import org.llavalens.client.ApiJson;
import org.llavalens.client.ColorQaJson;
import org.llavalens.client.TraceJson;

/**
 * The model host without its HTTP layer: models loaded once and kept (by the service's pool), jobs
 * queued per model, results cached by what determines them, follow-ups asked of the kept live
 * cases, and jobs whose client stopped asking cancelled.
 */
public final class ModelHost implements AutoCloseable {

    private static final int KEPT_JOBS = 1000;
    private static final int KEPT_TRACES = 4;

    private final ExplainService service;
    private final HostOptions options;
    private final Map<String, ModelInfo> models = new LinkedHashMap<>();
    private final ModelQueues queues;
    private final ResultCache cache;
    private final TraceStore traces = new TraceStore(KEPT_TRACES);
    private final Map<String, Job> jobs = new LinkedHashMap<>();
    private final AtomicLong nextId = new AtomicLong();
    private final Path spool;
    private final ScheduledExecutorService reaper = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "llavalens-host-reaper");
        t.setDaemon(true);
        return t;
    });

    /** Loads every model of {@code service} (so the first job does not wait for it) and starts the queues. */
    public ModelHost(ExplainService service, HostOptions options) throws IOException {
        this.service = service;
        this.options = options;
        for (ModelInfo m : service.models()) {
            models.put(m.id(), m);
        }
        this.queues = new ModelQueues(List.copyOf(models.keySet()), options.queue(), options.concurrency());
        this.cache = new ResultCache(options.liveCases());
        this.spool = Files.createTempDirectory("llavalens-host-images");
        long period = Math.max(100, options.clientTimeout().toMillis() / 4);
        reaper.scheduleWithFixedDelay(this::cancelAbandoned, period, period, TimeUnit.MILLISECONDS);
    }

    public List<ModelInfo> models() {
        return List.copyOf(models.values());
    }

    List<ModelQueues.Depth> queues() {
        return queues.depths();
    }

    Limits limits() {
        return options.limits();
    }

    /** Queues an explanation, or answers it from the cache at once. */
    Job submit(String annotator, ApiJson.JobRequest r) throws IOException {
        ModelInfo model = model(r.model());
        checkText(r.question(), r.context(), r.answerPrefix(), r.target());
        ImageUpload image = image(model, r.image());
        AnalyzerSettings settings;
        try {
            settings = ApiJson.settings(r.settings());
        } catch (IllegalArgumentException | NullPointerException e) {
            throw HostProblem.badRequest("bad settings: " + e.getMessage());
        }
        CaseQuestion q = new CaseQuestion(image == null ? null : image.file(), image == null ? null : image.hash(),
                r.context(), r.question(), r.answerPrefix(), r.target());
        ResultCache.Key key = new ResultCache.Key(model.weightsHash(), q.imageHash(), q.question(), q.context(),
                q.answerPrefix(), q.target(), ApiJson.toJson(ApiJson.wire(settings)));
        Job job = register("explain", model.id(), annotator);
        CachedCase hit = cache.get(key);
        if (hit != null) {
            job.start();
            job.done(hit.resultJson(), hit, true);
            return job;
        }
        ExplainRequest request = new ExplainRequest(model.id(), q, settings);
        enqueue(job, () -> {
            LiveCase live = service.explain(request, job.monitor());
            CachedCase c = new CachedCase(live, ApiJson.toJson(live.explained()));
            cache.put(key, c);
            return c;
        });
        return job;
    }

    /** Queues a three-way comparison on the LLaVA model's queue. */
    Job submitCompare(String annotator, ApiJson.CompareJobRequest r) throws IOException {
        ModelInfo llava = model(r.llava());
        model(r.vicuna());
        checkText(r.question(), r.context(), r.answerPrefix(), r.expectedAnswer(), r.name());
        ImageUpload image = image(llava, r.image());
        CompareTarget target;
        try {
            target = r.target() == null ? CompareTarget.OWN : CompareTarget.valueOf(r.target());
        } catch (IllegalArgumentException e) {
            throw HostProblem.badRequest("'target' is one of OWN, LLAVA_VISUAL, EXPECTED, not " + r.target());
        }
        CaseQuestion q = new CaseQuestion(image.file(), image.hash(), r.context(), r.question(), r.answerPrefix(), null);
        CompareRequest request = new CompareRequest(r.name(), llava.id(), r.vicuna(), q, r.expectedAnswer(), target);
        Job job = register("compare", llava.id(), annotator);
        // a comparison has no live case: its follow-ups are new comparisons
        enqueue(job, () -> new CachedCase(null, ApiJson.toJson(service.compare(request, job.monitor()))));
        return job;
    }

    /** Queues a forward pass to export (trace arrays); its files are kept until fetched or pushed out. */
    Job submitTrace(String annotator, TraceJson.JobRequest r) throws IOException {
        ModelInfo model = model(r.model());
        if (r.prompt() == null || r.prompt().isBlank()) {
            throw HostProblem.badRequest("a trace job needs a 'prompt'");
        }
        checkText(r.prompt());
        ImageUpload image = image(model, r.image());
        TraceRequest request = TraceJson.request(r, image == null ? null : image.file());
        Job job = register("trace", model.id(), annotator);
        enqueue(job, () -> {
            TraceFiles files = service.trace(request, job.monitor());
            traces.put(job.id(), files);
            return new CachedCase(null, ApiJson.toJson(TraceJson.listing(files)));
        });
        return job;
    }

    /**
     * Queues one case of the color experiment on the LLaVA model's queue (it runs the Vicuna model too);
     * a case without a picture runs the text settings only.
     */
    Job submitColorQa(String annotator, ColorQaJson.JobRequest r) throws IOException {
        ModelInfo llava = model(r.llava());
        ModelInfo vicuna = model(r.vicuna());
        if (llava.kind() != ModelInfo.Kind.LLAVA || vicuna.kind() != ModelInfo.Kind.VICUNA) {
            throw HostProblem.badRequest("'llava' names a LLaVA model and 'vicuna' a text-only one (here "
                    + llava.id() + " is " + llava.kind() + ", " + vicuna.id() + " is " + vicuna.kind() + ")");
        }
        // the case's words read (each named when missing) before their length is checked and the picture stored
        ColorQaJson.request(r, null);
        checkText(r.animal(), r.color(), r.otherAnimal(), r.randomColor(), r.randomAnimal(), r.caseId());
        ImageUpload image = r.image() == null ? null : ImageUpload.of(r.image(), options.limits(), spool);
        ColorQaRequest request = ColorQaJson.request(r, image == null ? null : image.file());
        Job job = register("color-qa", llava.id(), annotator);
        enqueue(job, () -> new CachedCase(null, ApiJson.toJson(service.colorQa(request, job.monitor()))));
        return job;
    }

    /** One file of a finished trace job, by name. */
    byte[] traceFile(Job job, String name) {
        result(job);
        return traces.file(job.id(), name);
    }

    private interface Work {
        CachedCase run() throws IOException;
    }

    private void enqueue(Job job, Work work) {
        try {
            job.future(queues.submit(job.model(), () -> run(job, work)));
        } catch (HostProblem busy) {
            forget(job);
            throw busy;
        }
    }

    private static void run(Job job, Work work) {
        if (!job.start()) {
            return;
        }
        try {
            CachedCase c = work.run();
            if (job.cancellation() != null) {
                job.failed(job.cancellation());
            } else {
                job.done(c.resultJson(), c, false);
            }
        } catch (OperationCanceledException e) {
            job.failed(job.cancellation() != null ? job.cancellation() : new HostProblem(409, "cancelled", "cancelled"));
        } catch (ExplainException e) {
            job.failed(problem(e));
        } catch (RuntimeException | IOException | Error e) {
            job.failed(new HostProblem(500, "failed", e.getClass().getSimpleName() + ": " + e.getMessage()));
        }
    }

    /** The status of the service's exceptions: the request was wrong, not the host. */
    static HostProblem problem(ExplainException e) {
        String kind = switch (e) {
            case ExplainException.UnknownModel u -> "unknown-model";
            case ExplainException.BadTarget t -> "bad-target";
            case ExplainException.BadPosition p -> "bad-position";
            case ExplainException.NotAnswerable n -> "not-answerable";
        };
        return new HostProblem(kind.equals("unknown-model") ? 404 : 400, kind, e.getMessage());
    }

    private ModelInfo model(String id) {
        ModelInfo m = id == null ? null : models.get(id);
        if (m == null) {
            throw new HostProblem(404, "unknown-model", "no model '" + id + "' here; the models are " + models.keySet());
        }
        return m;
    }

    private void checkText(String question, String... more) {
        if (question == null || question.isBlank()) {
            throw HostProblem.badRequest("a job needs a 'question'");
        }
        long chars = question.length() + Stream.of(more).mapToLong(s -> s == null ? 0 : s.length()).sum();
        if (chars > options.limits().maxPromptChars()) {
            throw HostProblem.tooLarge("the question, context, answer prefix and target have " + chars
                    + " characters; the host takes at most " + options.limits().maxPromptChars());
        }
    }

    private ImageUpload image(ModelInfo model, String base64) throws IOException {
        boolean llava = model.kind() == ModelInfo.Kind.LLAVA;
        if (llava && (base64 == null || base64.isEmpty())) {
            throw HostProblem.badRequest("model '" + model.id() + "' is LLaVA: the job needs an 'image' (base64)");
        }
        if (!llava && base64 != null) {
            throw HostProblem.badRequest("model '" + model.id() + "' answers about text: send no 'image'");
        }
        return llava ? ImageUpload.of(base64, options.limits(), spool) : null;
    }

    private synchronized Job register(String kind, String model, String annotator) {
        Job job = new Job("j" + nextId.incrementAndGet(), kind, model, annotator);
        jobs.put(job.id(), job);
        if (jobs.size() > KEPT_JOBS) {
            jobs.values().stream().filter(Job::finished).findFirst().ifPresent(old -> jobs.remove(old.id()));
        }
        return job;
    }

    private synchronized void forget(Job job) {
        jobs.remove(job.id());
    }

    /** @throws HostProblem 404 for a job the host does not know (or no longer keeps) */
    synchronized Job job(String id) {
        Job j = jobs.get(id);
        if (j == null) {
            throw HostProblem.notFound("no job '" + id + "' on this host (finished jobs are kept for the last "
                    + KEPT_JOBS + ")");
        }
        return j;
    }

    /** The job's status; asking for it tells the host its client is still there. */
    ApiJson.JobStatus status(Job job) {
        job.seen();
        int ahead;
        synchronized (this) {
            ahead = (int) jobs.values().stream().filter(o -> o.model().equals(job.model()) && o.state() == Job.State.QUEUED
                    && o.submittedNanos() < job.submittedNanos()).count();
        }
        return job.status(ahead);
    }

    /** The result JSON of a finished job. @throws HostProblem its problem, or 409 while it is not finished */
    String result(Job job) {
        job.seen();
        return switch (job.state()) {
            case DONE -> job.resultJson();
            case FAILED, CANCELLED -> throw job.problem();
            default -> throw new HostProblem(409, "not-finished", "job " + job.id() + " is " + job.state().wire()
                    + "; ask GET /jobs/" + job.id() + " until it is done");
        };
    }

    /** Runs {@code question} on the job's live case. @throws HostProblem 410 when the case was evicted */
    <T> T followUp(Job job, Function<LiveCase, T> question) {
        String json = result(job);
        CachedCase c = job.live();
        LiveCase live = c == null || json == null ? null : c.acquire();
        if (live == null) {
            throw new HostProblem(410, "gone", "the live case of job " + job.id()
                    + " is no longer kept (the host keeps " + options.liveCases() + "); submit the job again");
        }
        try {
            return question.apply(live);
        } catch (ExplainException e) {
            throw problem(e);
        } finally {
            c.release();
        }
    }

    void cancel(Job job, String why) {
        job.cancel(why);
    }

    private void cancelAbandoned() {
        long now = System.nanoTime();
        long limit = options.clientTimeout().toNanos();
        List<Job> open;
        synchronized (this) {
            open = jobs.values().stream().filter(j -> !j.finished()).toList();
        }
        for (Job j : open) {
            if (j.unseenNanos(now) > limit) {
                j.cancel("cancelled: its client asked nothing for " + options.clientTimeout().toSeconds()
                        + " s (gone?)");
            }
        }
    }

    /** Jobs by the order they finished, for reports. */
    synchronized List<Job> finishedJobs() {
        return jobs.values().stream().filter(Job::finished).sorted(Comparator.comparingLong(Job::finishedNanos))
                .toList();
    }

    @Override
    public void close() {
        reaper.shutdownNow();
        queues.close();
        cache.clear();
        traces.clear();
        service.close();
        try (Stream<Path> files = Files.list(spool)) {
            for (Path p : files.toList()) {
                Files.deleteIfExists(p);
            }
            Files.deleteIfExists(spool);
        } catch (IOException e) {
            // a leftover temporary folder is harmless; the host is shutting down
        }
    }
}
