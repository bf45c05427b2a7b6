package dev.jinn.exec;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The static memory plan for one set of input shapes, after ONNX Runtime's memory pattern and
 * TFLite's arena planner: every float32 array the main graph's ops ask for ({@link
 * ExecContext#outputFloats}) gets a buffer of an arena, and arrays whose lifetimes do not overlap
 * share one. Sizes and lifetimes come from a recorded run ({@link Recorder}), because ops state no
 * shape rules apart from running; the plan is then reused by every run with those shapes.
 *
 * <p>A buffer is a whole Java array, not an offset into a larger one: a tensor owns its array from
 * index 0 and kernels index it so, so two arrays may share a buffer only when their lengths are
 * equal. Groups are placed largest first into the first buffer of their length that is free for
 * their whole lifetime (greedy by size, as TFLite's {@code simple_memory_arena}). An {@link
 * dev.jinn.ops.InPlace} op's output joins the buffer of an input of its shape that dies at that
 * step. Views (Reshape, Squeeze, Flatten, Identity ...) return their input's array, so the recorder
 * sees one array whose lifetime ends with its last holder. Arrays that leave the run as outputs are
 * not planned: a later run must never write into what a caller holds.
 *
 * <p>A run takes an arena from the plan's queue and gives it back at the end, so concurrent runs
 * never share one.
 */
final class MemoryPlan {
    /** One array that an op asked for: at main-graph step {@code step}, its {@code ordinal}-th request. */
    static final class Request {
        final int step;
        final int ordinal;
        final int length;
        /** The first value that held it, or null for an op's scratch array. */
        String name;
        /** The last step whose slot held it; {@code step} when no slot held it (scratch). */
        int dies;
        /** Still held when the run ended: an output of the run, never planned. */
        boolean output;
        /** An input of an in-place op at this request's step that this request may overwrite. */
        Request inPlaceOf;
        int holders;
        int group = -1;
        /** The arena buffer it is placed in; -1 for an output. */
        int buffer = -1;

        Request(int step, int ordinal, int length) {
            this.step = step;
            this.ordinal = ordinal;
            this.length = length;
            this.dies = step;
        }

        long bytes() {
            return 4L * length;
        }
    }

    /** Watches one run: which arrays were asked for where, which values held them, and until when. */
    static final class Recorder {
        private final List<Request> requests = new ArrayList<>();
        private final IdentityHashMap<float[], Request> byArray = new IdentityHashMap<>();

        void requested(int step, int ordinal, float[] a) {
            Request r = new Request(step, ordinal, a.length);
            requests.add(r);
            byArray.put(a, r);
        }

        void held(float[] a, String name, int step) {
            Request r = byArray.get(a);
            if (r == null) return;
            if (r.name == null) r.name = name;
            r.holders++;
            r.dies = Math.max(r.dies, step);
        }

        void released(float[] a, int step) {
            Request r = byArray.get(a);
            if (r == null) return;
            r.dies = Math.max(r.dies, step);
            if (--r.holders == 0) byArray.remove(a);
        }

        /** {@code out}, just made by an in-place op from {@code in} of the same shape, may take in's buffer. */
        void inPlace(float[] in, float[] out) {
            Request i = byArray.get(in), o = byArray.get(out);
            if (i != null && o != null && i != o && o.inPlaceOf == null && i.length == o.length) o.inPlaceOf = i;
        }

        MemoryPlan plan(int steps, List<String> stepNames) {
            for (Request r : requests) r.output = r.holders > 0;
            return new MemoryPlan(requests, steps, stepNames);
        }
    }

    private final List<Request> requests;
    private final int[][] bufferOf;
    private final boolean[][] inPlaceAt;
    private final int[] lengths;
    private final long arenaBytes;
    private final long outputBytes;
    private final long peakLiveBytes;
    private final int peakStep;
    private final String peakNode;
    private final List<MemoryReport.Live> liveAtPeak;
    private final ConcurrentLinkedQueue<float[][]> arenas = new ConcurrentLinkedQueue<>();

    private MemoryPlan(List<Request> requests, int steps, List<String> stepNames) {
        this.requests = List.copyOf(requests);
        List<List<Request>> groups = new ArrayList<>();
        for (Request r : requests) {
            if (r.output) continue;
            Request in = r.inPlaceOf;
            // A chain grows only at its end: the input must die right here and nothing else may have taken it.
            if (in != null && !in.output && in.dies == r.step && in.group >= 0 && last(groups.get(in.group)) == in) {
                r.group = in.group;
            } else {
                r.group = groups.size();
                groups.add(new ArrayList<>());
            }
            groups.get(r.group).add(r);
        }
        List<Integer> order = new ArrayList<>();
        for (int g = 0; g < groups.size(); g++) order.add(g);
        order.sort(Comparator.<Integer>comparingLong(g -> -groups.get(g).get(0).bytes())
                .thenComparingInt(g -> groups.get(g).get(0).step));
        List<Integer> bufferLengths = new ArrayList<>();
        List<List<int[]>> busy = new ArrayList<>();
        int[] groupBuffer = new int[groups.size()];
        for (int g : order) {
            List<Request> members = groups.get(g);
            int from = members.get(0).step, to = last(members).dies, length = members.get(0).length;
            int chosen = -1;
            for (int b = 0; b < bufferLengths.size() && chosen < 0; b++) {
                if (bufferLengths.get(b) != length) continue;
                boolean free = true;
                for (int[] iv : busy.get(b)) free &= iv[1] < from || to < iv[0];
                if (free) chosen = b;
            }
            if (chosen < 0) {
                chosen = bufferLengths.size();
                bufferLengths.add(length);
                busy.add(new ArrayList<>());
            }
            busy.get(chosen).add(new int[] {from, to});
            groupBuffer[g] = chosen;
        }
        this.lengths = bufferLengths.stream().mapToInt(Integer::intValue).toArray();
        long arena = 0;
        for (int l : lengths) arena += 4L * l;
        this.arenaBytes = arena;
        this.bufferOf = new int[steps][];
        this.inPlaceAt = new boolean[steps][];
        int[] perStep = new int[steps];
        for (Request r : requests) perStep[r.step] = Math.max(perStep[r.step], r.ordinal + 1);
        for (int s = 0; s < steps; s++) {
            bufferOf[s] = new int[perStep[s]];
            java.util.Arrays.fill(bufferOf[s], -1);
            inPlaceAt[s] = new boolean[perStep[s]];
        }
        long outputs = 0;
        for (Request r : requests) {
            if (r.output) outputs += r.bytes();
            else bufferOf[r.step][r.ordinal] = r.buffer = groupBuffer[r.group];
            if (!r.output) inPlaceAt[r.step][r.ordinal] = groups.get(r.group).get(0) != r;
        }
        this.outputBytes = outputs;
        // The live set per step counts a shared buffer once: an in-place chain is one array.
        long[] live = new long[Math.max(1, steps)];
        for (List<Request> members : groups) {
            for (int s = members.get(0).step; s <= last(members).dies && s < steps; s++) live[s] += members.get(0).bytes();
        }
        for (Request r : requests) if (r.output) for (int s = r.step; s < steps; s++) live[s] += r.bytes();
        int peak = 0;
        for (int s = 1; s < live.length; s++) if (live[s] > live[peak]) peak = s;
        this.peakStep = peak;
        this.peakLiveBytes = live[peak];
        this.peakNode = steps == 0 ? "(no steps)" : stepNames.get(peak);
        List<MemoryReport.Live> at = new ArrayList<>();
        for (List<Request> members : groups) {
            for (Request r : members) {
                int end = r == last(members) ? r.dies : members.get(members.indexOf(r) + 1).step - 1;
                if (r.step <= peak && peak <= Math.max(end, r.step)) at.add(new MemoryReport.Live(label(r, stepNames), r.bytes()));
            }
        }
        for (Request r : requests) if (r.output && r.step <= peak) at.add(new MemoryReport.Live(label(r, stepNames) + " (output)", r.bytes()));
        at.sort(Comparator.comparingLong(MemoryReport.Live::bytes).reversed());
        this.liveAtPeak = List.copyOf(at);
    }

    private static Request last(List<Request> members) {
        return members.get(members.size() - 1);
    }

    private static String label(Request r, List<String> stepNames) {
        return r.name != null ? r.name : "scratch of " + stepNames.get(r.step);
    }

    /** The buffer for the {@code ordinal}-th array asked for at {@code step}, or -1 when that one is not planned. */
    int buffer(int step, int ordinal) {
        if (step < 0 || step >= bufferOf.length || ordinal >= bufferOf[step].length) return -1;
        return bufferOf[step][ordinal];
    }

    /** Every array the recorded run asked for, with its lifetime and buffer. */
    List<Request> requests() {
        return requests;
    }

    /** Whether that array is planned into the buffer of an input that dies at its step. */
    boolean inPlace(int step, int ordinal) {
        return inPlaceAt[step][ordinal];
    }

    int length(int buffer) {
        return lengths[buffer];
    }

    int buffers() {
        return lengths.length;
    }

    /** An arena for one run; its arrays are made on first use and kept for the next run that takes it. */
    float[][] takeArena() {
        float[][] a = arenas.poll();
        return a != null ? a : new float[lengths.length][];
    }

    void giveBack(float[][] arena) {
        arenas.add(arena);
    }

    /** Lets the arenas no run holds go, when the heap ran short. */
    void dropArenas() {
        arenas.clear();
    }

    /** Bytes of the arena's buffers: what a run allocates for its intermediates. */
    long arenaBytes() {
        return arenaBytes;
    }

    MemoryReport report() {
        return new MemoryReport(arenaBytes + outputBytes, arenaBytes, outputBytes, peakLiveBytes, peakNode, liveAtPeak);
    }

    int peakStep() {
        return peakStep;
    }
}
