package org.llavalens.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import javax.imageio.ImageIO;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.llavalens.attribution.HeadAggregation;
import org.llavalens.attribution.HeadId;
import org.llavalens.attribution.Similarity;
import org.llavalens.client.ApiJson;
import org.llavalens.client.ColorQaJson;
import org.llavalens.client.TraceJson;

import com.google.gson.JsonParseException;

/**
 * The HTTP face of a {@link ModelHost}: routes {@value ApiJson#BASE} requests, checks the bearer
 * token and the body limit, and answers every refusal as a {@link ApiJson.Problem} with its status.
 * Paths are matched against fixed words; a job id or a model id is looked up, never used as a path.
 */
final class ApiHandler extends Handler.Abstract {

    private final ModelHost host;
    private final Annotators annotators;
    private final HostLog log;

    ApiHandler(ModelHost host, Annotators annotators, HostLog log) {
        this.host = host;
        this.annotators = annotators;
        this.log = log;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = Request.getPathInContext(request);
        if (!path.startsWith(ApiJson.BASE + "/")) {
            reply(response, callback, new HostProblem(404, "not-found", "the API is under " + ApiJson.BASE
                    + "/ (e.g. GET " + ApiJson.BASE + "/models)"));
            return true;
        }
        try {
            Optional<String> annotator = annotators.annotator(request.getHeaders().get(HttpHeader.AUTHORIZATION));
            if (annotator.isEmpty()) {
                response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer realm=\"llavalens\"");
                throw new HostProblem(401, "unauthorized",
                        "no valid bearer token: send 'Authorization: Bearer TOKEN' with a token of the host's tokens file");
            }
            List<String> parts = List.of(path.substring(ApiJson.BASE.length() + 1).split("/", -1));
            route(request, response, callback, annotator.get(), parts);
        } catch (HostProblem p) {
            reply(response, callback, p);
        } catch (JsonParseException | IllegalStateException e) {
            reply(response, callback, HostProblem.badRequest("malformed JSON: " + firstLine(e.getMessage())));
        } catch (IllegalArgumentException e) {
            reply(response, callback, HostProblem.badRequest(firstLine(e.getMessage())));
        } catch (Exception e) {
            reply(response, callback, new HostProblem(500, "failed", e.getClass().getSimpleName() + ": "
                    + firstLine(e.getMessage())));
        }
        return true;
    }

    private void route(Request request, Response response, Callback callback, String annotator, List<String> p)
            throws IOException {
        String method = request.getMethod();
        String first = p.get(0);
        if (p.size() == 1 && method.equals("GET") && first.equals("models")) {
            json(response, callback, ApiJson.toJson(new ApiJson.Models(ApiJson.VERSION, host.models())));
        } else if (p.size() == 1 && method.equals("GET") && first.equals("queues")) {
            json(response, callback, ApiJson.toJson(host.queues()));
        } else if (p.size() == 1 && method.equals("POST") && first.equals("jobs")) {
            accepted(response, callback, host.submit(annotator, ApiJson.fromJson(body(request),
                    ApiJson.JobRequest.class)));
        } else if (p.size() == 1 && method.equals("POST") && first.equals("compares")) {
            accepted(response, callback, host.submitCompare(annotator, ApiJson.fromJson(body(request),
                    ApiJson.CompareJobRequest.class)));
        } else if (p.size() == 1 && method.equals("POST") && first.equals("traces")) {
            accepted(response, callback, host.submitTrace(annotator, ApiJson.fromJson(body(request),
                    TraceJson.JobRequest.class)));
        } else if (p.size() == 1 && method.equals("POST") && first.equals("color-qa")) {
            accepted(response, callback, host.submitColorQa(annotator, ApiJson.fromJson(body(request),
                    ColorQaJson.JobRequest.class)));
        } else if (p.size() >= 2 && first.equals("jobs")) {
            job(request, response, callback, host.job(p.get(1)), p.subList(2, p.size()));
        } else {
            throw HostProblem.notFound("no " + method + " " + ApiJson.BASE + "/" + String.join("/", p)
                    + " (see docs/server.md)");
        }
    }

    /** 202 with the status of a job just submitted (logged). */
    private void accepted(Response response, Callback callback, Job job) {
        log.submitted(job);
        response.setStatus(202);
        json(response, callback, ApiJson.toJson(host.status(job)));
    }

    private void job(Request request, Response response, Callback callback, Job job, List<String> rest)
            throws IOException {
        String method = request.getMethod();
        String what = rest.isEmpty() ? "" : rest.get(0);
        Fields query = Request.extractQueryParameters(request);
        if (rest.isEmpty() && method.equals("GET")) {
            json(response, callback, ApiJson.toJson(host.status(job)));
        } else if (rest.isEmpty() && method.equals("DELETE")) {
            host.cancel(job, "cancelled by " + job.annotator());
            json(response, callback, ApiJson.toJson(host.status(job)));
        } else if (rest.size() == 1 && method.equals("GET") && what.equals("result")) {
            json(response, callback, host.result(job));
        } else if (rest.size() == 1 && method.equals("GET") && what.equals("crop.png")) {
            byte[] png = host.followUp(job, live -> live.crop().map(ApiHandler::png).orElseThrow(
                    () -> HostProblem.notFound("job " + job.id() + " explains a text-only case: it has no crop")));
            bytes(response, callback, "image/png", png);
        } else if (rest.size() == 1 && method.equals("POST") && what.equals("map")) {
            ApiJson.MapRequest m = ApiJson.fromJson(body(request), ApiJson.MapRequest.class);
            HeadAggregation heads = HeadAggregation.parse(m.heads() == null ? "top1" : m.heads());
            json(response, callback, host.followUp(job, live -> ApiJson.mapToJson(live.map(heads,
                    new NullProgressMonitor()))));
        } else if (rest.size() == 2 && method.equals("GET") && what.equals("positions")) {
            int j = integer(rest.get(1), "position");
            json(response, callback, host.followUp(job, live -> ApiJson.toJson(live.position(j,
                    new NullProgressMonitor()))));
        } else if (rest.size() == 2 && method.equals("GET") && what.equals("patches")) {
            int patch = integer(rest.get(1), "patch");
            String head = query.getValue("head");
            HeadId h = head == null || head.isBlank() ? null : HeadId.parse(head);
            json(response, callback, host.followUp(job, live -> ApiJson.toJson(live.patch(patch, h,
                    new NullProgressMonitor()))));
        } else if (rest.size() == 1 && method.equals("GET") && what.equals("next-tokens")) {
            json(response, callback, host.followUp(job, live -> ApiJson.toJson(live.nextTokens(
                    new NullProgressMonitor()))));
        } else if (rest.size() == 1 && method.equals("GET") && what.equals("embedding")) {
            String s = query.getValue("similarity");
            Similarity similarity = Similarity.parse(s == null ? "dot" : s);
            json(response, callback, host.followUp(job, live -> ApiJson.toJson(live.embedding(similarity,
                    new NullProgressMonitor()))));
        } else if (rest.size() == 2 && method.equals("GET") && what.equals("trace")) {
            bytes(response, callback, "application/octet-stream", host.traceFile(job, rest.get(1)));
        } else if (rest.size() == 3 && method.equals("GET") && what.equals("arrays")) {
            String name = rest.get(2);
            if (!name.endsWith(".npy")) {
                throw HostProblem.notFound("arrays are served as NAME.npy");
            }
            byte[] npy = host.followUp(job, live -> RecordArrays.npy(live.explained().record(), rest.get(1),
                    name.substring(0, name.length() - 4)));
            bytes(response, callback, "application/octet-stream", npy);
        } else {
            throw HostProblem.notFound("no " + method + " /jobs/" + job.id() + "/" + String.join("/", rest)
                    + " (see docs/server.md)");
        }
    }

    private static int integer(String text, String what) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw HostProblem.badRequest("the " + what + " is a number, not '" + text + "'");
        }
    }

    private static byte[] png(java.awt.image.BufferedImage image) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(image, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The request body, refused with 413 beyond the host's limit before it is all read. */
    private String body(Request request) throws IOException {
        long limit = host.limits().maxBodyBytes();
        if (request.getLength() > limit) {
            throw HostProblem.tooLarge("the body has " + request.getLength() + " bytes; the host takes at most " + limit);
        }
        try (InputStream in = Content.Source.asInputStream(request)) {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
            if (bytes.length > limit) {
                throw HostProblem.tooLarge("the body is larger than the host's limit of " + limit + " bytes");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    private static void json(Response response, Callback callback, String json) {
        bytes(response, callback, "application/json; charset=utf-8", json.getBytes(StandardCharsets.UTF_8));
    }

    private static void bytes(Response response, Callback callback, String type, byte[] body) {
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    private void reply(Response response, Callback callback, HostProblem p) {
        log.refused(p);
        response.setStatus(p.status());
        if (p.retryAfterSeconds() > 0) {
            response.getHeaders().put(HttpHeader.RETRY_AFTER, p.retryAfterSeconds());
        }
        json(response, callback, ApiJson.toJson(p.body()));
    }

    private static String firstLine(String message) {
        return message == null ? "(no detail)" : message.lines().findFirst().orElse("");
    }
}
