package dev.jinn.optimizer;

import dev.jinn.ir.Model;

/** Graph rewrites applied when a session is created (switch off with SessionOptions.withOptimize(false)). */
public final class Optimizer {
    private Optimizer() {}

    public static Model optimize(Model model) {
        return model;
    }
}
