package org.llavalens.headless.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

/** A command's declaration, written as its help, read back into its parts. */
class CommandSpecTest {

    private static final List<Option> SHARED = Option.table("--device D  where it runs");

    @Test
    void aDeclarationReadsAsItsParts() {
        CommandSpec s = CommandSpec.parse("""
                copy: copy a project, with its results
                  and labels
                usage:
                  copy --project DIR --out DIR [--force]
                  copy status --project
                      DIR
                options:
                  --project DIR  the project (also --dir, --folder)
                  --out DIR      where the copy goes; a new folder, never
                                 an existing one
                  --force        replace --out
                details:
                  Copies every file.
                    Results too.
                examples:
                  copy --project a
                      --out b
                """, SHARED);
        assertEquals("copy", s.name());
        assertEquals("copy a project, with its results and labels", s.summary());
        assertEquals(List.of("copy --project DIR --out DIR [--force]", "copy status --project DIR"), s.synopsis());
        assertEquals(List.of(new Option("project", List.of("dir", "folder"), "DIR", "the project"),
                new Option("out", List.of(), "DIR", "where the copy goes; a new folder, never an existing one"),
                new Option("force", List.of(), null, "replace --out"), new Option("device", List.of(), "D",
                        "where it runs")), s.options());
        assertEquals("Copies every file.\n  Results too.", s.details());
        assertEquals(List.of("copy --project a --out b"), s.examples());
    }

    @Test
    void aDeclarationThatDoesNotReadIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> CommandSpec.parse("no summary here"));
        assertThrows(IllegalArgumentException.class, () -> CommandSpec.parse("x: y\nflags:\n  --a  b"));
        assertThrows(IllegalArgumentException.class, () -> Option.table("--out DIR"));
        assertThrows(IllegalArgumentException.class, () -> Option.table("the help before any option"));
        assertThrows(IllegalArgumentException.class, () -> Option.table("--out DIR MORE  help"));
    }
}
