package dev.jinn.ops.norm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.jinn.exec.ExecContext;
import dev.jinn.kernels.CacheGeometry;
import dev.jinn.kernels.norm.NormKernel;
import dev.jinn.kernels.norm.NormKernels;
import dev.jinn.kernels.Kernels;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;
import java.util.function.DoubleSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Layer and RMS normalization of whole rows with each kernel, against a float64 two-pass reference
 * computed from the same float inputs: mean and 1/std within 1e-5 relative, outputs within 1e-5 of
 * their scale. The rows are the hard ones: large offsets with small noise, constant rows, values
 * near the float range, NaN and Inf.
 */
class RowNormAccuracyTest {
    private static final int[] SIZES = {1, 3, 15, 16, 17, 767, 768, 1023, 4096};
    private static final float EPS = 1e-5f;

    /** A kind of row: its values, given a random source and the row length. */
    record Row(String name, BiFunction<Random, Integer, DoubleSupplier> values) {}

    private static final List<Row> ROWS = List.of(
            new Row("gaussian", (r, n) -> r::nextGaussian),
            new Row("1e4 + noise 1e-2", (r, n) -> () -> 1e4 + r.nextGaussian() * 1e-2),
            new Row("1e6 + noise 1", (r, n) -> () -> 1e6 + r.nextGaussian()),
            new Row("-1e6 + noise 0.5", (r, n) -> () -> -1e6 + r.nextGaussian() * 0.5),
            new Row("near float max", (r, n) -> () -> (r.nextDouble() * 2 - 1) * 3.3e38),
            new Row("constant 7.25", (r, n) -> () -> 7.25),
            // A ramp, and a row whose first elements lie far from the rest: the sums start from the first element.
            new Row("ramp 1e4 + i * 1e-3", (r, n) -> {
                int[] i = {0};
                return () -> 1e4 + (i[0]++ % n) * 1e-3;
            }),
            new Row("first 16 at 1e4 + 10, then 1e4 + noise 1e-2", (r, n) -> {
                int[] i = {0};
                return () -> i[0]++ % n < 16 ? 1e4 + 10 : 1e4 + r.nextGaussian() * 1e-2;
            }));

    static List<NormKernel> kernels() {
        return List.of(Kernels.scalar().norm(), Kernels.vector().norm());
    }

    @TestFactory
    Stream<DynamicTest> rowsMatchReference() {
        List<DynamicTest> tests = new ArrayList<>();
        for (NormKernel k : kernels()) {
            for (int n : SIZES) {
                for (Row row : ROWS) {
                    for (boolean centered : new boolean[] {true, false}) {
                        for (boolean pipelined : new boolean[] {false, true}) {
                            String name = k.name() + " n=" + n + " " + row.name() + (centered ? " layer" : " rms")
                                    + (pipelined ? " pipelined" : " in groups");
                            tests.add(DynamicTest.dynamicTest(name, () -> check(k, n, row, centered, pipelined)));
                        }
                    }
                }
            }
        }
        return tests.stream();
    }

    /** A row of a million elements at offsets 1e4 and 1e6: float lane sums must not drift. */
    @TestFactory
    Stream<DynamicTest> millionElementRows() {
        return kernels().stream().flatMap(k -> Stream.of(1e4, 1e6).map(offset -> DynamicTest.dynamicTest(
                k.name() + " offset " + offset, () -> {
                    int n = 1_000_000;
                    Random rnd = new Random(7);
                    float[] x = new float[n];
                    for (int i = 0; i < n; i++) x[i] = (float) (offset + rnd.nextGaussian() * offset * 1e-5);
                    double mu = 0;
                    for (float v : x) mu += v;
                    mu /= n;
                    double sq = 0;
                    for (float v : x) sq += (v - mu) * (v - mu);
                    double refInv = 1 / Math.sqrt(sq / n + EPS);
                    float[] ones = new float[n];
                    java.util.Arrays.fill(ones, 1f);
                    float[] y = new float[n];
                    float[] mean = new float[1];
                    float[] inv = new float[1];
                    RowNorm.run(ExecContext.singleThreaded(), k, x, 1, n, true, EPS, ones, null, 0, y, mean, inv, null);
                    // The mean is a float output: within half an ulp of it plus 1e-5 std.
                    assertEquals(mu, mean[0], Math.ulp((float) mu) / 2 + 1e-5 / refInv, "mean");
                    assertEquals(refInv, inv[0], 1e-5 * refInv, "invStd");
                    for (int i = 0; i < n; i += 997) assertEquals((x[i] - mu) * refInv, y[i], 1e-4, "y " + i);
                })));
    }

    private static void check(NormKernel k, int n, Row row, boolean centered, boolean pipelined) {
        // Six rows: a group of four that the kernel takes together, then two taken one at a time; or
        // each row written while the next one's statistics are taken.
        int m = 6;
        Random rnd = new Random(31L * n + row.name().hashCode());
        float[] x = new float[m * n];
        DoubleSupplier gen = row.values().apply(rnd, n);
        for (int i = 0; i < x.length; i++) x[i] = (float) gen.getAsDouble();
        // Row 1 carries a NaN and row 2 an Inf when there is room: they must stay in their own rows.
        boolean special = n >= 3;
        if (special) {
            x[n + n / 2] = Float.NaN;
            x[2 * n + 1] = Float.POSITIVE_INFINITY;
        }
        float[] scale = new float[n];
        float[] bias = new float[n];
        for (int i = 0; i < n; i++) {
            scale[i] = (float) (0.5 + rnd.nextDouble());
            bias[i] = (float) rnd.nextGaussian();
        }
        float[] y = new float[m * n];
        float[] mean = new float[m];
        float[] inv = new float[m];
        RowPlan plan = new RowPlan(pipelined, RowPlan.groupRows(CacheGeometry.get(), n));
        RowNorm.run(ExecContext.singleThreaded(), k, x, m, n, centered, EPS, scale, bias, 0, y, mean, inv, null, plan);

        for (int r = 0; r < m; r++) {
            int off = r * n;
            double mu = 0;
            if (centered) {
                for (int i = 0; i < n; i++) mu += x[off + i];
                mu /= n;
            }
            double sq = 0;
            for (int i = 0; i < n; i++) sq += (x[off + i] - mu) * (x[off + i] - mu);
            double refInv = 1 / Math.sqrt(sq / n + EPS);
            String where = "row " + r;
            if (special && r > 0) {
                // The reference's own NaN/Inf pattern: NaN where it is NaN, the same value elsewhere.
                for (int i = 0; i < n; i++) {
                    double e = (x[off + i] - mu) * refInv * scale[i] + bias[i];
                    if (Double.isNaN(e)) assertTrue(Float.isNaN(y[off + i]), where + " element " + i + ": expected NaN, got " + y[off + i]);
                    else assertEquals(e, y[off + i], 1e-5 * (1 + Math.abs(e)), where + " element " + i);
                }
                continue;
            }
            if (centered) assertEquals(mu, mean[r], 1e-6 * (Math.abs(mu) + 1 / refInv), where + " mean");
            assertEquals(refInv, inv[r], 1e-5 * refInv, where + " invStd");
            for (int i = 0; i < n; i++) {
                double e = (x[off + i] - mu) * refInv * scale[i] + bias[i];
                double err = Math.abs(y[off + i] - e);
                if (!(err <= 1e-5 * (1 + Math.abs(e)))) fail(where + " element " + i + ": expected " + e + ", got " + y[off + i]);
                if (sq == 0 && centered) assertEquals(bias[i], y[off + i], where + ": a constant row gives exactly the bias");
            }
        }
    }
}
