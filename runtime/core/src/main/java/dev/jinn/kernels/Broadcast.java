package dev.jinn.kernels;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The iteration plan of an elementwise op over inputs broadcast together (numpy rules). Output dims
 * of size 1 are dropped and adjacent dims merged wherever every input is laid out alike across them,
 * so [B,S,H] + [H] becomes B*S runs of H contiguous elements, and same-shape inputs one long run.
 * Kernels then loop over runs: each input is contiguous (stride 1) or constant (stride 0) inside one.
 */
public final class Broadcast {
    /** One run: input k starts at {@code off[k]} and moves by {@link #stride(int)} per element. */
    @FunctionalInterface
    public interface Run {
        void run(int[] off, int outOff, int n);
    }

    private final int[] shape;
    private final int[] outer;
    private final int[][] outerStrides;
    private final int inner;
    private final int[] innerStrides;
    private final int runs;

    private Broadcast(int[] shape, int[] outer, int[][] outerStrides, int inner, int[] innerStrides) {
        this.shape = shape;
        this.outer = outer;
        this.outerStrides = outerStrides;
        this.inner = inner;
        this.innerStrides = innerStrides;
        int r = 1;
        for (int d : outer) r = Math.multiplyExact(r, d);
        this.runs = inner == 0 ? 0 : r;
    }

    /** Multidirectional broadcast of {@code shapes}; IllegalArgumentException when they do not broadcast. */
    public static Broadcast of(int[]... shapes) {
        int rank = 0;
        for (int[] s : shapes) rank = Math.max(rank, s.length);
        int[] out = new int[rank];
        Arrays.fill(out, 1);
        for (int[] s : shapes) {
            for (int i = 0; i < s.length; i++) {
                int d = rank - s.length + i;
                if (s[i] == out[d] || s[i] == 1) continue;
                if (out[d] != 1) throw new IllegalArgumentException("shapes " + describe(shapes) + " do not broadcast");
                out[d] = s[i];
            }
        }
        return plan(out, shapes);
    }

    /** Unidirectional broadcast of {@code shape} to {@code target}, as Expand and Where's inputs need. */
    public static Broadcast to(int[] target, int[] shape) {
        Broadcast b = of(target, shape);
        if (!Arrays.equals(b.shape, target)) {
            throw new IllegalArgumentException(Arrays.toString(shape) + " does not broadcast to " + Arrays.toString(target));
        }
        return plan(target, new int[][] {shape});
    }

    private static Broadcast plan(int[] out, int[][] shapes) {
        int rank = out.length;
        int k = shapes.length;
        List<Integer> dims = new ArrayList<>();
        List<int[]> strides = new ArrayList<>();
        for (int d = 0; d < rank; d++) {
            if (out[d] == 1) continue;
            int[] st = new int[k];
            for (int j = 0; j < k; j++) {
                int[] s = shapes[j];
                int sd = d - (rank - s.length);
                if (sd < 0 || s[sd] == 1) continue;
                int acc = 1;
                for (int e = sd + 1; e < s.length; e++) acc *= s[e];
                st[j] = acc;
            }
            int last = dims.size() - 1;
            if (last >= 0 && mergeable(strides.get(last), st, out[d])) {
                dims.set(last, dims.get(last) * out[d]);
                strides.set(last, st);
            } else {
                dims.add(out[d]);
                strides.add(st);
            }
        }
        boolean empty = Arrays.stream(out).anyMatch(d -> d == 0);
        if (dims.isEmpty()) return new Broadcast(out, new int[0], new int[0][], empty ? 0 : 1, new int[k]);
        int m = dims.size() - 1;
        int[] outerDims = new int[m];
        int[][] outerStrides = new int[m][];
        for (int i = 0; i < m; i++) {
            outerDims[i] = dims.get(i);
            outerStrides[i] = strides.get(i);
        }
        return new Broadcast(out, outerDims, outerStrides, empty ? 0 : dims.get(m), strides.get(m));
    }

    /** Dims d-1 and d merge when every input steps over d-1 exactly as over d times its length. */
    private static boolean mergeable(int[] prev, int[] cur, int n) {
        for (int j = 0; j < prev.length; j++) if (prev[j] != (long) cur[j] * n) return false;
        return true;
    }

    /** The broadcast output shape. */
    public int[] shape() {
        return shape.clone();
    }

    /** Number of output elements. */
    public int size() {
        return Math.multiplyExact(runs, inner);
    }

    public int runs() {
        return runs;
    }

    /** Elements per run. */
    public int runLength() {
        return inner;
    }

    /** Stride of input {@code k} inside a run: 1 (contiguous) or 0 (held constant). */
    public int stride(int k) {
        return innerStrides[k];
    }

    /** Calls {@code body} for runs [from, to) in order; {@code off} is reused between calls. */
    public void forRuns(int from, int to, Run body) {
        if (from >= to) return;
        int m = outer.length;
        int k = innerStrides.length;
        int[] idx = new int[m];
        int[] off = new int[k];
        int rest = from;
        for (int d = m - 1; d >= 0; d--) {
            idx[d] = rest % outer[d];
            rest /= outer[d];
            for (int j = 0; j < k; j++) off[j] += idx[d] * outerStrides[d][j];
        }
        for (int r = from; r < to; r++) {
            body.run(off, r * inner, inner);
            for (int d = m - 1; d >= 0; d--) {
                for (int j = 0; j < k; j++) off[j] += outerStrides[d][j];
                if (++idx[d] < outer[d]) break;
                for (int j = 0; j < k; j++) off[j] -= outerStrides[d][j] * outer[d];
                idx[d] = 0;
            }
        }
    }

    /**
     * Calls {@code body} over the whole output in pieces: whole runs, or slices of the single run
     * when there is only one (same-shape inputs), so that threads can share either kind of work.
     */
    public void forSlices(int from, int to, int slices, Run body) {
        if (runs != 1) {
            forRuns(from, to, body);
            return;
        }
        int k = innerStrides.length;
        int[] off = new int[k];
        for (int s = from; s < to; s++) {
            int a = (int) ((long) inner * s / slices);
            int b = (int) ((long) inner * (s + 1) / slices);
            for (int j = 0; j < k; j++) off[j] = a * innerStrides[j];
            body.run(off, a, b - a);
        }
    }

    /** How many pieces {@link #forSlices} splits the work into for {@code threads} threads. */
    public int slices(int threads) {
        return runs == 1 ? Math.max(1, Math.min(threads, inner / 4096)) : runs;
    }

    /** For each output element, the flat index it reads in input {@code k}: gathers use it for any dtype. */
    public int[] indexOf(int k) {
        int[] map = new int[size()];
        int st = innerStrides[k];
        forRuns(0, runs, (off, o, n) -> {
            for (int i = 0; i < n; i++) map[o + i] = off[k] + i * st;
        });
        return map;
    }

    private static String describe(int[][] shapes) {
        StringBuilder b = new StringBuilder();
        for (int[] s : shapes) b.append(b.isEmpty() ? "" : " and ").append(Arrays.toString(s));
        return b.toString();
    }
}
