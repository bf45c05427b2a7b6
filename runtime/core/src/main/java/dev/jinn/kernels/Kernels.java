package dev.jinn.kernels;

import dev.jinn.kernels.conv.ConvKernel;
import dev.jinn.kernels.conv.ScalarConvKernel;
import dev.jinn.kernels.elementwise.ElementwiseKernel;
import dev.jinn.kernels.elementwise.ScalarElementwiseKernel;
import dev.jinn.kernels.gemm.GemmKernel;
import dev.jinn.kernels.gemm.ScalarGemmKernel;
import dev.jinn.kernels.norm.NormKernel;
import dev.jinn.kernels.norm.ScalarNormKernel;
import dev.jinn.kernels.pool.PoolKernel;
import dev.jinn.kernels.pool.ScalarPoolKernel;
import dev.jinn.kernels.reduce.ReduceKernel;
import dev.jinn.kernels.reduce.ScalarReduceKernel;
import dev.jinn.kernels.softmax.ScalarSoftmaxKernel;
import dev.jinn.kernels.softmax.SoftmaxKernel;

/**
 * Picks the kernels once per JVM, every family of one kind, and logs the choice once: the Vector API
 * twins where the {@code jdk.incubator.vector} module is present, else the scalar ones;
 * {@code -Djinn.kernels=scalar} forces the scalar ones. Only the {@code Vector*} classes of the
 * family packages touch the incubator module, and they are loaded by name here, so a JVM started
 * without it never links them (a test holds every other class to that).
 */
public final class Kernels {
    private static final System.Logger LOG = System.getLogger(Kernels.class.getName());
    private static final KernelSet SCALAR = new KernelSet("scalar", new ScalarElementwiseKernel(),
            new ScalarSoftmaxKernel(), new ScalarGemmKernel(), new ScalarConvKernel(), new ScalarPoolKernel(),
            new ScalarNormKernel(), new ScalarReduceKernel());

    private Kernels() {}

    /** The set chosen at start-up. */
    public static KernelSet get() {
        return Selected.SET;
    }

    public static KernelSet scalar() {
        return SCALAR;
    }

    /** The Vector API set, or null where the incubator module is absent or its vectors too narrow. */
    public static KernelSet vector() {
        return VectorHolder.SET;
    }

    public static ElementwiseKernel elementwise() {
        return Selected.SET.elementwise();
    }

    public static SoftmaxKernel softmax() {
        return Selected.SET.softmax();
    }

    public static GemmKernel gemm() {
        return Selected.SET.gemm();
    }

    public static ConvKernel conv() {
        return Selected.SET.conv();
    }

    public static PoolKernel pool() {
        return Selected.SET.pool();
    }

    public static NormKernel norm() {
        return Selected.SET.norm();
    }

    public static ReduceKernel reduce() {
        return Selected.SET.reduce();
    }

    private static final class Selected {
        static final KernelSet SET = pick();

        private static KernelSet pick() {
            String wanted = System.getProperty("jinn.kernels", "auto");
            KernelSet k;
            String why;
            if (wanted.equalsIgnoreCase("scalar")) {
                k = SCALAR;
                why = "forced by -Djinn.kernels=scalar";
            } else if (vector() != null) {
                k = vector();
                why = "jdk.incubator.vector is available";
            } else {
                k = SCALAR;
                why = "jdk.incubator.vector is not available (add --add-modules jdk.incubator.vector)";
            }
            // The cache geometry too: the norm kernels size their row blocks and pick their variants by it.
            LOG.log(System.Logger.Level.INFO, "Jinn kernels: {0} ({1}); {2}", k.name(), why, CacheGeometry.get());
            return k;
        }
    }

    private static final class VectorHolder {
        static final KernelSet SET = load();

        private static KernelSet load() {
            try {
                NormKernel norm = create("norm.VectorNormKernel");
                // The norm kernel refuses species too narrow to pay; the other families follow it.
                return new KernelSet(norm.name(), create("elementwise.VectorElementwiseKernel"),
                        create("softmax.VectorSoftmaxKernel"), create("gemm.VectorGemmKernel"),
                        create("conv.VectorConvKernel"), create("pool.VectorPoolKernel"), norm,
                        create("reduce.VectorReduceKernel"));
            } catch (ReflectiveOperationException | LinkageError | UnsupportedOperationException e) {
                return null;
            }
        }

        @SuppressWarnings("unchecked")
        private static <T> T create(String name) throws ReflectiveOperationException {
            return (T) Class.forName("dev.jinn.kernels." + name).getDeclaredConstructor().newInstance();
        }
    }
}
