package org.llavalens.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.llavalens.analysis.explain.ExplainRequest;
import org.llavalens.analysis.explain.LiveCase;
import org.llavalens.analysis.explain.LocalExplainService;
import org.llavalens.attribution.result.MethodResult;
import org.llavalens.client.HostTrust;
import org.llavalens.client.HostUnavailableException;
import org.llavalens.client.RemoteExplainService;

/**
 * A host started with a PKCS#12 keystore (made by the JDK's keytool, as docs/server.md tells an
 * operator) serves HTTPS: a client told to trust its certificate ({@link HostTrust}, the
 * {@code LLAVALENS_TRUST} file) runs a real analysis and gets the local record; one that is not
 * told gets one line that says what to set.
 */
class HttpsHostTest {

    private static final String PASSWORD = "host-keystore-secret";

    @TempDir
    static Path dir;
    private static DemoHost demo;
    private static LensServer server;
    private static Path certificate;

    @BeforeAll
    static void serveOverHttps() throws Exception {
        demo = DemoHost.generate(dir.resolve("demo"));
        Path keystore = dir.resolve("host.p12");
        certificate = dir.resolve("host.pem");
        keytool("-genkeypair", "-keyalg", "RSA", "-keysize", "2048", "-storetype", "PKCS12", "-keystore",
                keystore.toString(), "-storepass", PASSWORD, "-alias", "host", "-dname", "CN=localhost", "-ext",
                "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2");
        keytool("-exportcert", "-rfc", "-alias", "host", "-keystore", keystore.toString(), "-storepass", PASSWORD,
                "-file", certificate.toString());
        server = demo.serve(o -> new HostOptions(o.models(), o.bind(), o.port(), o.tokens(), o.queue(),
                o.concurrency(), o.clientTimeout(), o.liveCases(), o.limits(), keystore, PASSWORD));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool")
                .toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
    }

    @Test
    void aClientTrustingTheCertificateGetsTheLocalRecord() throws Exception {
        assertEquals("https", server.uri().getScheme());
        ExplainRequest request = new ExplainRequest("llava", demo.question, ServerRoundTripTest.settings());
        try (LocalExplainService local = demo.localService();
                LiveCase here = local.explain(request, new NullProgressMonitor());
                RemoteExplainService remote = new RemoteExplainService(server.uri(), DemoHost.ALICE,
                        new HostTrust(certificate));
                LiveCase there = remote.explain(request, new NullProgressMonitor())) {
            assertEquals(here.explained().target(), there.explained().target());
            assertEquals(here.explained().answer(), there.explained().answer());
            List<MethodResult> a = here.explained().methods();
            List<MethodResult> b = there.explained().methods();
            assertEquals(a.size(), b.size());
            for (int i = 0; i < a.size(); i++) {
                MethodResult x = a.get(i);
                MethodResult y = b.get(i);
                assertEquals(x.imageScores() == null, y.imageScores() == null, x.methodId());
                if (x.imageScores() != null) {
                    assertArrayEquals(x.imageScores().toArray(), y.imageScores().toArray(), 0.0, x.methodId());
                }
                assertEquals(x.headScores() == null, y.headScores() == null, x.methodId());
                for (int l = 0; x.headScores() != null && l < x.headScores().numLayers(); l++) {
                    assertArrayEquals(x.headScores().layer(l), y.headScores().layer(l), 0.0, "layer " + l);
                }
            }
        }
    }

    @Test
    void aClientNotToldToTrustItSaysWhatToSet() {
        try (RemoteExplainService remote = new RemoteExplainService(server.uri(), DemoHost.ALICE,
                HostTrust.JVM_DEFAULT)) {
            HostUnavailableException e = assertThrows(HostUnavailableException.class, remote::models);
            assertTrue(e.getMessage().contains("is not trusted") && e.getMessage().contains(HostTrust.ENV),
                    e.getMessage());
            assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        }
    }

    @Test
    void aTrustFileWithoutCertificatesIsNamed() {
        try (RemoteExplainService remote = new RemoteExplainService(server.uri(), DemoHost.ALICE,
                new HostTrust(demo.tokens))) {
            IOException e = assertThrows(IOException.class, remote::models);
            assertTrue(e.getMessage().contains(demo.tokens.toString()) && e.getMessage().contains(HostTrust.ENV),
                    e.getMessage());
        }
    }

    @Test
    void theTrustComesFromTheEnvironmentVariable() {
        assertEquals(HostTrust.JVM_DEFAULT, HostTrust.from(name -> null));
        assertEquals(HostTrust.JVM_DEFAULT, HostTrust.from(name -> " "));
        assertEquals(new HostTrust(certificate),
                HostTrust.from(name -> name.equals(HostTrust.ENV) ? certificate.toString() : null));
    }
}
