package org.llavalens.annotation.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.llavalens.annotation.AnnotationProject;
import org.llavalens.annotation.model.AnnotationFactory;
import org.llavalens.annotation.model.Case;
import org.llavalens.annotation.model.ResultLink;
import org.llavalens.annotation.store.ProjectPaths;

class SecurityTest {

    @TempDir
    Path tmp;

    private Path project() throws IOException {
        Path dir = tmp.resolve("p");
        Fixtures.project(dir, 2).close();
        return dir;
    }

    /** The sheet a hostile file was meant to be: refused (set aside, named in a note), the rest opened. */
    private static String refusedSheet(Path dir) throws IOException {
        try (AnnotationProject p = AnnotationProject.open(dir)) {
            assertTrue(p.sheets().stream().noneMatch(s -> "mallory".equals(s.getPerson())));
            String note = p.recoveryNotes().stream().filter(n -> n.contains("mallory.xmi")).findFirst().orElse("");
            assertTrue(note.contains("set aside"), p.recoveryNotes().toString());
            return note;
        }
    }

    /** An XXE payload in a sheet must not be expanded: the file is rejected (and nothing else read). */
    @Test
    void externalEntitiesAreNeverResolved() throws Exception {
        Path dir = project();
        Path secret = tmp.resolve("secret.txt");
        Files.writeString(secret, "TOP-SECRET");
        Files.writeString(dir.resolve("sheets/mallory.xmi"), """
                <?xml version="1.0" encoding="UTF-8"?>
                <!DOCTYPE x [ <!ENTITY leak SYSTEM "%s"> ]>
                <annotation:Sheet xmi:version="2.0" xmlns:xmi="http://www.omg.org/XMI"
                    xmlns:annotation="http://llavalens.org/annotation/1.0" person="&leak;"/>
                """.formatted(secret.toUri()));
        assertFalse(refusedSheet(dir).contains("TOP-SECRET"));
    }

    /** A billion-laughs style DTD is refused the same way (no DOCTYPE at all is accepted). */
    @Test
    void internalEntityExpansionIsRefused() throws Exception {
        Path dir = project();
        Files.writeString(dir.resolve("sheets/mallory.xmi"), """
                <?xml version="1.0"?>
                <!DOCTYPE x [ <!ENTITY a "aaaaaaaaaa"> <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"> ]>
                <annotation:Sheet xmi:version="2.0" xmlns:xmi="http://www.omg.org/XMI"
                    xmlns:annotation="http://llavalens.org/annotation/1.0" person="&b;"/>
                """);
        assertFalse(refusedSheet(dir).contains("aaaaaaaaaaaaaaaaaaaa"));
    }

    /**
     * A schema location of an unknown package outside the project must not be loaded: the package
     * there is valid, so if EMF followed the location the sheet would load as an object of it.
     */
    @Test
    void schemaLocationsOutsideTheProjectAreNotFollowed() throws Exception {
        Path dir = project();
        Path outside = tmp.resolve("evil.ecore");
        Files.writeString(outside, """
                <?xml version="1.0" encoding="UTF-8"?>
                <ecore:EPackage xmi:version="2.0" xmlns:xmi="http://www.omg.org/XMI"
                    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:ecore="http://www.eclipse.org/emf/2002/Ecore"
                    name="x" nsURI="http://evil.example/x" nsPrefix="evil">
                  <eClassifiers xsi:type="ecore:EClass" name="Sheet"/>
                </ecore:EPackage>
                """);
        Files.writeString(dir.resolve("sheets/mallory.xmi"), """
                <?xml version="1.0" encoding="UTF-8"?>
                <evil:Sheet xmi:version="2.0" xmlns:xmi="http://www.omg.org/XMI"
                    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                    xmlns:evil="http://evil.example/x" xsi:schemaLocation="http://evil.example/x %s"/>
                """.formatted(outside.toUri()));
        String note = refusedSheet(dir);
        assertFalse(note.contains("does not hold a sheet"), "the outside package was loaded: " + note);
    }

    @Test
    void storedPathsCannotLeaveTheProject() throws Exception {
        Path dir = project();
        ProjectPaths paths = new ProjectPaths(dir);
        assertEquals(dir.toAbsolutePath().normalize().resolve("results/a.json"), paths.resolve("results/a.json"));
        assertThrows(IOException.class, () -> paths.resolve("../outside.png"));
        assertThrows(IOException.class, () -> paths.resolve("images/../../outside.png"));
        assertThrows(IOException.class, () -> paths.resolve("/etc/passwd"));
        assertThrows(IOException.class, () -> paths.resolve("C:\\Windows\\win.ini"));
        assertThrows(IOException.class, () -> paths.resolve(""));
    }

    @Test
    void symbolicLinksOutOfTheProjectAreRejected() throws Exception {
        Path dir = project();
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(outside.resolve("x.png"), "not an image");
        Files.createSymbolicLink(dir.resolve("images-link"), outside);
        Files.createSymbolicLink(dir.resolve("file-link.png"), outside.resolve("x.png"));
        Files.createDirectories(dir.resolve("images"));
        Files.writeString(dir.resolve("images/in.png"), "inside");
        Files.createSymbolicLink(dir.resolve("inner-link.png"), dir.resolve("images/in.png"));
        ProjectPaths paths = new ProjectPaths(dir);
        IOException e = assertThrows(IOException.class, () -> paths.resolve("images-link/x.png"));
        assertTrue(e.getMessage().contains("symbolic link"), e.getMessage());
        assertThrows(IOException.class, () -> paths.resolve("file-link.png"));
        assertThrows(IOException.class, () -> paths.resolve("images-link/not-yet-there.png"));
        assertEquals(dir.toAbsolutePath().normalize().resolve("inner-link.png"), paths.resolve("inner-link.png"));
    }

    /** Image references and result links of a hand-edited project are checked before any file is read. */
    @Test
    void imageAndResultReferencesAreResolvedInsideTheProjectOnly() throws Exception {
        Path dir = project();
        Path outside = Files.createDirectories(tmp.resolve("elsewhere"));
        Files.writeString(outside.resolve("r.json"), "{}");
        Files.createSymbolicLink(dir.resolve("results/linked"), outside);
        try (AnnotationProject p = AnnotationProject.open(dir)) {
            Case c = p.findCase("d-1");
            c.setImage("../elsewhere/r.json");
            assertThrows(IOException.class, () -> p.imageFile(c));
            assertThrows(IOException.class, () -> p.imageIntact(c));
            ResultLink link = AnnotationFactory.eINSTANCE.createResultLink();
            link.setPath("results/linked/r.json");
            assertThrows(IOException.class, () -> p.resultFile(link));
            link.setPath("results/d-1/r.json");
            assertEquals(dir.toAbsolutePath().normalize().resolve("results/d-1/r.json"), p.resultFile(link));
        }
    }
}
