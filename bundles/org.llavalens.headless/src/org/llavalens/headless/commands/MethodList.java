package org.llavalens.headless.commands;

import java.util.ArrayList;
import java.util.List;

import org.llavalens.attribution.method.MethodDescriptor;
import org.llavalens.attribution.method.MethodRegistry;
import org.llavalens.headless.cli.UsageException;

/** A {@code --methods ID,...} option: ids the registry knows, in the order given. */
final class MethodList {

    private MethodList() {
    }

    static List<String> parse(MethodRegistry registry, String list) throws UsageException {
        List<String> known = registry.list().stream().map(MethodDescriptor::id).toList();
        List<String> methods = new ArrayList<>();
        for (String m : list.split(",")) {
            String id = m.trim();
            if (id.isEmpty()) {
                continue;
            }
            if (!known.contains(id)) {
                throw new UsageException("unknown method '" + id + "' (known: " + String.join(", ", known) + ")");
            }
            methods.add(id);
        }
        return methods;
    }
}
