package org.llavalens.client;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import javax.imageio.ImageIO;

import org.eclipse.core.runtime.IProgressMonitor;
import org.llavalens.analysis.explain.EmbeddingTable;
import org.llavalens.analysis.explain.ExplainedCase;
import org.llavalens.analysis.explain.HeadMap;
import org.llavalens.analysis.explain.KeptCase;
import org.llavalens.analysis.explain.NextTokens;
import org.llavalens.analysis.explain.PatchTables;
import org.llavalens.analysis.explain.PositionTables;
import org.llavalens.attribution.HeadAggregation;
import org.llavalens.attribution.HeadId;
import org.llavalens.attribution.Similarity;

/**
 * A case explained on a model host: the record is here, follow-ups are asked of the host's live
 * case (each one request). A host that is gone surfaces as an {@link UncheckedIOException} whose
 * cause is a {@link HostUnavailableException}.
 */
final class RemoteLiveCase extends KeptCase {

    private final HostConnection host;
    private final String path;

    RemoteLiveCase(HostConnection host, String jobId, ExplainedCase explained, byte[] cropPng) throws IOException {
        super(explained, cropPng == null ? null : ImageIO.read(new ByteArrayInputStream(cropPng)));
        this.host = host;
        this.path = "/jobs/" + jobId;
    }

    @Override
    public HeadMap map(HeadAggregation heads, IProgressMonitor monitor) {
        try {
            return ApiJson.mapFromJson(host.post(path + "/map", ApiJson.toJson(new ApiJson.MapRequest(heads.toString()))));
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    @Override
    public PositionTables position(int position, IProgressMonitor monitor) {
        return get("/positions/" + position, PositionTables.class);
    }

    @Override
    public PatchTables patch(int patch, HeadId head, IProgressMonitor monitor) {
        return get("/patches/" + patch + (head == null ? "" : "?head=" + head), PatchTables.class);
    }

    @Override
    public NextTokens nextTokens(IProgressMonitor monitor) {
        return get("/next-tokens", NextTokens.class);
    }

    @Override
    public EmbeddingTable embedding(Similarity similarity, IProgressMonitor monitor) {
        return get("/embedding?similarity=" + URLEncoder.encode(similarity.id(), StandardCharsets.UTF_8),
                EmbeddingTable.class);
    }

    private <T> T get(String sub, Class<T> type) {
        try {
            return ApiJson.fromJson(host.get(path + sub), type);
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    /** The host keeps the live case in its cache (another annotator may open it) and evicts it itself. */
    @Override
    public void close() {
        // nothing held here but the record and the crop
    }
}
