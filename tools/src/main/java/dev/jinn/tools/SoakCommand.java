package dev.jinn.tools;

import dev.jinn.exec.SessionOptions;
import dev.jinn.text.SentenceEmbedder;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * A soak: all-MiniLM-L6-v2 embedded from many threads at once for minutes, with sessions created and
 * closed throughout, reporting runs, errors, heap and RSS over time. A leak shows as growth from one
 * report to the next once the JIT and the pools have settled; an error is anything a run throws
 * other than the refusal of a session closed under it (which {@code close()} promises).
 */
@Command(name = "soak", description = {
    "Embed with all-MiniLM-L6-v2 from many threads for a while, creating and closing sessions throughout;",
    "print runs, errors, heap and RSS every interval, and their growth at the end."})
final class SoakCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--minutes", defaultValue = "10", description = "How long (default ${DEFAULT-VALUE}).")
    double minutes;

    @Option(names = "--threads", defaultValue = "8", description = "Threads embedding at once (default ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--provider", defaultValue = "auto", description = "Provider mode (default ${DEFAULT-VALUE}).")
    String provider;

    @Option(names = "--every", defaultValue = "30", description = "Seconds between reports, and between swaps of the shared session (default ${DEFAULT-VALUE}).")
    int every;

    private static final String[] WORDS = ("jinn runs sentence embedders in pure java on the jvm with vector kernels and "
            + "scalar twins while sessions come and go under load from many threads at once").split(" ");

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        SessionOptions options = SessionOptions.defaults().withProviderMode(provider);
        AtomicReference<SentenceEmbedder> shared = new AtomicReference<>(SentenceEmbedder.allMiniLmL6V2(options));
        AtomicLong runs = new AtomicLong(), errors = new AtomicLong(), refused = new AtomicLong(), created = new AtomicLong(1);
        AtomicReference<Throwable> firstError = new AtomicReference<>();
        long end = System.nanoTime() + (long) (minutes * 60e9);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            long seed = t;
            workers.add(Thread.ofPlatform().name("soak-" + t).start(() -> {
                java.util.Random rnd = new java.util.Random(seed);
                while (System.nanoTime() < end) {
                    SentenceEmbedder e = shared.get();
                    try {
                        e.embed(sentence(rnd));
                        runs.incrementAndGet();
                    } catch (IllegalStateException closed) {
                        // Swapped out and closed between get() and the run: close() refuses new runs.
                        if (shared.get() != e) refused.incrementAndGet();
                        else fail(errors, firstError, closed);
                    } catch (RuntimeException | Error x) {
                        fail(errors, firstError, x);
                    }
                }
            }));
        }
        // Besides the swaps, a session of its own created, run once and closed every few seconds.
        Thread churn = Thread.ofPlatform().name("soak-churn").start(() -> {
            java.util.Random rnd = new java.util.Random(99);
            while (System.nanoTime() < end) {
                try (SentenceEmbedder e = SentenceEmbedder.allMiniLmL6V2(options)) {
                    created.incrementAndGet();
                    e.embed(sentence(rnd));
                    runs.incrementAndGet();
                } catch (RuntimeException | Error x) {
                    fail(errors, firstError, x);
                }
                sleep(3000);
            }
        });
        out.println("minute  runs      errors  refused  sessions  heap-after-GC MB  RSS MB");
        long start = System.nanoTime();
        double firstHeap = -1, firstRss = -1, lastHeap = 0, lastRss = 0;
        while (System.nanoTime() < end) {
            sleep(Math.min(every * 1000L, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
            SentenceEmbedder old = shared.getAndSet(SentenceEmbedder.allMiniLmL6V2(options));
            created.incrementAndGet();
            old.close();
            System.gc();
            lastHeap = (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) / 1e6;
            lastRss = rssMb();
            // The first report after a minute is the baseline: before it the JIT and the pools still grow.
            double minute = (System.nanoTime() - start) / 60e9;
            if (firstHeap < 0 && minute >= 1) {
                firstHeap = lastHeap;
                firstRss = lastRss;
            }
            out.printf(Locale.ROOT, "%6.1f  %-8d  %-6d  %-7d  %-8d  %-16.0f  %.0f%n", minute, runs.get(), errors.get(),
                    refused.get(), created.get(), lastHeap, lastRss);
            out.flush();
        }
        for (Thread w : workers) w.join();
        churn.join();
        shared.get().close();
        out.printf(Locale.ROOT, "runs %d, errors %d, sessions created and closed %d; heap after GC %.0f -> %.0f MB, RSS %.0f -> %.0f MB"
                + " (from the first report after a minute)%n", runs.get(), errors.get(), created.get(), firstHeap, lastHeap, firstRss, lastRss);
        if (firstError.get() != null) out.println("first error: " + firstError.get());
        out.flush();
        return errors.get() == 0 ? 0 : Jinn.EXIT_INTERNAL;
    }

    private static String sentence(java.util.Random rnd) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0, n = 4 + rnd.nextInt(40); i < n; i++) sb.append(i > 0 ? " " : "").append(WORDS[rnd.nextInt(WORDS.length)]);
        return sb.toString();
    }

    private static void fail(AtomicLong errors, AtomicReference<Throwable> first, Throwable x) {
        errors.incrementAndGet();
        first.compareAndSet(null, x);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static double rssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("\\D", "")) / 1e3;
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
