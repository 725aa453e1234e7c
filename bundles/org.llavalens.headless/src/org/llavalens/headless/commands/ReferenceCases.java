package org.llavalens.headless.commands;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Path;
import java.util.List;

import org.eclipse.core.runtime.FileLocator;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;

/**
 * The Hugging Face reference cases shipped in this bundle ({@code reference/a}, {@code b}, {@code d}):
 * what {@code selfcheck} and the benchmark's fidelity figures run. Extracted to a folder by the
 * framework when the bundle is a jar (weights are memory-mapped, so they must be files).
 */
public final class ReferenceCases {

    /** The case selfcheck runs: the tiny LLaVA of fixture a (vision tower, projector, decoder). */
    public static final String SELFCHECK = "a";

    public static final List<String> ALL = List.of("a", "b", "d");

    private ReferenceCases() {
    }

    public static Path folder(String name) {
        Bundle bundle = FrameworkUtil.getBundle(ReferenceCases.class);
        URL entry = bundle == null ? null : bundle.getEntry("reference/" + name + "/");
        if (entry == null) {
            throw new IllegalStateException("reference case '" + name + "' is not in the installation");
        }
        try {
            // getPath, not toURI: the framework's file URLs are not escaped
            return Path.of(FileLocator.toFileURL(entry).getPath());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read reference case '" + name + "' (" + e.getMessage() + ")", e);
        }
    }
}
