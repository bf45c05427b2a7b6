package dev.jinn.optimizer;

import dev.jinn.ir.Dim;
import dev.jinn.ir.Graph;
import dev.jinn.ir.Node;
import java.util.List;
import java.util.Map;

/**
 * Turns {@code Add(MatMul(A, B), C)} into {@code Gemm(A, B, C)} when A and B are known to be 2-D and
 * C broadcasts to the product one way (Gemm's rule): the bias is then added in the product's write
 * pass instead of a second pass over the output. Higher ranks stay as they are: Gemm is 2-D only.
 */
final class MatMulAddFusion implements Rewrite {
    @Override
    public String name() {
        return "fuse-matmul-add";
    }

    @Override
    public Graph apply(Graph graph, OptimizerContext ctx) {
        if (ctx.opset("") < 7 || !ctx.canRun("", "Gemm")) return graph;
        GraphIndex ix = new GraphIndex(graph, ctx);
        for (int i = 0; i < ix.nodes.size(); i++) {
            Node mm = ix.nodes.get(i);
            if (!GraphIndex.is(mm, "MatMul") || ix.touched(i) || mm.inputs().size() != 2) continue;
            List<Dim> a = ix.dims(mm.inputs().get(0));
            List<Dim> b = ix.dims(mm.inputs().get(1));
            if (a == null || b == null || a.size() != 2 || b.size() != 2) continue;
            String product = mm.outputs().get(0);
            int addIdx = ix.soleReader(product);
            if (addIdx < 0 || !GraphIndex.is(ix.nodes.get(addIdx), "Add") || ix.touched(addIdx)) continue;
            Node add = ix.nodes.get(addIdx);
            String c = GraphIndex.other(add, product);
            if (c == null || c.equals(product) || !broadcastsTo(ix.dims(c), a.get(0), b.get(1))) continue;
            ix.remove(i);
            ix.replace(addIdx, new Node(add.name().isEmpty() ? "" : add.name() + "/Gemm", "", "Gemm",
                    List.of(mm.inputs().get(0), mm.inputs().get(1), c), add.outputs(), Map.of()));
        }
        return ix.rewrite();
    }

    /** Whether a bias of dims {@code c} broadcasts to [m, n] without growing: each dim is 1 or equal (and known). */
    private static boolean broadcastsTo(List<Dim> c, Dim m, Dim n) {
        if (c == null || c.size() > 2) return false;
        Dim[] target = {m, n};
        for (int i = 1; i <= c.size(); i++) {
            Dim d = c.get(c.size() - i);
            Dim t = target[2 - i];
            if (d.isFixed() && d.value() == 1) continue;
            if (!(d.isFixed() && t.isFixed() && d.value() == t.value()) && !(d.param() != null && d.param().equals(t.param()))) return false;
        }
        return true;
    }
}
