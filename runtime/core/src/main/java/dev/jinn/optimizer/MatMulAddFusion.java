package dev.jinn.optimizer;

import dev.jinn.ir.Dim;
import dev.jinn.ir.Domains;
import dev.jinn.ir.Graph;
import dev.jinn.ir.Node;
import java.util.List;
import java.util.Map;

/**
 * Turns {@code Add(MatMul(A, B), C)} into {@code Gemm(A, B, C)} when A and B are known to be 2-D and
 * C broadcasts to the product one way (Gemm's rule): the bias is then added in the product's write
 * pass instead of a second pass over the output. Gemm is 2-D only; for any other A (a transformer's
 * [batch, tokens, hidden], or one whose rank is not known before run time) times a 2-D B with a
 * 1-D bias of N values, the node becomes Jinn's {@code ai.jinn::MatMulAdd} instead.
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
            if (b == null || b.size() != 2) continue;
            String product = mm.outputs().get(0);
            int addIdx = ix.soleReader(product);
            if (addIdx < 0 || !GraphIndex.is(ix.nodes.get(addIdx), "Add") || ix.touched(addIdx)) continue;
            Node add = ix.nodes.get(addIdx);
            String c = GraphIndex.other(add, product);
            if (c == null || c.equals(product)) continue;
            List<String> inputs = List.of(mm.inputs().get(0), mm.inputs().get(1), c);
            String name = add.name().isEmpty() ? "" : add.name();
            Node fused;
            if (a != null && a.size() == 2 && broadcastsTo(ix.dims(c), a.get(0), b.get(1))) {
                fused = new Node(name.isEmpty() ? "" : name + "/Gemm", "", "Gemm", inputs, add.outputs(), Map.of());
            } else if (isRowBias(ix.dims(c), b.get(1)) && ctx.useJinnOp("MatMulAdd")) {
                fused = new Node(name.isEmpty() ? "" : name + "/MatMulAdd", Domains.JINN, "MatMulAdd", inputs, add.outputs(), Map.of());
            } else {
                continue;
            }
            ix.remove(i);
            ix.replace(addIdx, fused);
        }
        return ix.rewrite();
    }

    /** Whether {@code c} is a 1-D bias of exactly N values (N known). */
    private static boolean isRowBias(List<Dim> c, Dim n) {
        return c != null && c.size() == 1 && c.get(0).isFixed() && n.isFixed() && c.get(0).value() == n.value();
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
