package org.llavalens.client;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.util.Base64;
import java.util.List;

import org.eclipse.core.runtime.IProgressMonitor;
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
 * the monitor cancels the job on the host.
 */
public final class RemoteExplainService implements ExplainService {

    private static final long POLL_MILLIS = 100;
    private final HostConnection host;

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
        this.host = new HostConnection(server, token, trust);
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
        ApiJson.JobRequest job = ApiJson.job(request.model(), q, image(q), request.settings());
        ApiJson.JobStatus done = await(host.post("/jobs", ApiJson.toJson(job)), monitor);
        ExplainedCase explained = ApiJson.fromJson(host.get("/jobs/" + done.id() + "/result"), ExplainedCase.class);
        return new RemoteLiveCase(host, done.id(), explained,
                explained.provenance().imageHash() == null ? null : host.getBytes("/jobs/" + done.id() + "/crop.png"));
    }

    @Override
    public Comparison compare(CompareRequest request, IProgressMonitor monitor) throws IOException {
        CaseQuestion q = request.question();
        ApiJson.CompareJobRequest job = new ApiJson.CompareJobRequest(request.llava(), request.vicuna(), q.question(),
                q.context(), q.answerPrefix(), image(q), request.expectedAnswer(), request.target().name(),
                request.name());
        ApiJson.JobStatus done = await(host.post("/compares", ApiJson.toJson(job)), monitor);
        return ApiJson.fromJson(host.get("/jobs/" + done.id() + "/result"), Comparison.class);
    }

    /** The pass runs on the host; its files come back one request each. */
    @Override
    public TraceFiles trace(TraceRequest request, IProgressMonitor monitor) throws IOException {
        ApiJson.JobStatus done = await(host.post("/traces", ApiJson.toJson(TraceJson.request(request))), monitor);
        return TraceJson.fetch(host, done.id());
    }

    /** The case runs on the host (both models there); its measures come back as JSON. */
    @Override
    public CaseMeasures colorQa(ColorQaRequest request, IProgressMonitor monitor) throws IOException {
        ApiJson.JobStatus done = await(host.post("/color-qa", ApiJson.toJson(ColorQaJson.request(request))), monitor);
        return ApiJson.fromJson(host.get("/jobs/" + done.id() + "/result"), CaseMeasures.class);
    }

    private static String image(CaseQuestion q) throws IOException {
        return q.image() == null ? null : Base64.getEncoder().encodeToString(Files.readAllBytes(q.image()));
    }

    /** Polls the job until it ends, reporting its progress; a cancelled monitor cancels the job. */
    private ApiJson.JobStatus await(String submitted, IProgressMonitor monitor) throws IOException {
        ApiJson.JobStatus status = ApiJson.fromJson(submitted, ApiJson.JobStatus.class);
        SubMonitor sub = SubMonitor.convert(monitor, "Explaining on " + host.server(), 1000);
        int reported = 0;
        while (!status.finished()) {
            if (sub.isCanceled()) {
                host.delete("/jobs/" + status.id());
                throw new OperationCanceledException();
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                host.delete("/jobs/" + status.id());
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while waiting for job " + status.id());
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
