package dev.jinn.kernels.pool;

import dev.jinn.kernels.KernelSet;
import dev.jinn.kernels.Kernels;
import dev.jinn.kernels.WindowShape;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Random;

/**
 * Prints the single-thread time of one 2-D MaxPool and AveragePool over every plane of an image, the
 * scalar kernels against the vector ones. Not a test: run it by hand, {@code PoolBench [C H K stride pad]}
 * (without arguments: 3x3 stride 2 pad 1 over [1, 64, 112, 112], ResNet's stem, and 2x2 stride 2 over
 * [1, 64, 224, 224], VGG's first pool).
 */
public final class PoolBench {
    public static void main(String[] args) {
        if (args.length == 0) {
            run(64, 112, 3, 2, 1);
            run(64, 224, 2, 2, 0);
        } else {
            run(Integer.parseInt(args[0]), Integer.parseInt(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]),
                    Integer.parseInt(args[4]));
        }
    }

    private static void run(int c, int h, int k, int st, int pad) {
        int o = (h + 2 * pad - k) / st + 1;
        WindowShape s = new WindowShape(new int[] {h, h}, new int[] {k, k}, new int[] {st, st}, new int[] {1, 1},
                new int[] {pad, pad}, new int[] {o, o});
        Random rnd = new Random(1);
        float[] x = new float[c * h * h], y = new float[c * o * o];
        for (int i = 0; i < x.length; i++) x[i] = rnd.nextFloat() - 0.5f;
        for (KernelSet set : new KernelSet[] {Kernels.scalar(), Kernels.vector()}) {
            PoolKernel p = set.pool();
            System.out.printf("pool [1, %d, %d, %d] %dx%d stride %d pad %d, %s: max %.3f ms, average %.3f ms (best CPU)%n",
                    c, h, h, k, k, st, pad, p.name(),
                    best(() -> p.maxPool(x, s, 0, c, y, null, false)),
                    best(() -> p.averagePool(x, s, new int[] {pad, pad}, false, 0, c, y)));
        }
    }

    /** The least thread CPU time of many runs, in ms: the JIT has compiled the loops by the later ones. */
    private static double best(Runnable r) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long best = Long.MAX_VALUE;
        for (int rep = 0; rep < 300; rep++) {
            long c0 = mx.getCurrentThreadCpuTime();
            r.run();
            best = Math.min(best, mx.getCurrentThreadCpuTime() - c0);
        }
        return best / 1e6;
    }
}
