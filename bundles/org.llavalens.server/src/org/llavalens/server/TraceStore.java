package org.llavalens.server;

import java.util.LinkedHashMap;
import java.util.Map;

import org.llavalens.analysis.explain.TraceFiles;

/**
 * The files of the last few trace jobs, by job id, until their clients fetch them (a 7B trace is tens
 * of megabytes, so only {@code kept} are held; an older one is gone and must be run again). A file is
 * looked up by its name among the job's, never resolved as a path.
 */
final class TraceStore {

    private final int kept;
    private final Map<String, TraceFiles> byJob = new LinkedHashMap<>();

    TraceStore(int kept) {
        this.kept = kept;
    }

    synchronized void put(String jobId, TraceFiles files) {
        byJob.put(jobId, files);
        while (byJob.size() > kept) {
            byJob.remove(byJob.keySet().iterator().next());
        }
    }

    /** @throws HostProblem 410 when the job's files are no longer kept, 404 for a name the job did not write */
    synchronized byte[] file(String jobId, String name) {
        TraceFiles t = byJob.get(jobId);
        if (t == null) {
            throw new HostProblem(410, "gone", "the files of trace job " + jobId + " are no longer kept (the host keeps "
                    + kept + "); submit the trace again");
        }
        byte[] bytes = t.files().get(name);
        if (bytes == null) {
            throw HostProblem.notFound("trace job " + jobId + " wrote no '" + name + "'; it wrote " + t.files().keySet());
        }
        return bytes;
    }

    synchronized void clear() {
        byJob.clear();
    }
}
