package dev.jinn.tools;

import dev.jinn.JinnException;
import dev.jinn.conformance.ConformanceCommand;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code jinn} command. Exit codes: 0 success, 1 an internal error (a bug in Jinn), 2 bad usage
 * or bad input (a model, a file or an argument), with a one-line reason on stderr.
 */
@Command(name = "jinn", mixinStandardHelpOptions = true, versionProvider = Jinn.Version.class,
        description = "Jinn, an ONNX runtime in pure Java.",
        subcommands = {
            InspectCommand.class,
            RunCommand.class,
            DemoCommand.class,
            ConformanceCommand.class,
            CompareCommand.class,
            EmbedCommand.class,
            SoakCommand.class,
            BenchCommand.class,
            OpsCommand.class,
            CommandLine.HelpCommand.class,
        })
public final class Jinn implements Callable<Integer> {
    /** Bad input of any kind: a model, a file, an argument. Also picocli's code for usage errors. */
    public static final int EXIT_BAD_INPUT = 2;
    public static final int EXIT_INTERNAL = 1;

    @Spec
    CommandSpec spec;

    @Option(names = "--verbose", scope = ScopeType.INHERIT, description = "Print stack traces with errors.")
    boolean verbose;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return EXIT_BAD_INPUT;
    }

    public static void main(String[] args) {
        int code;
        try {
            code = commandLine().execute(args);
        } catch (OutOfMemoryError e) {
            // Load and run name what ran out themselves; this is for the rest (the CLI's own buffers).
            System.err.println("jinn: out of memory; the JVM heap is limited to " + Runtime.getRuntime().maxMemory()
                    + " bytes (raise it with JINN_JAVA_OPTS=-Xmx...)");
            code = EXIT_BAD_INPUT;
        }
        System.exit(code);
    }

    /** The command line with Jinn's error handling; tests call {@code execute} on it in-process. */
    public static CommandLine commandLine() {
        return new CommandLine(new Jinn()).setExecutionExceptionHandler(Jinn::handle);
    }

    /** Whether --verbose was given anywhere on the command line (before or after the subcommand). */
    static boolean verbose(CommandSpec anyCommand) {
        for (ParseResult pr = anyCommand.root().commandLine().getParseResult(); pr != null; pr = pr.subcommand()) {
            if (pr.hasMatchedOption("--verbose")) return true;
        }
        return false;
    }

    /** A message on one line, so that scripts can read one line per error. */
    static String oneLine(String message) {
        if (message == null) return "";
        // Checker lists problems as "N problems:" then "  - ..." lines.
        return message.strip().replaceAll(":\\s*\\R\\s*- ", ": ").replaceAll("\\s*\\R\\s*(- )?", "; ");
    }

    private static int handle(Exception e, CommandLine cmd, ParseResult parsed) {
        PrintWriter err = cmd.getErr();
        boolean verbose = verbose(cmd.getCommandSpec());
        int code;
        if (e instanceof JinnException) {
            err.println("jinn: " + oneLine(e.getMessage()));
            code = EXIT_BAD_INPUT;
        } else {
            err.println("jinn: internal error: " + oneLine(String.valueOf(e)) + (verbose ? "" : " (--verbose shows where)"));
            code = EXIT_INTERNAL;
        }
        if (verbose) e.printStackTrace(err);
        err.flush();
        return code;
    }

    /** Jinn's version from the build, and the Java that runs it. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {
                "jinn " + jinnVersion(),
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ", "
                        + System.getProperty("java.vendor") + ") on " + System.getProperty("os.name") + " "
                        + System.getProperty("os.arch"),
            };
        }

        static String jinnVersion() {
            try (InputStream in = Jinn.class.getResourceAsStream("version.properties")) {
                if (in == null) return "unknown";
                Properties p = new Properties();
                p.load(in);
                return p.getProperty("version", "unknown");
            } catch (IOException e) {
                return "unknown";
            }
        }
    }
}
