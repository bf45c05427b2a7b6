package dev.jinn.optimizer;

import dev.jinn.ir.Attribute;
import dev.jinn.ir.Graph;
import dev.jinn.ir.Node;
import dev.jinn.tensor.DataType;
import dev.jinn.tensor.Tensor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Folds an inference BatchNormalization into the Conv, ConvTranspose or Gemm that feeds it alone,
 * when the weights and the statistics are all constants: with {@code s = scale / sqrt(var + eps)}
 * per output channel, the weights of channel o are scaled by {@code s[o]} and the bias becomes
 * {@code (B - mean) * s + beta}. One pass over the output then disappears, and what remains can fuse
 * its activation (fuse-conv-epilogue runs after). The new weights are computed in double and
 * rounded once, so the result differs from the two-op graph by a rounding of the weights.
 */
final class BatchNormFolding implements Rewrite {
    @Override
    public String name() {
        return "fold-batchnorm";
    }

    @Override
    public Graph apply(Graph graph, OptimizerContext ctx) {
        GraphIndex ix = new GraphIndex(graph, ctx);
        int opset = ctx.opset("");
        for (int i = 0; i < ix.nodes.size(); i++) {
            Node producer = ix.nodes.get(i);
            boolean conv = GraphIndex.is(producer, "Conv"), transpose = GraphIndex.is(producer, "ConvTranspose");
            if (!conv && !transpose && !GraphIndex.is(producer, "Gemm") || ix.touched(i)) continue;
            int bnIdx = ix.soleReader(producer.outputs().get(0));
            if (bnIdx < 0 || ix.touched(bnIdx)) continue;
            Node bn = ix.nodes.get(bnIdx);
            double[][] st = inference(ix, bn, opset);
            if (st == null) continue;
            Node folded = conv || transpose ? foldConv(ix, producer, transpose, st[0], st[1]) : foldGemm(ix, producer, st[0], st[1]);
            if (folded == null) continue;
            ix.remove(i);
            ix.replace(bnIdx, new Node(folded.name(), folded.domain(), folded.opType(), folded.inputs(),
                    bn.outputs().subList(0, 1), folded.attributes()));
        }
        return ix.rewrite();
    }

    /**
     * The per-channel {s, t} of an inference BatchNormalization over constant float32 statistics
     * (Y = X * s + t), or null when the node trains, uses spatial = 0, wants its other outputs, or
     * reads anything that is not a constant.
     */
    private static double[][] inference(GraphIndex ix, Node bn, int opset) {
        if (!GraphIndex.is(bn, "BatchNormalization") || bn.inputs().size() != 5) return null;
        for (int k = 1; k < bn.outputs().size(); k++) if (!bn.outputs().get(k).isEmpty()) return null;
        if (opset < 7 && intAttr(bn, "is_test", 0) != 1) return null;
        if (intAttr(bn, "spatial", 1) != 1 || intAttr(bn, "training_mode", 0) != 0) return null;
        Tensor[] p = new Tensor[4];
        for (int k = 0; k < 4; k++) {
            p[k] = ix.constant(bn.inputs().get(k + 1));
            if (p[k] == null || p[k].dtype() != DataType.FLOAT || p[k].rank() != 1 || p[k].size() != p[0].size()) return null;
        }
        double eps = GraphIndex.floatAttr(bn, "epsilon", 1e-5f);
        int c = p[0].size();
        double[] s = new double[c], t = new double[c];
        float[] scale = p[0].floats(), beta = p[1].floats(), mean = p[2].floats(), var = p[3].floats();
        for (int o = 0; o < c; o++) {
            s[o] = scale[o] / Math.sqrt((double) var[o] + eps);
            t[o] = beta[o] - mean[o] * s[o];
        }
        return new double[][] {s, t};
    }

    /** Conv W [M, C/group, k...] or ConvTranspose W [C, M/group, k...], each output channel scaled. */
    private static Node foldConv(GraphIndex ix, Node conv, boolean transpose, double[] s, double[] t) {
        Tensor w = ix.constant(conv.inputs().get(1));
        Tensor b = conv.inputs().size() > 2 ? ix.constant(conv.inputs().get(2)) : null;
        boolean hasBias = conv.inputs().size() > 2 && !conv.inputs().get(2).isEmpty();
        if (w == null || w.dtype() != DataType.FLOAT || w.rank() < 3 || hasBias && (b == null || b.dtype() != DataType.FLOAT)) return null;
        long group = conv.attribute("group") == null ? 1 : conv.attribute("group").i();
        int m = transpose ? (int) (w.dim(1) * group) : w.dim(0);
        if (m != s.length || group <= 0 || w.dim(0) % group != 0) return null;
        float[] ws = w.floats(), out = new float[ws.length];
        int inner = w.size() / w.dim(0) / w.dim(1);
        for (int a = 0; a < w.dim(0); a++) {
            for (int j = 0; j < w.dim(1); j++) {
                // Output channel of W[a][j]: a for Conv; the group of input channel a, then j, for ConvTranspose.
                int o = transpose ? (int) (a / (w.dim(0) / group) * w.dim(1) + j) : a;
                int off = (a * w.dim(1) + j) * inner;
                for (int e = 0; e < inner; e++) out[off + e] = (float) (ws[off + e] * s[o]);
            }
        }
        List<String> in = new ArrayList<>(conv.inputs().subList(0, 1));
        in.add(added(ix, conv.inputs().get(1) + "_bnfolded", Tensor.of(out, w.shape())));
        in.add(added(ix, conv.outputs().get(0) + "_bnbias", Tensor.of(bias(b, s, t, 1), m)));
        return new Node(conv.name(), conv.domain(), conv.opType(), in, conv.outputs(), conv.attributes());
    }

    /** Gemm Y = alpha·A·B' + beta·C, its columns scaled: B' by column, C made a full row. */
    private static Node foldGemm(GraphIndex ix, Node gemm, double[] s, double[] t) {
        Tensor b = ix.constant(gemm.inputs().get(1));
        boolean hasC = gemm.inputs().size() > 2 && !gemm.inputs().get(2).isEmpty();
        Tensor c = hasC ? ix.constant(gemm.inputs().get(2)) : null;
        if (b == null || b.dtype() != DataType.FLOAT || b.rank() != 2 || hasC && (c == null || c.dtype() != DataType.FLOAT)) return null;
        boolean transB = gemm.attribute("transB") != null && gemm.attribute("transB").i() != 0;
        int n = transB ? b.dim(0) : b.dim(1);
        // C must be a per-column row (or a scalar) to stay one after the columns are scaled.
        if (n != s.length || c != null && !(c.size() == 1 || c.size() == n && c.shape()[c.rank() - 1] == n)) return null;
        double beta = gemm.attribute("beta") == null ? 1 : gemm.attribute("beta").f();
        if (hasC && beta == 0) return null;
        float[] bs = b.floats(), out = new float[bs.length];
        for (int e = 0; e < bs.length; e++) out[e] = (float) (bs[e] * s[transB ? e / b.dim(1) : e % n]);
        Tensor row = c == null ? null : Tensor.of(expand(c.floats(), n), n);
        Map<String, Attribute> attrs = new HashMap<>(gemm.attributes());
        double biasBeta = hasC ? beta : 1;
        if (!hasC) attrs.put("beta", new Attribute("beta", Attribute.Type.FLOAT, 1f, null));
        float[] bias = bias(row, s, t, biasBeta);
        List<String> in = new ArrayList<>(gemm.inputs().subList(0, 1));
        in.add(added(ix, gemm.inputs().get(1) + "_bnfolded", Tensor.of(out, b.shape())));
        in.add(added(ix, gemm.outputs().get(0) + "_bnbias", Tensor.of(bias, n)));
        return new Node(gemm.name(), gemm.domain(), gemm.opType(), in, gemm.outputs(), attrs);
    }

    /** The folded bias divided by {@code beta} (the factor the op applies to it): (B·beta·s + t) / beta. */
    private static float[] bias(Tensor b, double[] s, double[] t, double beta) {
        float[] out = new float[s.length];
        for (int o = 0; o < s.length; o++) out[o] = (float) (((b == null ? 0 : b.floats()[o] * beta) * s[o] + t[o]) / beta);
        return out;
    }

    private static float[] expand(float[] c, int n) {
        if (c.length == n) return c;
        float[] out = new float[n];
        java.util.Arrays.fill(out, c[0]);
        return out;
    }

    private static String added(GraphIndex ix, String base, Tensor value) {
        String name = ix.freshName(base);
        ix.addInitializer(name, value);
        return name;
    }

    private static long intAttr(Node n, String name, long dflt) {
        Attribute a = n.attribute(name);
        return a == null || a.value() == null ? dflt : a.i();
    }
}
