package dev.jinn.providers.ort;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import dev.jinn.ProviderUnavailableException;
import dev.jinn.ir.Node;
import dev.jinn.onnx.ModelBuilder;
import dev.jinn.onnx.proto.Onnx.ModelProto;
import dev.jinn.ops.NodeContext;
import dev.jinn.ops.Op;
import dev.jinn.providers.Provider;
import dev.jinn.providers.Subgraph;
import dev.jinn.tensor.DataType;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs runs of nodes on ONNX Runtime, on its CPU provider or its CUDA provider. It takes every node
 * it is offered, so it goes last in a session's provider list: what Jinn's Java ops run stays in
 * Java, and each maximal run of the rest becomes one ORT session, compiled once.
 *
 * <p>The provider holds no native state of its own (each compile makes and closes its ORT options,
 * and the environment is ORT's process-wide one); the ORT sessions belong to the subgraph ops, which
 * the Jinn session closes before it closes its providers. So closing the provider has nothing left
 * to release, and one provider may serve several sessions.
 */
public final class OrtProvider implements Provider {
    private static final System.Logger LOG = System.getLogger(OrtProvider.class.getName());
    private static final Pattern LIBRARY = Pattern.compile("([\\w.+-]*\\.(?:so(?:\\.\\d+)*|dll|dylib))");

    private final OrtEnvironment env;
    private final boolean cuda;
    private final int device;
    private final AtomicInteger open = new AtomicInteger();

    private OrtProvider(boolean cuda, int device) {
        this.env = OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR, "jinn");
        this.cuda = cuda;
        this.device = device;
    }

    /** ONNX Runtime's CPU provider. */
    public static OrtProvider cpu() {
        return new OrtProvider(false, 0);
    }

    /**
     * ONNX Runtime's CUDA provider on {@code device}. CUDA is tried here, on a one-node model, so
     * that what is missing is reported now: the GPU build of ORT, a CUDA device, or a CUDA library.
     *
     * @param allowCpuFallback when CUDA cannot be had, log a warning and return the CPU provider
     *     instead of throwing
     * @throws ProviderUnavailableException naming what is missing
     */
    public static OrtProvider cuda(int device, boolean allowCpuFallback) {
        OrtProvider p = new OrtProvider(true, device);
        try {
            p.probe();
            return p;
        } catch (ProviderUnavailableException e) {
            if (!allowCpuFallback) throw e;
            LOG.log(System.Logger.Level.WARNING, e.getMessage() + "; falling back to ONNX Runtime's CPU provider as allowCpuFallback asks");
            return cpu();
        }
    }

    @Override
    public String name() {
        return cuda ? "ort-cuda" : "ort";
    }

    public boolean usesCuda() {
        return cuda;
    }

    OrtEnvironment env() {
        return env;
    }

    /** ORT sessions made by this provider and not yet closed; tests use it to see that nothing leaks. */
    public int openSessions() {
        return open.get();
    }

    @Override
    public Compiled compile(String model, Node node, int opset, NodeContext.SubgraphCompiler subgraphs) {
        return new Compiled(null, opset, "ONNX Runtime compiles runs of nodes, not single nodes");
    }

    @Override
    public boolean takes(Node node, int opset) {
        return true;
    }

    @Override
    public Op compileRun(Subgraph run) {
        return new OrtSubgraph(this, run);
    }

    OrtSession createSession(ModelProto model, String where) {
        try (OrtSession.SessionOptions o = options()) {
            OrtSession s = env.createSession(model.toByteArray(), o);
            open.incrementAndGet();
            return s;
        } catch (OrtException e) {
            if (cuda) {
                ProviderUnavailableException missing = cudaProblem(e.getMessage(), device, e);
                if (missing != null) throw missing;
            }
            throw new ProviderFailedException(where + ": ONNX Runtime cannot compile it: " + e.getMessage(), e);
        }
    }

    void released() {
        open.decrementAndGet();
    }

    private OrtSession.SessionOptions options() throws OrtException {
        OrtSession.SessionOptions o = new OrtSession.SessionOptions();
        try {
            o.setSessionLogLevel(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
            if (cuda) o.addCUDA(device);
            return o;
        } catch (OrtException | RuntimeException e) {
            o.close();
            throw e;
        }
    }

    /** Compiles and runs nothing but an Identity node, to find out whether CUDA works here. */
    private void probe() {
        if (!OrtEnvironment.getAvailableProviders().contains(ai.onnxruntime.OrtProvider.CUDA)) {
            throw new ProviderUnavailableException("ONNX Runtime's CUDA provider is not available: the ONNX Runtime on "
                    + "the classpath (" + env.getVersion() + ") is the CPU build, with providers "
                    + OrtEnvironment.getAvailableProviders() + ". Put the GPU build, "
                    + "com.microsoft.onnxruntime:onnxruntime_gpu, on the classpath instead of onnxruntime "
                    + "(build Jinn with -Pcuda)");
        }
        ModelProto identity = new ModelBuilder("cuda_probe").input("x", DataType.FLOAT, 1).output("y", DataType.FLOAT, 1)
                .node("Identity", List.of("x"), List.of("y"), Map.of()).build();
        try (OrtSession.SessionOptions o = options(); OrtSession s = env.createSession(identity.toByteArray(), o)) {
            if (s.getNumOutputs() != 1) throw new IllegalStateException("probe session has no output");
        } catch (OrtException e) {
            ProviderUnavailableException missing = cudaProblem(e.getMessage(), device, e);
            throw missing != null ? missing : new ProviderUnavailableException(
                    "ONNX Runtime's CUDA provider failed to start on device " + device + ": " + e.getMessage(), e);
        }
    }

    /** What ORT's message says is missing for CUDA, or null when it is about something else. */
    static ProviderUnavailableException cudaProblem(String message, int device, Throwable e) {
        String msg = String.valueOf(message);
        String lower = msg.toLowerCase(java.util.Locale.ROOT);
        if (lower.contains("no cuda-capable device") || lower.contains("cudaerrornodevice")
                || lower.contains("invalid device ordinal") || lower.contains("cudaerrorinvaliddevice")) {
            return new ProviderUnavailableException("ONNX Runtime's CUDA provider found no CUDA device"
                    + (device == 0 ? "" : " with index " + device) + " (ORT says: " + msg + ")", e);
        }
        if (lower.contains("driver version is insufficient")) {
            return new ProviderUnavailableException("the NVIDIA driver is too old for ONNX Runtime's CUDA provider (ORT says: "
                    + msg + ")", e);
        }
        if (lower.contains("cannot open shared object") || lower.contains("error loading") || lower.contains("loadlibrary")
                || lower.contains("failed to load")) {
            Matcher m = LIBRARY.matcher(msg);
            String lib = null;
            while (m.find()) lib = m.group(1); // the innermost library named is the one that is missing
            return new ProviderUnavailableException("ONNX Runtime could not load the CUDA libraries"
                    + (lib == null ? "" : ": " + lib + " is missing") + ". Install CUDA 12 and cuDNN 9 "
                    + "(their lib directories on LD_LIBRARY_PATH) as ONNX Runtime's CUDA provider requires"
                    + " (ORT says: " + msg + ")", e);
        }
        return null;
    }
}
