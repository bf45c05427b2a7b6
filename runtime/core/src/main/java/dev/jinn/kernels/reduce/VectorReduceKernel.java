package dev.jinn.kernels.reduce;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link ReduceKernel} on the Vector API. Sums widen each float vector to two double vectors and
 * add lane-wise; the lanes are then added one by one in lane order, not by {@code reduceLanes},
 * whose order the Vector API leaves open (its interpreted and compiled forms differ).
 */
public final class VectorReduceKernel implements ReduceKernel {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> D = VectorSpecies.of(double.class, S.vectorShape());

    @Override
    public String name() {
        return "vector-" + S.vectorBitSize() + "bit";
    }

    @Override
    public double sum(float[] x, int off, int n) {
        int i = 0;
        double s = 0;
        if (n >= S.length()) {
            DoubleVector lo = DoubleVector.zero(D), hi = DoubleVector.zero(D);
            // scalar: s += x (in double)
            for (int bound = S.loopBound(n); i < bound; i += S.length()) {
                FloatVector v = FloatVector.fromArray(S, x, off + i);
                lo = lo.add((DoubleVector) v.convertShape(VectorOperators.F2D, D, 0));
                hi = hi.add((DoubleVector) v.convertShape(VectorOperators.F2D, D, 1));
            }
            DoubleVector both = lo.add(hi);
            for (int l = 0; l < D.length(); l++) s += both.lane(l);
        }
        for (; i < n; i++) s += x[off + i];
        return s;
    }

    @Override
    public float max(float[] x, int off, int n) {
        int i = 0;
        float m = Float.NEGATIVE_INFINITY;
        if (n >= S.length()) {
            FloatVector mv = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
            // scalar: m = max(m, x)
            for (int bound = S.loopBound(n); i < bound; i += S.length()) mv = mv.max(FloatVector.fromArray(S, x, off + i));
            for (int l = 0; l < S.length(); l++) m = Math.max(m, mv.lane(l));
        }
        for (; i < n; i++) m = Math.max(m, x[off + i]);
        return m;
    }
}
