package dev.jinn.exec;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Time spent in each step of a session's plan (a node, or a provider's subgraph), summed over the
 * runs since the session was made or the profile was last reset. Runs may record from many threads
 * at once. A step's time is wall time on the calling thread, so it includes the intra-op workers'
 * share of a split op. The nodes of an If, Loop or Scan body are recorded too, and their time is
 * also inside the time of the node that runs the body.
 */
public final class Profile {
    /** One step: what it is ({@code where}, as errors name it), its op type, how often it ran and for how long. */
    public record Entry(String where, String opType, long calls, long nanos) {}

    private record Counters(String opType, LongAdder calls, LongAdder nanos) {}

    private final Map<String, Counters> steps = new ConcurrentHashMap<>();

    void add(String where, String opType, long nanos) {
        Counters c = steps.computeIfAbsent(where, k -> new Counters(opType, new LongAdder(), new LongAdder()));
        c.calls.increment();
        c.nanos.add(nanos);
    }

    /** Steps by total time, longest first. */
    public List<Entry> entries() {
        List<Entry> out = new ArrayList<>();
        steps.forEach((where, c) -> out.add(new Entry(where, c.opType(), c.calls().sum(), c.nanos().sum())));
        out.sort(Comparator.comparingLong(Entry::nanos).reversed());
        return out;
    }

    /** Forgets what was recorded, for instance after warm-up runs. */
    public void reset() {
        steps.clear();
    }
}
