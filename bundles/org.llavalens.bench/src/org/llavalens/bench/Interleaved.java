package org.llavalens.bench;

import java.util.Arrays;

/**
 * Two workloads timed alternately (A B, B A, A B, ... after a warm-up of each), so that whatever else
 * the machine does in the meantime slows both sides alike. A ratio is taken per round, from the two
 * runs that sat next to each other in time, and summarised by its median; min and max of every side
 * are kept so a reader can see the spread. Wall time and this process's CPU time are both recorded:
 * on a machine shared with other work the CPU time is the steadier of the two.
 */
public final class Interleaved {

    /** Min, median and max of one series. */
    public record Stats(double min, double median, double max) {
        static Stats of(double[] values) {
            double[] sorted = values.clone();
            Arrays.sort(sorted);
            return new Stats(sorted[0], RuntimeBenchmark.median(sorted), sorted[sorted.length - 1]);
        }

        @Override
        public String toString() {
            return String.format(java.util.Locale.ROOT, "min %.4g / median %.4g / max %.4g", min, median, max);
        }
    }

    /** Per-round seconds (wall and process CPU) of both sides. */
    public record Timings(double[] aWall, double[] bWall, double[] aCpu, double[] bCpu) {
        public int rounds() {
            return aWall.length;
        }

        public Stats a() {
            return Stats.of(aWall);
        }

        public Stats b() {
            return Stats.of(bWall);
        }

        /** b / a per round, wall time. */
        public Stats ratio() {
            double[] r = new double[rounds()];
            for (int i = 0; i < r.length; i++) {
                r[i] = bWall[i] / aWall[i];
            }
            return Stats.of(r);
        }

        /** b / a per round, process CPU time (NaN where /proc is missing). */
        public Stats cpuRatio() {
            double[] r = new double[rounds()];
            for (int i = 0; i < r.length; i++) {
                r[i] = bCpu[i] / aCpu[i];
            }
            return Stats.of(r);
        }
    }

    private Interleaved() {
    }

    /** Runs A and B {@code warmup} times each, then {@code rounds} rounds in A B / B A order. */
    public static Timings run(int warmup, int rounds, Runnable a, Runnable b) {
        if (rounds < 1) {
            throw new IllegalArgumentException(rounds + " rounds");
        }
        for (int i = 0; i < warmup; i++) {
            a.run();
            b.run();
        }
        double[] aWall = new double[rounds];
        double[] bWall = new double[rounds];
        double[] aCpu = new double[rounds];
        double[] bCpu = new double[rounds];
        double[] sample = new double[2];
        for (int r = 0; r < rounds; r++) {
            boolean aFirst = r % 2 == 0;
            time(aFirst ? a : b, sample);
            double firstWall = sample[0];
            double firstCpu = sample[1];
            time(aFirst ? b : a, sample);
            aWall[r] = aFirst ? firstWall : sample[0];
            aCpu[r] = aFirst ? firstCpu : sample[1];
            bWall[r] = aFirst ? sample[0] : firstWall;
            bCpu[r] = aFirst ? sample[1] : firstCpu;
        }
        return new Timings(aWall, bWall, aCpu, bCpu);
    }

    private static void time(Runnable work, double[] wallAndCpu) {
        double cpu = RuntimeBenchmark.processCpuMillis();
        long start = System.nanoTime();
        work.run();
        wallAndCpu[0] = (System.nanoTime() - start) / 1e9;
        wallAndCpu[1] = (RuntimeBenchmark.processCpuMillis() - cpu) / 1e3;
    }
}
