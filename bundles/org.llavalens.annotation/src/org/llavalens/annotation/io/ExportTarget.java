package org.llavalens.annotation.io;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.llavalens.annotation.AnnotationProject;

/**
 * Where an export may be written: never over one of the project's own files (the project file, a
 * sheet, a backup, an image, a result), neither by name nor through a symbolic or hard link to one;
 * an export that replaced {@code project.xmi} would leave a project nobody can open.
 */
public final class ExportTarget {

    private ExportTarget() {
    }

    /** Throws a one-line error when {@code out} is, or links to, a file of {@code project}. */
    public static void check(AnnotationProject project, Path out) throws IOException {
        Path root = project.directory().toRealPath();
        Path target = out.toAbsolutePath().normalize();
        Path real = Files.exists(target) ? target.toRealPath()
                : realParent(target).resolve(target.getFileName().toString());
        if (Files.isDirectory(real)) {
            throw new IOException("export target " + out + " is a folder; name a file");
        }
        if (real.startsWith(root)) {
            Path inside = root.relativize(real);
            String first = inside.getName(0).toString();
            if (inside.getNameCount() > 1 ? List.of(AnnotationProject.SHEETS_DIR, AnnotationProject.IMAGES_DIR,
                    AnnotationProject.RESULTS_DIR).contains(first)
                    : first.startsWith(AnnotationProject.PROJECT_FILE) || first.startsWith(".")) {
                throw refused(out, inside.toString());
            }
        }
        if (Files.exists(target)) {
            // a hard link has no target to follow: compare it with the project's own files
            for (Path own : ownFiles(root)) {
                if (Files.isSameFile(real, own)) {
                    throw refused(out, root.relativize(own).toString());
                }
            }
        }
    }

    private static IOException refused(Path out, String own) {
        return new IOException("refusing to export to " + out + ": it is the project's own file " + own);
    }

    private static Path realParent(Path target) throws IOException {
        Path parent = target.getParent();
        List<Path> missing = new ArrayList<>();
        while (parent != null && !Files.exists(parent)) {
            missing.add(0, parent.getFileName());
            parent = parent.getParent();
        }
        Path real = parent == null ? Path.of("/") : parent.toRealPath();
        for (Path m : missing) {
            real = real.resolve(m.toString());
        }
        return real;
    }

    private static List<Path> ownFiles(Path root) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path folder : List.of(root, root.resolve(AnnotationProject.SHEETS_DIR))) {
            if (!Files.isDirectory(folder)) {
                continue;
            }
            try (DirectoryStream<Path> s = Files.newDirectoryStream(folder)) {
                for (Path f : s) {
                    if (Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
                        files.add(f);
                    }
                }
            }
        }
        return files;
    }
}
