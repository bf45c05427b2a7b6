package dev.jinn.optimizer;

import dev.jinn.ir.Dim;
import dev.jinn.ir.Node;
import dev.jinn.tensor.DataType;
import dev.jinn.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The part LayerNorm and RMSNorm patterns share, from the mean of squares on:
 * {@code Add(eps) -> Sqrt -> Div(num, .)} or {@code -> Reciprocal -> Mul(num, .)}, then {@code Mul(gamma)}.
 * Every intermediate must have the next node as its only reader.
 */
record NormTail(float epsilon, String numerator, List<Integer> nodes, String scale, String output, int last) {
    /** Matches from the ReduceMean at {@code meanOfSquares}; null when the pattern is not there. */
    static NormTail match(GraphIndex ix, int meanOfSquares) {
        List<Integer> nodes = new ArrayList<>();
        Node ms = ix.nodes.get(meanOfSquares);
        int addIdx = ix.soleReader(ms.outputs().get(0));
        if (addIdx < 0 || !GraphIndex.is(ix.nodes.get(addIdx), "Add")) return null;
        Node add = ix.nodes.get(addIdx);
        double eps = ix.scalar(GraphIndex.other(add, ms.outputs().get(0)));
        if (!(eps >= 0) || Double.isInfinite(eps)) return null;
        nodes.add(addIdx);
        int sqrtIdx = ix.soleReader(add.outputs().get(0));
        if (sqrtIdx < 0 || !GraphIndex.is(ix.nodes.get(sqrtIdx), "Sqrt")) return null;
        nodes.add(sqrtIdx);
        String std = ix.nodes.get(sqrtIdx).outputs().get(0);
        int next = ix.soleReader(std);
        if (next < 0) return null;
        Node n = ix.nodes.get(next);
        String numerator;
        String normalized;
        if (GraphIndex.is(n, "Div") && n.inputs().size() == 2 && n.inputs().get(1).equals(std)) {
            numerator = n.inputs().get(0);
            normalized = n.outputs().get(0);
            nodes.add(next);
        } else if (GraphIndex.is(n, "Reciprocal")) {
            nodes.add(next);
            int mulIdx = ix.soleReader(n.outputs().get(0));
            if (mulIdx < 0 || !GraphIndex.is(ix.nodes.get(mulIdx), "Mul")) return null;
            Node mul = ix.nodes.get(mulIdx);
            numerator = GraphIndex.other(mul, n.outputs().get(0));
            normalized = mul.outputs().get(0);
            nodes.add(mulIdx);
        } else {
            return null;
        }
        if (numerator == null) return null;
        int scaleIdx = ix.soleReader(normalized);
        if (scaleIdx < 0 || !GraphIndex.is(ix.nodes.get(scaleIdx), "Mul")) return null;
        Node scaleMul = ix.nodes.get(scaleIdx);
        String gamma = GraphIndex.other(scaleMul, normalized);
        if (gamma == null || gamma.equals(normalized)) return null;
        nodes.add(scaleIdx);
        return new NormTail((float) eps, numerator, nodes, gamma, scaleMul.outputs().get(0), scaleIdx);
    }

    /** A scale or bias for the fused node: {@code value} is non-null when a reshaped copy must be added. */
    record Param(String name, Tensor value) {
        String commit(GraphIndex ix) {
            if (value != null) ix.addInitializer(name, value);
            return name;
        }
    }

    /**
     * A constant scale or bias as the fused op wants it: floating, with at most {@code k} dims once
     * leading 1s are dropped, matching {@code x}'s trailing dims where those are known; null when it
     * does not fit.
     */
    static Param param(GraphIndex ix, String name, String x, int k) {
        Tensor t = ix.constant(name);
        if (t == null || !t.dtype().isFloatingPoint() || t.dtype() == DataType.DOUBLE) return null;
        int[] shape = t.shape();
        int lead = 0;
        while (lead < shape.length - k && shape[lead] == 1) lead++;
        int[] core = Arrays.copyOfRange(shape, lead, shape.length);
        if (core.length > k) return null;
        List<Dim> xd = ix.dims(x);
        if (xd != null) {
            for (int i = 1; i <= core.length && i <= xd.size(); i++) {
                Dim d = xd.get(xd.size() - i);
                int c = core[core.length - i];
                if (c != 1 && d.isFixed() && d.value() != c) return null;
            }
        }
        if (lead == 0) return new Param(name, null);
        return new Param(ix.freshName(name + "_normshape"), t.reshape(core));
    }
}
