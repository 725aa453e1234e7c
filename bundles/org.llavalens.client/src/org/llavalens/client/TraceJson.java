package org.llavalens.client;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.llavalens.analysis.explain.TraceFiles;
import org.llavalens.analysis.explain.TraceRequest;

/**
 * The wire format of a trace on a model host (API version {@value ApiJson#VERSION}): {@code POST /traces}
 * submits the pass as a job, its result lists the files, and {@code GET /jobs/{id}/trace/NAME} serves
 * each file's bytes (the .npy arrays and trace.json, as {@code ./llavalens trace} writes them).
 */
public final class TraceJson {

    private TraceJson() {
    }

    /**
     * POST /traces: a whole prompt and the picture's bytes in base64 (none for text).
     *
     * @param target the token id to explain, or null for the argmax
     */
    public record JobRequest(String model, String prompt, String image, Boolean padToSquare, Integer target,
            Boolean allLogits) {
    }

    /** A finished trace job's result: the files it wrote, in order, and what the command prints of the pass. */
    public record Listing(List<String> files, int target, double logProb, int positions, TraceFiles.Span imageSpan) {
    }

    /** The request of a trace of a picture file (or none) and a prompt. */
    static JobRequest request(TraceRequest r) throws IOException {
        if (!r.fromFiles()) {
            throw new IllegalArgumentException("a model host traces a picture file and a prompt: give --image and "
                    + "--prompt (token ids and pixel values are traced on a model folder here)");
        }
        return new JobRequest(r.model(), r.prompt(), ApiJson.pictureBytes(r.image()), r.padToSquare(), r.target(),
                r.allLogits());
    }

    /** The request as the service takes it, the picture already stored at {@code image}. */
    public static TraceRequest request(JobRequest r, java.nio.file.Path image) {
        return new TraceRequest(r.model(), image, null, r.prompt(), null, Boolean.TRUE.equals(r.padToSquare()),
                r.target(), Boolean.TRUE.equals(r.allLogits()));
    }

    public static Listing listing(TraceFiles t) {
        return new Listing(List.copyOf(t.files().keySet()), t.target(), t.logProb(), t.positions(), t.imageSpan());
    }

    /** The finished job's files, fetched one request each. */
    static TraceFiles fetch(HostConnection host, String jobId) throws IOException {
        Listing l = ApiJson.fromJson(host.get("/jobs/" + jobId + "/result"), Listing.class);
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (String name : l.files()) {
            files.put(name, host.getBytes("/jobs/" + jobId + "/trace/" + URLEncoder.encode(name, StandardCharsets.UTF_8)));
        }
        return new TraceFiles(files, l.target(), l.logProb(), l.positions(), l.imageSpan());
    }
}
