package dev.jinn.kernels.elementwise;

import dev.jinn.kernels.Kernels;
import java.util.Random;

/**
 * Vector against scalar timings of the elementwise kernels (best of 5 rounds), not a test. Run after
 * {@code mvn -o -pl runtime/core -am test-compile}:
 * {@code java --add-modules jdk.incubator.vector -cp runtime/core/target/classes:runtime/core/target/test-classes dev.jinn.kernels.elementwise.ElementwiseKernelBench}
 */
public final class ElementwiseKernelBench {
    private ElementwiseKernelBench() {}

    private static float[] random(int n) {
        Random r = new Random(1);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = r.nextFloat() * 4 - 2;
        return v;
    }

    /** Microseconds per call of {@code body}, best of 5 rounds of {@code reps} calls after a warm-up round. */
    private static double micros(Runnable body, int reps) {
        for (int i = 0; i < reps; i++) body.run();
        long best = Long.MAX_VALUE;
        for (int k = 0; k < 5; k++) {
            long t = System.nanoTime();
            for (int i = 0; i < reps; i++) body.run();
            best = Math.min(best, System.nanoTime() - t);
        }
        return best / (double) reps / 1e3;
    }

    public static void main(String[] args) {
        int n = 1 << 20;
        float[] x = random(n);
        float[] y = random(n);
        float[] o = new float[n];
        float[] rows = random(128 * 384);
        float[] bias = random(384);
        System.out.println("species " + jdk.incubator.vector.FloatVector.SPECIES_PREFERRED);
        for (ElementwiseKernel.Arith op : ElementwiseKernel.Arith.values()) {
            double v = micros(() -> Kernels.elementwise().arith(op, x, 0, 1, y, 0, 1, o, 0, n), 200);
            double s = micros(() -> Kernels.scalar().elementwise().arith(op, x, 0, 1, y, 0, 1, o, 0, n), 200);
            System.out.printf("%-9s 2^20 same shape:   vector %8.1f us   scalar %8.1f us%n", op, v, s);
        }
        double v = micros(() -> {
            for (int r = 0; r < 128; r++) Kernels.elementwise().arith(ElementwiseKernel.Arith.ADD, rows, r * 384, 1, bias, 0, 1, o, r * 384, 384);
        }, 2000);
        double s = micros(() -> {
            for (int r = 0; r < 128; r++) Kernels.scalar().elementwise().arith(ElementwiseKernel.Arith.ADD, rows, r * 384, 1, bias, 0, 1, o, r * 384, 384);
        }, 2000);
        System.out.printf("ADD       [128,384]+[384]:  vector %8.1f us   scalar %8.1f us%n", v, s);
        for (ElementwiseKernel.Fn fn : ElementwiseKernel.Fn.values()) {
            double vv = micros(() -> Kernels.elementwise().unary(fn, x, o, 0, n), 20);
            double ss = micros(() -> Kernels.scalar().elementwise().unary(fn, x, o, 0, n), 20);
            System.out.printf("%-9s 2^20:              vector %8.1f us   scalar %8.1f us%n", fn, vv, ss);
        }
    }
}
