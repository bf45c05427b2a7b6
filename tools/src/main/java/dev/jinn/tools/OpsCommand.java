package dev.jinn.tools;

import dev.jinn.ir.Domains;
import dev.jinn.ops.OpRegistry;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code jinn ops}: the operators the Java provider runs, as the Markdown table the README shows. */
@Command(name = "ops", description = "List the operators Jinn runs natively, with their ONNX versions (Markdown).")
final class OpsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        java.io.PrintWriter out = spec.commandLine().getOut();
        out.print(table(OpRegistry.standard()));
        out.flush();
        return 0;
    }

    /** The table, generated from the registry, so the README cannot drift from the code. */
    static String table(OpRegistry registry) {
        StringBuilder sb = new StringBuilder("| domain | operator | versions |\n|---|---|---|\n");
        for (OpRegistry.Entry e : registry.entries()) {
            sb.append("| ").append(Domains.label(e.domain())).append(" | ").append(e.opType()).append(" | ")
                    .append(e.versions().stream().map(String::valueOf).collect(Collectors.joining(", "))).append(" |\n");
        }
        sb.append("\n").append(registry.entries().size()).append(" operators.\n");
        return sb.toString();
    }
}
