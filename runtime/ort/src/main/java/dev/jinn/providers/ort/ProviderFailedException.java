package dev.jinn.providers.ort;

import dev.jinn.JinnException;

/** ONNX Runtime could not compile or run a subgraph; the message names the model, the subgraph and ORT's reason. */
public final class ProviderFailedException extends JinnException {
    public ProviderFailedException(String message) {
        super(message);
    }

    public ProviderFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
