package dev.jinn.exec;

import dev.jinn.ir.Node;

/**
 * Where the session runs one node: the provider's name, and for providers that compile runs of
 * nodes (ONNX Runtime) the index of the subgraph it belongs to, or -1 for a node compiled alone.
 */
public record Placement(Node node, String provider, int subgraph) {}
