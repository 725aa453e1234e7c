package org.llavalens.ui.prefs;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.core.runtime.IConfigurationElement;
import org.eclipse.core.runtime.Platform;

/**
 * The attribution methods installed, read from the extension point (labels and ids only; nothing
 * is instantiated), for choosers. Plug-in methods appear here as soon as they are installed.
 */
public final class MethodChoices {

    public static final String EXTENSION_POINT = "org.llavalens.attribution.methods";

    private MethodChoices() {
    }

    /** {label, id} pairs; at least the current default so a chooser is never empty. */
    public static String[][] entries() {
        List<String[]> out = new ArrayList<>();
        if (Platform.getExtensionRegistry() != null) {
            for (IConfigurationElement e : Platform.getExtensionRegistry().getConfigurationElementsFor(EXTENSION_POINT)) {
                String id = e.getAttribute("id");
                if ("method".equals(e.getName()) && id != null) {
                    String label = e.getAttribute("label");
                    out.add(new String[] { label == null ? id : label, id });
                }
            }
        }
        if (out.isEmpty()) {
            String id = LensPreferences.store().getDefaultString(LensPreferences.METHOD);
            out.add(new String[] { id, id });
        }
        return out.toArray(String[][]::new);
    }
}
