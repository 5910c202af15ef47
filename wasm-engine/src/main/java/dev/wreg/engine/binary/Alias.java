package dev.wreg.engine.binary;

/** An alias definition or declarator. */
public sealed interface Alias {

    /** The sort of the item the alias introduces. */
    Sort sort();

    /** {@code 0x00}: export {@code name} of component instance {@code instanceIndex}. */
    record InstanceExport(Sort sort, int instanceIndex, String name) implements Alias {}

    /**
     * {@code 0x01}: export {@code name} of core instance {@code instanceIndex}; {@code sort} is
     * always a {@link Sort.Core}.
     */
    record CoreInstanceExport(Sort sort, int instanceIndex, String name) implements Alias {}

    /** {@code 0x02}: item {@code index} of the scope {@code count} levels out. */
    record Outer(Sort sort, int count, int index) implements Alias {}
}
