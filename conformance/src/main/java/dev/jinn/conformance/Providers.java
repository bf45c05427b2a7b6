package dev.jinn.conformance;

import dev.jinn.providers.JavaProvider;
import dev.jinn.providers.Provider;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Provider sets by name, as {@code --provider} takes them. Each name gives a supplier, called once per
 * case, because a session closes its providers when it closes. "java" is built in; the runtime's
 * provider modes ("ort", "auto", ...) are used when the build has them; other sets can be added
 * with {@link #register}.
 */
public final class Providers {
    private static final Map<String, Supplier<List<Provider>>> BY_NAME = new TreeMap<>();

    static {
        register("java", () -> List.of(JavaProvider.INSTANCE));
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
