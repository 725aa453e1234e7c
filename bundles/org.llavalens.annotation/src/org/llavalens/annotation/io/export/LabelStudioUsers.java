package org.llavalens.annotation.io.export;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.llavalens.annotation.io.Json;
import org.llavalens.annotation.store.AtomicFiles;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

/**
 * Which Label Studio user each annotator is: a JSON file the team edits so exported labels land on
 * the right accounts ({@code completed_by}) and imported ones come back to the right annotator.
 * Label Studio resolves an imported {@code completed_by} by the member's email (or by id, which differs
 * between Label Studio instances), and writes the numeric id into its own exports; so each entry
 * holds both, and an export adds a placeholder entry for every new annotator.
 */
public record LabelStudioUsers(List<User> users) {

    /** The file's name when it lives in the project folder (the default). */
    public static final String FILE = "labelstudio-users.json";

    /** A placeholder address: Label Studio refuses it until someone writes the real one. */
    static final String PLACEHOLDER_DOMAIN = "@annotators.invalid";

    /**
     * @param annotator the LLaVA Lens annotator name
     * @param email     the Label Studio account's email
     * @param id        the account's number in Label Studio (null until known)
     */
    public record User(String annotator, String email, Integer id) {
    }

    private record FileBody(String about, List<User> users) {
    }

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().serializeNulls()
            .create();

    public LabelStudioUsers {
        users = List.copyOf(users);
    }

    public static LabelStudioUsers read(Path file) throws IOException {
        if (!Files.exists(file)) {
            return new LabelStudioUsers(List.of());
        }
        try {
            JsonElement e = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8));
            FileBody body = GSON.fromJson(e, FileBody.class);
            if (body == null || body.users() == null) {
                throw new IOException(file.getFileName() + ": expected {\"users\": [...]}");
            }
            for (User u : body.users()) {
                if (u == null || u.annotator() == null || u.annotator().isBlank()) {
                    throw new IOException(file.getFileName() + ": every user needs an \"annotator\"");
                }
            }
            return new LabelStudioUsers(body.users());
        } catch (JsonParseException | IllegalStateException e) {
            throw new IOException(file.getFileName() + " is not a user mapping: " + Json.oneLine(e), e);
        }
    }

    public void write(Path file) throws IOException {
        FileBody body = new FileBody("LLaVA Lens annotator -> Label Studio user. Replace each email with the "
                + "Label Studio account's email (and id with its number) before importing into Label Studio.", users);
        AtomicFiles.write(file, (GSON.toJson(body) + "\n").getBytes(StandardCharsets.UTF_8), false);
    }

    /** This mapping with a placeholder entry for each annotator it lacks. */
    public LabelStudioUsers with(Collection<String> annotators) {
        List<User> all = new ArrayList<>(users);
        for (String a : annotators) {
            if (byAnnotator(a).isEmpty()) {
                String local = a.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]+", ".");
                all.add(new User(a, local + PLACEHOLDER_DOMAIN, null));
            }
        }
        return new LabelStudioUsers(all);
    }

    public Optional<User> byAnnotator(String annotator) {
        return users.stream().filter(u -> u.annotator().equals(annotator)).findFirst();
    }

    public Optional<User> byEmail(String email) {
        return users.stream().filter(u -> u.email() != null && u.email().equalsIgnoreCase(email)).findFirst();
    }

    public Optional<User> byId(int id) {
        return users.stream().filter(u -> u.id() != null && u.id() == id).findFirst();
    }
}
