package dev.jinn.ops;

/** Builds an {@link Op} for one node; throws {@link NodeContext#unsupported} for what it cannot do. */
@FunctionalInterface
public interface OpFactory {
    Op create(NodeContext node);
}
