package org.llavalens.annotation.tests;

import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.eclipse.core.runtime.FileLocator;

/**
 * Starts {@link SaveWorker} in a separate JVM with a plain class path built from where the OSGi
 * framework loaded the classes it needs (bundle folders or jars), so a test can kill it with
 * SIGKILL.
 */
final class ChildJvm {

    private ChildJvm() {
    }

    /** Class path roots of the classes the worker touches: this fragment, its host, EMF. */
    static String classPath() throws IOException {
        Set<String> roots = new LinkedHashSet<>();
        for (Class<?> c : List.of(SaveWorker.class, org.llavalens.annotation.AnnotationProject.class,
                org.llavalens.annotation.model.AnnotationPackage.class,
                org.eclipse.emf.ecore.EObject.class, org.eclipse.emf.common.util.URI.class,
                org.eclipse.emf.ecore.xmi.XMIResource.class, org.eclipse.emf.edit.domain.EditingDomain.class,
                org.eclipse.core.runtime.IProgressMonitor.class)) {
            roots.add(root(c));
        }
        return String.join(File.pathSeparator, roots);
    }

    private static String root(Class<?> c) throws IOException {
        String entry = c.getName().replace('.', '/') + ".class";
        URL url = c.getClassLoader() == null ? null : c.getClassLoader().getResource(entry);
        if (url == null) {
            throw new IOException("cannot find " + entry);
        }
        String s = FileLocator.resolve(url).toString();
        if (s.startsWith("jar:file:")) {
            return Path.of(java.net.URI.create(s.substring(4, s.indexOf("!/")))).toString();
        }
        if (s.startsWith("file:") && s.endsWith(entry)) {
            return Path.of(java.net.URI.create(s.substring(0, s.length() - entry.length()))).toString();
        }
        throw new IOException("cannot turn " + s + " into a class path entry");
    }

    static Process start(String... args) throws IOException {
        return new ProcessBuilder(command(args)).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    /** As {@link #start}, in a shell that sets {@code umask} first (the mode new files get). */
    static Process startWithUmask(String umask, String... args) throws IOException {
        StringBuilder line = new StringBuilder("umask " + umask + " && exec");
        for (String part : command(args)) {
            line.append(" '").append(part.replace("'", "'\\''")).append('\'');
        }
        return new ProcessBuilder("/bin/sh", "-c", line.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    private static List<String> command(String... args) throws IOException {
        String java = ProcessHandle.current().info().command().orElse(
                Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", classPath(),
                SaveWorker.class.getName()));
        cmd.addAll(List.of(args));
        return cmd;
    }
}
