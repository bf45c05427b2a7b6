package dev.jinn.ops.norm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jinn.exec.ThreadedContexts;
import dev.jinn.kernels.CacheGeometry;
import dev.jinn.kernels.Kernels;
import dev.jinn.kernels.norm.NormKernel;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The row plans that the cache geometry gives: which plan each benchmark shape gets on a 48 KB and
 * a 32 KB L1; and under both, outputs bit for bit the same at 1, 2 and 3 threads, the same bits
 * under both geometries where the plan is the same, and within 1e-5 of a double reference on rows
 * far from zero.
 */
class RowPlanTest {
    private static final CacheGeometry L1_48K = new CacheGeometry(48 * 1024, 2048 * 1024, "test");
    private static final CacheGeometry L1_32K = new CacheGeometry(32 * 1024, 2048 * 1024, "test");

    @Test
    void benchmarkShapesOnBothGeometries() {
        // X out of L1: pipelined on both, from [1,128,768] up.
        for (CacheGeometry g : List.of(L1_48K, L1_32K)) {
            assertTrue(RowPlan.of(g, 128, 768).pipelined());
            assertTrue(RowPlan.of(g, 4096, 768).pipelined());
            assertTrue(RowPlan.of(g, 4096, 4096).pipelined());
        }
        // X of 27 KB stays in two thirds of a 48 KB L1, not of a 32 KB one.
        assertFalse(RowPlan.of(L1_48K, 9, 768).pipelined());
        assertTrue(RowPlan.of(L1_32K, 9, 768).pipelined());
        assertEquals(NormKernel.ROWS, RowPlan.of(L1_32K, 9, 768).groupRows());
        // Instance norm's planes of 3136: one at a time on both; rows of 2048 four at a time only on 48 KB.
        assertEquals(1, RowPlan.groupRows(L1_48K, 3136));
        assertEquals(NormKernel.ROWS, RowPlan.groupRows(L1_48K, 2048));
        assertEquals(1, RowPlan.groupRows(L1_32K, 2048));
    }

    record Shape(int m, int n, boolean centered) {}

    @TestFactory
    Stream<DynamicTest> sameBitsAtAnyThreadCountAndUnderEitherGeometryWhereThePlanIsTheSame() {
        List<Shape> shapes = List.of(new Shape(9, 768, true), new Shape(9, 768, false), new Shape(3, 2048, true),
                new Shape(3, 2048, false), new Shape(7, 768, true), new Shape(12, 4096, true), new Shape(12, 4096, false),
                new Shape(64, 768, true), new Shape(30, 1000, true));
        List<DynamicTest> tests = new ArrayList<>();
        for (NormKernel k : List.of(Kernels.scalar().norm(), Kernels.vector().norm())) {
            for (Shape s : shapes) {
                tests.add(DynamicTest.dynamicTest(k.name() + " " + s, () -> check(k, s)));
            }
        }
        return tests.stream();
    }

    private static void check(NormKernel k, Shape s) {
        int m = s.m(), n = s.n();
        Random rnd = new Random(31L * n + m);
        float[] x = new float[m * n], scale = new float[n], bias = new float[n];
        // Rows at 1e4 with noise 1e-2, each at its own offset: a variance that naive sums would lose.
        for (int r = 0; r < m; r++) {
            for (int i = 0; i < n; i++) x[r * n + i] = (float) (1e4 + r + rnd.nextGaussian() * 1e-2);
        }
        for (int i = 0; i < n; i++) {
            scale[i] = (float) (0.5 + rnd.nextDouble());
            bias[i] = (float) rnd.nextGaussian();
        }
        float[][] byGeometry = new float[2][];
        RowPlan[] plans = {RowPlan.of(L1_48K, m, n), RowPlan.of(L1_32K, m, n)};
        for (int gi = 0; gi < 2; gi++) {
            RowPlan plan = plans[gi];
            float[] first = null;
            for (int threads = 1; threads <= 3; threads++) {
                float[] y = new float[m * n], mean = new float[m], inv = new float[m];
                ThreadedContexts.with(threads, ctx -> RowNorm.run(ctx, k, x, m, n, s.centered(), 1e-5f, scale,
                        s.centered() ? bias : null, 0, y, mean, inv, null, plan));
                if (first == null) first = y;
                else assertArrayEquals(first, y, plan + ": " + threads + " threads against 1");
            }
            byGeometry[gi] = first;
            for (int r = 0; r < m; r++) {
                double mu = 0, sq = 0;
                if (s.centered()) {
                    for (int i = 0; i < n; i++) mu += x[r * n + i];
                    mu /= n;
                }
                for (int i = 0; i < n; i++) sq += (x[r * n + i] - mu) * (x[r * n + i] - mu);
                double inv = 1 / Math.sqrt(sq / n + 1e-5);
                for (int i = 0; i < n; i++) {
                    double e = (x[r * n + i] - mu) * inv * scale[i] + (s.centered() ? bias[i] : 0);
                    assertEquals(e, first[r * n + i], 1e-5 * (1 + Math.abs(e)), plan + ": row " + r + " element " + i);
                }
            }
        }
        if (plans[0].pipelined() == plans[1].pipelined()) {
            assertArrayEquals(byGeometry[0], byGeometry[1], "the same plan under both geometries: " + plans[0] + ", " + plans[1]);
        }
    }
}
