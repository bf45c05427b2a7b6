package dev.jinn.conformance;

import dev.jinn.providers.JavaProvider;
import dev.jinn.providers.Provider;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Provider sets by name, as {@code --provider} takes them. Each name gives a supplier, called once per
 * case, because a session closes its providers when it closes. "java" is built in; another module
 * (such as the ORT one, for "ort" and "auto") adds sets either by calling {@link #register} or by
 * listing a {@link ProviderSet} in {@code META-INF/services/dev.jinn.conformance.Providers$ProviderSet}.
 */
public final class Providers {
    /** A named provider set found on the classpath. */
    public interface ProviderSet {
        String name();

        /** Fresh providers for one session. */
        List<Provider> create();
    }

    private static final Map<String, Supplier<List<Provider>>> BY_NAME = new TreeMap<>();

    static {
        register("java", () -> List.of(JavaProvider.INSTANCE));
        for (ProviderSet set : ServiceLoader.load(ProviderSet.class)) BY_NAME.putIfAbsent(set.name(), set::create);
    }

    private Providers() {}

    public static synchronized void register(String name, Supplier<List<Provider>> providers) {
        BY_NAME.put(name, providers);
    }

    public static synchronized Supplier<List<Provider>> forName(String name) {
        Supplier<List<Provider>> s = BY_NAME.get(name);
        // The core's modes (ort, auto, ...) come from jinn-ort when it is on the classpath, and say so when not.
        if (s == null && dev.jinn.providers.ProviderModes.MODES.contains(name)) return () -> dev.jinn.providers.ProviderModes.providers(name);
        if (s == null) throw new IllegalArgumentException("unknown provider '" + name + "'; known: " + String.join(", ", BY_NAME.keySet()));
        return s;
    }

    public static synchronized List<String> names() {
        return List.copyOf(BY_NAME.keySet());
    }
}
