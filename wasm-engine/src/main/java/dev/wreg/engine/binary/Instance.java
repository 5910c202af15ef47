package dev.wreg.engine.binary;

import java.util.List;

/** A component instance definition ({@code instanceexpr}). */
public sealed interface Instance {

    /** {@code 0x00}: instantiate component {@code componentIndex} with named arguments. */
    record Instantiate(int componentIndex, List<Arg> args) implements Instance {
        public Instantiate {
            args = List.copyOf(args);
        }
    }

    /** {@code 0x01}: an instance made of inline exports. */
    record FromExports(List<InlineExport> exports) implements Instance {
        public FromExports {
            exports = List.copyOf(exports);
        }
    }

    /** {@code (with name sortidx)}. */
    record Arg(String name, SortIndex item) {}

    /** {@code (export nameattributes sortidx)}. */
    record InlineExport(ExternName name, SortIndex item) {}
}
