package dev.jinn.kernels.conv;

import dev.jinn.kernels.Kernels;
import dev.jinn.kernels.WindowShape;
import dev.jinn.kernels.gemm.GemmKernel;
import java.util.Random;

/**
 * Prints the single-thread GFLOP/s of one 2-D convolution through the GEMM with B packed from the
 * image a block at a time, and (unit strides) with B read in place from the padded image (before
 * dropping the padded columns), weights packed once. Not a test: run it by hand,
 * {@code ConvBench [C M K H stride]} (ResNet-50's 3x3 64 -> 64 at 56x56 by default).
 */
public final class ConvBench {
    public static void main(String[] args) {
        int c = args.length > 0 ? Integer.parseInt(args[0]) : 64;
        int m = args.length > 1 ? Integer.parseInt(args[1]) : 64;
        int k = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        int h = args.length > 3 ? Integer.parseInt(args[3]) : 56;
        int st = args.length > 4 ? Integer.parseInt(args[4]) : 1;
        int pad = k / 2, o = (h + 2 * pad - k) / st + 1;
        WindowShape s = new WindowShape(new int[] {h, h}, new int[] {k, k}, new int[] {st, st}, new int[] {1, 1},
                new int[] {pad, pad}, new int[] {o, o});
        Random rnd = new Random(1);
        float[] x = new float[c * h * h], w = new float[m * c * k * k], y = new float[m * o * o];
        for (int i = 0; i < x.length; i++) x[i] = rnd.nextFloat() - 0.5f;
        for (int i = 0; i < w.length; i++) w[i] = rnd.nextFloat() - 0.5f;
        GemmKernel g = Kernels.gemm();
        int rows = c * k * k, p = o * o;
        GemmKernel.PackedA a = g.packA(w, 0, rows, 1, m, rows, new float[g.packedASize(m, rows)]);
        Im2colPacker cols = new Im2colPacker(x, 0, s);
        double flops = 2.0 * m * rows * p;
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        double best = Double.MAX_VALUE, packOnly = Double.MAX_VALUE, inPlace = Double.MAX_VALUE;
        ShiftedRows shifted = st == 1 ? new ShiftedRows(x, 0, c, s, g.slack()) : null;
        float[] wide = shifted == null ? null : new float[m * shifted.n];
        float[] buf = new float[256 * 288];
        for (int rep = 0; rep < 200; rep++) {
            long c0 = mx.getCurrentThreadCpuTime();
            int tr = g.packingBRows(m, p, 1);
            g.gemmPackingB(a, p, cols, y, 0, p, null, null, tr, 0, g.packingBTiles(m, p, tr));
            best = Math.min(best, mx.getCurrentThreadCpuTime() - c0);
            c0 = mx.getCurrentThreadCpuTime();
            for (int j0 = 0; j0 < p; j0 += 288) {
                for (int p0 = 0; p0 < rows; p0 += 256) cols.pack(p0, Math.min(256, rows - p0), j0, Math.min(288, p - j0), 48, buf);
            }
            packOnly = Math.min(packOnly, mx.getCurrentThreadCpuTime() - c0);
            if (shifted != null) {
                c0 = mx.getCurrentThreadCpuTime();
                ShiftedRows b = new ShiftedRows(x, 0, c, s, g.slack());
                int tw = g.packingBRows(m, b.n, 1);
                g.gemmIndirectB(a, b.n, b.b, b.rowOff, wide, 0, b.n, null, null, tw, 0, g.packingBTiles(m, b.n, tw));
                inPlace = Math.min(inPlace, mx.getCurrentThreadCpuTime() - c0);
            }
        }
        System.out.printf("conv %dx%dx%dx%d -> %d, stride %d, %s: best CPU %.3f ms (%.1f GFLOP/s), packing B alone %.3f ms,"
                + " B read in place %.3f ms (%.1f GFLOP/s)%n", c, h, h, k, m, st, g.name(), best / 1e6, flops / best,
                packOnly / 1e6, inPlace / 1e6, flops / inPlace);
    }
}
