package org.llavalens.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Who may use the host: the tokens file, one annotator per line ({@code TOKEN NAME...}; blank lines
 * and {@code #} comments skipped). A request's bearer token names the annotator recorded with its jobs.
 */
final class Annotators {

    private final Map<String, String> nameByToken;

    private Annotators(Map<String, String> nameByToken) {
        this.nameByToken = Map.copyOf(nameByToken);
    }

    /** Everyone is let in, as {@code anonymous} (a host without a tokens file, on 127.0.0.1). */
    static Annotators open() {
        return new Annotators(Map.of());
    }

    /** @throws IOException naming the line that is not {@code TOKEN NAME} */
    static Annotators read(Path file) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        int n = 0;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            n++;
            String s = line.strip();
            if (s.isEmpty() || s.startsWith("#")) {
                continue;
            }
            String[] parts = s.split("\\s+", 2);
            if (parts.length < 2 || parts[0].length() < 8) {
                throw new IOException(file + " line " + n + ": expected 'TOKEN NAME' with a token of 8 or more characters");
            }
            if (out.putIfAbsent(parts[0], parts[1].strip()) != null) {
                throw new IOException(file + " line " + n + ": the token is given twice");
            }
        }
        if (out.isEmpty()) {
            throw new IOException(file + " has no 'TOKEN NAME' line: nobody could use the host");
        }
        return new Annotators(out);
    }

    boolean isOpen() {
        return nameByToken.isEmpty();
    }

    /** The annotator an {@code Authorization} header names, if its bearer token is known (compared in constant time). */
    Optional<String> annotator(String authorization) {
        if (isOpen()) {
            return Optional.of("anonymous");
        }
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        byte[] given = authorization.substring(7).strip().getBytes(StandardCharsets.UTF_8);
        String found = null;
        for (Map.Entry<String, String> e : nameByToken.entrySet()) {
            if (MessageDigest.isEqual(given, e.getKey().getBytes(StandardCharsets.UTF_8))) {
                found = e.getValue();
            }
        }
        return Optional.ofNullable(found);
    }
}
