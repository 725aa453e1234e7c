package org.llavalens.ui.session;

import java.net.URI;
import java.nio.file.Path;

import org.llavalens.analysis.explain.ComputeChoice;
import org.llavalens.analysis.explain.ExplainService;
import org.llavalens.analysis.explain.LocalExplainService;
import org.llavalens.analysis.explain.ModelCatalog;
import org.llavalens.client.RemoteExplainService;
import org.llavalens.ui.prefs.LensPreferences;

/**
 * The explained-case service the workbench's jobs use, as the model-host preference says: the
 * model folders in this process on the preferences' device and precision, or a model host
 * ({@code ./llavalens serve}) with the annotator's token. The one place the workbench chooses; jobs
 * call it off the UI thread (a host is network).
 */
public final class ExplainServices {

    /** What a service is built from; when the preferences say otherwise, the session builds anew. */
    record Choice(boolean remote, String server, String token, ComputeChoice compute) {
    }

    private ExplainServices() {
    }

    static Choice wanted() {
        return new Choice(isRemote(), LensPreferences.get(LensPreferences.SERVER_URL).strip(),
                LensPreferences.get(LensPreferences.SERVER_TOKEN), LensPreferences.compute());
    }

    /** @throws IllegalArgumentException (one line) if the host preference is not an http(s) URL */
    public static ExplainService create() {
        return create(wanted());
    }

    static ExplainService create(Choice c) {
        if (c.remote()) {
            return new RemoteExplainService(serverUri(c.server()), c.token());
        }
        return LocalExplainService.of(ModelCatalog.anyFolder(), c.compute());
    }

    public static boolean isRemote() {
        return "server".equals(LensPreferences.get(LensPreferences.MODEL_HOST));
    }

    /** How the service names the model of {@code folder}: its path here, its folder's name on a host. */
    public static String modelId(Path folder) {
        return isRemote() ? folder.getFileName().toString() : folder.toAbsolutePath().normalize().toString();
    }

    private static URI serverUri(String url) {
        URI uri = URI.create(url);
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("the model host preference is an http:// or https:// URL, not '" + url
                    + "' (Window > Preferences > LLaVA Lens)");
        }
        return uri;
    }
}
