package dev.jinn.kernels.gemm;

import dev.jinn.kernels.Kernels;
import java.util.Random;

/**
 * Prints the single-thread GFLOP/s of the packed GEMM at BERT's MLP size ([128 x 384] x [384 x 1536]),
 * B packed once as for a weight. Not a test: run it by hand, {@code GemmBench [M K N [copies]]}.
 */
public final class GemmBench {
    public static void main(String[] args) {
        int m = args.length > 0 ? Integer.parseInt(args[0]) : 128;
        int k = args.length > 1 ? Integer.parseInt(args[1]) : 384;
        int n = args.length > 2 ? Integer.parseInt(args[2]) : 1536;
        Random rnd = new Random(1);
        float[] a = new float[m * k];
        float[] b = new float[k * n];
        for (int i = 0; i < a.length; i++) a[i] = rnd.nextFloat() - 0.5f;
        for (int i = 0; i < b.length; i++) b[i] = rnd.nextFloat() - 0.5f;
        // Several weights used in turn, as in a model, so B comes from memory rather than a warm cache.
        int copies = args.length > 3 ? Integer.parseInt(args[3]) : 1;
        GemmKernel g = Kernels.gemm();
        GemmKernel.PackedB[] pbs = new GemmKernel.PackedB[copies];
        for (int i = 0; i < copies; i++) pbs[i] = g.packB(b, 0, n, 1, k, n);
        float[] c = new float[m * n];
        float[] scratch = new float[g.packedASize(m, k)];
        int tiles = g.tiles(m, n);
        double flops = 2.0 * m * n * k;
        // On a shared machine, wall time includes time preempted; the thread's CPU time does not.
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        double best = Double.MAX_VALUE, bestCpu = Double.MAX_VALUE;
        for (int rep = 0; rep < 400; rep++) {
            long t0 = System.nanoTime(), c0 = mx.getCurrentThreadCpuTime();
            g.gemm(1f, g.packA(a, 0, k, 1, m, k, scratch), pbs[rep % copies], c, 0, n, 0, tiles, false, null);
            best = Math.min(best, System.nanoTime() - t0);
            bestCpu = Math.min(bestCpu, mx.getCurrentThreadCpuTime() - c0);
        }
        System.out.printf("gemm %dx%dx%d (%d weight copies), 1 thread, %s: best wall %.3f ms (%.1f GFLOP/s), best CPU %.3f ms (%.1f GFLOP/s)%n",
                m, k, n, copies, g.name(), best / 1e6, flops / best, bestCpu / 1e6, flops / bestCpu);
    }
}
