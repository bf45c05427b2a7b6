package dev.jinn.ops.control;

import dev.jinn.exec.ExecContext;
import dev.jinn.ops.NodeContext;
import dev.jinn.ops.Op;
import dev.jinn.tensor.DataType;
import dev.jinn.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Loop-1/11/13/16/19/21/23/24/25: runs {@code body} while the trip count M (optional) and the
 * condition (optional) allow. The body takes (iteration_num, cond, carried...) and returns
 * (cond, carried..., scan...); the node returns the final carried values and each scan output
 * stacked along a new first axis. Jinn runs bodies whose values are tensors (not sequences or
 * optionals).
 */
public final class Loop implements Op {
    private final NodeContext node;
    private final NodeContext.GraphRunner body;
    private final List<String> implicit;

    public Loop(NodeContext node) {
        this.node = node;
        this.body = node.subgraph("body");
        this.implicit = node.implicitInputs();
    }

    @Override
    public Tensor[] run(Tensor[] in, ExecContext ctx) {
        Tensor tripT = in.length > 0 ? in[0] : null;
        Tensor condT = in.length > 1 ? in[1] : null;
        long trips = tripT == null ? Long.MAX_VALUE : tripT.getLong(0);
        boolean cond = condT == null || condT.getLong(0) != 0;
        int carried = node.inputCount() - 2;
        int scans = node.outputCount() - carried;
        if (carried < 0 || scans < 0) throw node.malformed("Loop needs M, cond and as many outputs as carried values or more");
        var outer = Scope.of(node, implicit, in);
        Tensor[] state = Arrays.copyOfRange(in, 2, 2 + carried);
        List<List<Tensor>> scanned = new ArrayList<>();
        for (int k = 0; k < scans; k++) scanned.add(new ArrayList<>());
        Tensor condValue = Tensor.wrap(DataType.BOOL, new int[0], new byte[] {(byte) (cond ? 1 : 0)});
        long held = 0;
        for (long i = 0; i < trips && cond; i++) {
            long iteration = i;
            ctx.checkTime(() -> node.describe() + ", iteration " + iteration);
            Tensor[] bodyIn = new Tensor[2 + carried];
            bodyIn[0] = Tensor.scalar(i);
            bodyIn[1] = condValue;
            System.arraycopy(state, 0, bodyIn, 2, carried);
            Tensor[] out = body.run(bodyIn, outer, ctx);
            if (out.length != 1 + carried + scans) {
                throw node.invalid("body returned " + out.length + " values, expected " + (1 + carried + scans));
            }
            condValue = out[0];
            cond = out[0].getLong(0) != 0;
            System.arraycopy(out, 1, state, 0, carried);
            for (int k = 0; k < scans; k++) {
                scanned.get(k).add(out[1 + carried + k]);
                held += HELD_PER_PART + out[1 + carried + k].dtype().byteSize(out[1 + carried + k].size());
            }
            // Scan outputs pile up until the loop ends: millions of trips of a scalar hold far more
            // than their bytes say, so each part is charged with its object's overhead as well.
            if (scans > 0) ctx.reserve(node.describe() + SCAN_OUTPUTS_OF + (i + 1) + " iterations", held);
        }
        Tensor[] result = new Tensor[carried + scans];
        System.arraycopy(state, 0, result, 0, carried);
        for (int k = 0; k < scans; k++) result[carried + k] = stack(scanned.get(k), k, ctx);
        return result;
    }

    /** How the budget message of scan outputs that outgrow the run budget names them. */
    public static final String SCAN_OUTPUTS_OF = ": scan outputs of ";

    /** What a scan part holds beyond its data: the Tensor, its shape and its array's header. */
    private static final long HELD_PER_PART = 64;

    private Tensor stack(List<Tensor> parts, int k, ExecContext ctx) {
        if (parts.isEmpty()) return Tensor.zeros(DataType.FLOAT, 0);
        Tensor first = parts.get(0);
        DataType t = first.dtype();
        if (t.isSubByte()) throw node.invalid("scan output " + k + ": Jinn cannot stack " + t);
        int[] shape = new int[first.rank() + 1];
        shape[0] = parts.size();
        System.arraycopy(first.shape(), 0, shape, 1, first.rank());
        long count = (long) parts.size() * first.size();
        ctx.reserve(node.describe() + ": scan output " + k, t.byteSize(count));
        int per = t.slots(first.size());
        Object data = Tensor.allocate(t, t.slots(count));
        for (int i = 0; i < parts.size(); i++) {
            Tensor p = parts.get(i);
            if (p.dtype() != t || !Arrays.equals(p.shape(), first.shape())) {
                throw node.invalid("scan output " + k + ": iteration " + i + " gave " + p.dtype() + Arrays.toString(p.shape())
                        + ", the first gave " + t + Arrays.toString(first.shape()));
            }
            System.arraycopy(p.array(), 0, data, i * per, per);
        }
        return Tensor.wrap(t, shape, data);
    }
}
