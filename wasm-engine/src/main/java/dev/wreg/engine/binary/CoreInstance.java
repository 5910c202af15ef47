package dev.wreg.engine.binary;

import java.util.List;

/** A core instance definition ({@code core:instanceexpr}). */
public sealed interface CoreInstance {

    /** {@code 0x00}: instantiate core module {@code moduleIndex} with named core instances. */
    record Instantiate(int moduleIndex, List<Arg> args) implements CoreInstance {
        public Instantiate {
            args = List.copyOf(args);
        }
    }

    /** {@code 0x01}: an instance made of inline exports. */
    record FromExports(List<Export> exports) implements CoreInstance {
        public FromExports {
            exports = List.copyOf(exports);
        }
    }

    /** {@code (with name (instance instanceIndex))}; the only argument sort today is instance. */
    record Arg(String name, int instanceIndex) {}

    /** {@code (export name sortidx)}. */
    record Export(String name, CoreSortIndex item) {}
}
