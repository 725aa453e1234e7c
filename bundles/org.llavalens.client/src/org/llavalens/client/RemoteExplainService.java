package org.llavalens.client;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.SubMonitor;
import org.llavalens.analysis.experiment.CaseMeasures;
import org.llavalens.analysis.explain.CaseQuestion;
import org.llavalens.analysis.explain.ColorQaRequest;
import org.llavalens.analysis.explain.CompareRequest;
import org.llavalens.analysis.explain.Comparison;
import org.llavalens.analysis.explain.ExplainRequest;
import org.llavalens.analysis.explain.ExplainService;
import org.llavalens.analysis.explain.ExplainedCase;
import org.llavalens.analysis.explain.LiveCase;
import org.llavalens.analysis.explain.ModelInfo;
import org.llavalens.analysis.explain.TraceFiles;
import org.llavalens.analysis.explain.TraceRequest;

/**
 * The explained-case service of a model host ({@code ./llavalens serve}): the same records as a local
 * service, the model run on the host. A job is submitted, its status polled (which also tells the
 * host the client is still there: a job nobody polls is cancelled), its result fetched; cancelling
 * the monitor cancels the job on the host. A job the host refuses because its model's queue is full
 * (429) is submitted again after the host's Retry-After, until {@link #DEFAULT_BUSY_WAIT} (or the
 * wait {@link #waitingWhenBusy} sets) has passed: a teammate's batch filling the queue slows a case
 * down instead of failing it.
 */
public final class RemoteExplainService implements ExplainService {

    /** How long a submission waits for room in a full queue unless told otherwise. */
    public static final Duration DEFAULT_BUSY_WAIT = Duration.ofMinutes(30);

    private static final long POLL_MILLIS = 100;
    private final HostConnection host;
    private final Duration busyWait;

    /**
     * A client of {@code server} that trusts the certificates {@value HostTrust#ENV} names (if any).
     *
     * @param token the bearer token the host's tokens file gives this annotator, or null for an open host
     */
    public RemoteExplainService(URI server, String token) {
        this(server, token, HostTrust.fromEnvironment());
    }

    /**
     * @param trust the certificates an HTTPS host may present (a file that holds none is the first
     *              request's IOException)
     */
    public RemoteExplainService(URI server, String token, HostTrust trust) {
        this(new HostConnection(server, token, trust), DEFAULT_BUSY_WAIT);
    }

    private RemoteExplainService(HostConnection host, Duration busyWait) {
        this.host = host;
        this.busyWait = busyWait;
    }

    /**
     * This client, its submissions waiting at most {@code longest} for room in a full queue
     * ({@link Duration#ZERO}: a full queue is the caller's {@link HostBusyException} at once).
     */
    public RemoteExplainService waitingWhenBusy(Duration longest) {
        return new RemoteExplainService(host, longest);
    }

    /** The API root, e.g. {@code http://gpu-box:8765/api/v1}, for messages. */
    public String server() {
        return host.server();
    }

    @Override
    public List<ModelInfo> models() throws IOException {
        return ApiJson.fromJson(host.quickGet("/models"), ApiJson.Models.class).models();
    }

    @Override
    public LiveCase explain(ExplainRequest request, IProgressMonitor monitor) throws IOException {
        CaseQuestion q = request.question();
        ApiJson.JobRequest job = ApiJson.job(request.model(), q, ApiJson.pictureBytes(q.image()), request.settings());
        ApiJson.JobStatus done = await(submit("/jobs", ApiJson.toJson(job), monitor), monitor);
        ExplainedCase explained = ApiJson.fromJson(host.get("/jobs/" + done.id() + "/result"), ExplainedCase.class);
        return new RemoteLiveCase(host, done.id(), explained,
                explained.provenance().imageHash() == null ? null : host.getBytes("/jobs/" + done.id() + "/crop.png"));
    }

    @Override
    public Comparison compare(CompareRequest request, IProgressMonitor monitor) throws IOException {
        CaseQuestion q = request.question();
        ApiJson.CompareJobRequest job = new ApiJson.CompareJobRequest(request.llava(), request.vicuna(), q.question(),
                q.context(), q.answerPrefix(), ApiJson.pictureBytes(q.image()), request.expectedAnswer(), request.target().name(),
                request.name());
        ApiJson.JobStatus done = await(submit("/compares", ApiJson.toJson(job), monitor), monitor);
        return ApiJson.fromJson(host.get("/jobs/" + done.id() + "/result"), Comparison.class);
    }

    /** The pass runs on the host; its files come back one request each. */
    @Override
    public TraceFiles trace(TraceRequest request, IProgressMonitor monitor) throws IOException {
        ApiJson.JobStatus done = await(submit("/traces", ApiJson.toJson(TraceJson.request(request)), monitor), monitor);
        return TraceJson.fetch(host, done.id());
    }

    /** The case runs on the host (both models there); its measures come back as JSON. */
    @Override
    public CaseMeasures colorQa(ColorQaRequest request, IProgressMonitor monitor) throws IOException {
        ApiJson.JobStatus done = await(submit("/color-qa", ApiJson.toJson(ColorQaJson.request(request)), monitor), monitor);
        return ApiJson.fromJson(host.get("/jobs/" + done.id() + "/result"), CaseMeasures.class);
    }

    /**
     * Posts a job; a full queue is asked again after its Retry-After while the busy wait lasts, the
     * monitor told why it waits and able to stop the waiting.
     */
    private String submit(String path, String json, IProgressMonitor monitor) throws IOException {
        IProgressMonitor m = monitor == null ? new NullProgressMonitor() : monitor;
        long giveUp = System.nanoTime() + busyWait.toNanos();
        while (true) {
            try {
                return host.post(path, json);
            } catch (HostBusyException e) {
                long pause = Math.max(1, e.retryAfterSeconds()) * 1000;
                if (System.nanoTime() + pause * 1_000_000 > giveUp) {
                    throw e;
                }
                m.subTask(e.getMessage() + "; asking again in " + pause / 1000 + " s");
                pauseUnlessCanceled(pause, m);
            }
        }
    }

    private void pauseUnlessCanceled(long millis, IProgressMonitor monitor) throws IOException {
        long end = System.nanoTime() + millis * 1_000_000;
        while (System.nanoTime() < end) {
            if (monitor.isCanceled()) {
                throw new OperationCanceledException();
            }
            try {
                Thread.sleep(Math.min(POLL_MILLIS, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while waiting for " + host.server());
            }
        }
    }

    /** Polls the job until it ends, reporting its progress; a cancelled monitor cancels the job. */
    private ApiJson.JobStatus await(String submitted, IProgressMonitor monitor) throws IOException {
        ApiJson.JobStatus status = ApiJson.fromJson(submitted, ApiJson.JobStatus.class);
        SubMonitor sub = SubMonitor.convert(monitor, "Explaining on " + host.server(), 1000);
        int reported = 0;
        while (!status.finished()) {
            try {
                pauseUnlessCanceled(POLL_MILLIS, sub);
            } catch (OperationCanceledException | java.io.InterruptedIOException e) {
                host.delete("/jobs/" + status.id());
                throw e;
            }
            status = ApiJson.fromJson(host.quickGet("/jobs/" + status.id()), ApiJson.JobStatus.class);
            sub.subTask(status.state().equals("queued") ? status.queuePosition() + " jobs ahead on the host"
                    : status.task() == null ? status.state() : status.task());
            int now = (int) Math.round(status.progress() * 1000);
            if (now > reported) {
                sub.worked(now - reported);
                reported = now;
            }
        }
        // a failed job's result is its problem: the host answers it as the service's exception
        return status;
    }

    /** Nothing to release here: the host keeps live cases in its cache and closes them itself. */
    @Override
    public void close() {
        // the HTTP client's connections close with it; no job of ours outlives its await
    }
}
