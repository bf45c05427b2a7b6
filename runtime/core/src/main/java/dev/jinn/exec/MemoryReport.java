package dev.jinn.exec;

import java.util.List;

/**
 * A session's static memory plan for one set of input shapes ({@link Session#memory}).
 *
 * @param plannedPeakBytes the float32 bytes one run holds at most under the plan: its arena plus its outputs
 * @param arenaBytes       the reusable buffers the intermediates are placed in
 * @param outputBytes      the outputs' arrays, allocated afresh for the caller
 * @param peakLiveBytes    the largest set of values alive at once (a lower bound for any plan)
 * @param peakNode         the node where that set is largest
 * @param liveAtPeak       the values alive there, biggest first
 */
public record MemoryReport(long plannedPeakBytes, long arenaBytes, long outputBytes, long peakLiveBytes, String peakNode,
                           List<Live> liveAtPeak) {
    /** A value alive at the peak: its name (or the node whose scratch it is) and size. */
    public record Live(String name, long bytes) {}
}
