package org.llavalens.annotation.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Turns the relative paths stored in a project (images, result files, heatmaps) into files, refusing
 * anything that would leave the project folder: absolute paths, {@code ..}, and symbolic links that
 * point outside. A hand-edited or hostile project must not make the workbench read other files.
 */
public final class ProjectPaths {

    private final Path root;
    private final Path realRoot;

    public ProjectPaths(Path root) throws IOException {
        this.root = root.toAbsolutePath().normalize();
        this.realRoot = this.root.toRealPath();
    }

    public Path root() {
        return root;
    }

    /** The file a stored relative path names; it need not exist, but if it does it must be inside. */
    public Path resolve(String relative) throws IOException {
        return inside(root, realRoot, relative);
    }

    /** Same check against any folder, e.g. the images folder of an import. */
    public static Path inside(Path folder, String relative) throws IOException {
        Path base = folder.toAbsolutePath().normalize();
        return inside(base, base.toRealPath(), relative);
    }

    private static Path inside(Path base, Path realBase, String relative) throws IOException {
        if (relative == null || relative.isBlank()) {
            throw new IOException("empty path");
        }
        String r = relative.replace('\\', '/');
        if (r.startsWith("/") || r.matches("^[A-Za-z]:.*") || r.contains("\0")) {
            throw new IOException("path must be relative to " + base + ": " + relative);
        }
        for (String part : r.split("/")) {
            if (part.equals("..")) {
                throw new IOException("path leaves " + base + ": " + relative);
            }
        }
        Path p = base.resolve(r).normalize();
        if (!p.startsWith(base)) {
            throw new IOException("path leaves " + base + ": " + relative);
        }
        Path existing = p;
        while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            existing = existing.getParent();
        }
        if (existing != null && existing.startsWith(base)) {
            Path real = existing.toRealPath();
            if (!real.startsWith(realBase)) {
                throw new IOException("path leaves " + base + " through a symbolic link: " + relative);
            }
        }
        return p;
    }

    /** The stored form of a file inside the root: relative, with '/' separators. */
    public String relativize(Path file) throws IOException {
        Path p = file.toAbsolutePath().normalize();
        if (!p.startsWith(root)) {
            throw new IOException(file + " is not inside the project " + root);
        }
        return root.relativize(p).toString().replace('\\', '/');
    }

    /** The sheet file name of a person: one that any file system accepts and that cannot leave the folder. */
    public static String sheetFileName(String person) {
        StringBuilder b = new StringBuilder();
        for (byte c : person.getBytes(StandardCharsets.UTF_8)) {
            int ch = c & 0xff;
            if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '-'
                    || ch == '_' || (ch == '.' && b.length() > 0)) {
                b.append((char) ch);
            } else {
                b.append('%').append(String.format("%02X", ch));
            }
        }
        return b + ".xmi";
    }
}
