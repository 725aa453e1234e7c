package org.llavalens.headless.commands;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;

import org.llavalens.analysis.explain.ExplainService;
import org.llavalens.analysis.explain.LocalExplainService;
import org.llavalens.analysis.explain.ModelCatalog;
import org.llavalens.attribution.method.MethodRegistry;
import org.llavalens.client.RemoteExplainService;
import org.llavalens.headless.cli.Arguments;
import org.llavalens.headless.cli.Option;
import org.llavalens.headless.cli.UsageException;

/**
 * {@code --server URL --token T}, read the same way by every command that explains cases: with a
 * server, the model runs on that model host ({@code ./llavalens serve}) and {@code --model} is one
 * of its model ids; without, in this process and {@code --model} is a folder.
 */
public final class ExplainServices {

    /** The environment variable read when {@code --token} is not given (keeps tokens out of shell history). */
    public static final String TOKEN_VARIABLE = "LLAVALENS_TOKEN";

    public static final List<Option> OPTIONS = Option.table("""
            --server URL  run on a model host (./llavalens serve), e.g. http://gpu-box:8765; --model is then one of
                          its model ids
            --token T     the bearer token the host's tokens file gives you (default: $%s)
            """.formatted(TOKEN_VARIABLE));

    private ExplainServices() {
    }


    /** The model host named by {@code --server}, or null when the command runs the model here. */
    public static RemoteExplainService remote(Arguments args) throws UsageException {
        String server = args.get("server", null);
        String token = args.get("token", System.getenv(TOKEN_VARIABLE));
        if (server == null) {
            if (args.has("token")) {
                throw new UsageException("--token is for --server: without a server the model runs here");
            }
            return null;
        }
        try {
            URI uri = new URI(server);
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new UsageException("--server is an http:// or https:// URL, not '" + server + "'");
            }
            return new RemoteExplainService(uri, token);
        } catch (URISyntaxException e) {
            throw new UsageException("--server is an http:// or https:// URL, not '" + server + "'");
        }
    }

    /** The service a command explains with: the model host, or the model folders of this machine. */
    public static ExplainService open(Arguments args, ComputeOptions compute, MethodRegistry registry)
            throws UsageException {
        RemoteExplainService remote = remote(args);
        return remote != null ? remote
                : new LocalExplainService(ModelCatalog.anyFolder(), compute.settings(), registry, 1);
    }
}
