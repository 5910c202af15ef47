package dev.wreg.engine.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wreg.engine.binary.Bytes;
import dev.wreg.engine.binary.Component;
import dev.wreg.engine.binary.CoreModule;
import dev.wreg.engine.binary.Section;
import dev.wreg.engine.runtime.internal.CoreEngine;
import dev.wreg.engine.runtime.internal.ModuleCache;
import java.util.List;
import org.junit.jupiter.api.Test;
import run.endive.wasm.WasmModule;

/**
 * Imports named {@code "" ""} are valid Wasm and common in components (the {@code ""} instance
 * argument), but Endive 1.0.0 refuses them; {@link CoreModule#parse()} works around that.
 */
class EmptyImportNameTest {

    @Test
    void aModuleImportingEmptyNamesParsesAndKeepsItsOtherImports() {
        TestModules m = new TestModules();
        int t = m.type(1, 1);
        m.importFunc("", "", t);
        m.importFunc("env", "f", t);
        m.importFunc("", "", t);
        m.func("call", t, 0, 0x20, 0x00, 0x10, 0x00); // local.get 0; call 0
        WasmModule parsed = new CoreModule(Bytes.of(m.build())).parse();

        var imports = parsed.importSection();
        assertEquals(3, imports.importCount());
        assertEquals("", imports.getImport(0).module());
        assertEquals("", CoreModule.importName(imports.getImport(0).name()));
        assertEquals("env", imports.getImport(1).module());
        assertEquals("f", CoreModule.importName(imports.getImport(1).name()));
        assertEquals("", CoreModule.importName(imports.getImport(2).name()));
        // Endive sees two distinct names, so the two imports can be told apart when linking.
        assertEquals(
                false, imports.getImport(0).name().equals(imports.getImport(2).name()));
        assertEquals(1, parsed.exportSection().exportCount());
    }

    @Test
    void aModuleWithoutEmptyNamesIsParsedUnchanged() {
        TestModules m = new TestModules();
        int t = m.type(0, 1);
        m.importFunc("", "x", t);
        WasmModule parsed = new CoreModule(Bytes.of(m.build())).parse();
        assertEquals("x", parsed.importSection().getImport(0).name());
    }

    @Test
    void theModuleCacheParsesTheRenamedModuleToo() {
        // Components are prepared through the digest-keyed module cache, not CoreModule.parse().
        TestModules m = new TestModules();
        int t = m.type(0, 0);
        m.importFunc("", "", t);
        CoreModule module = new CoreModule(Bytes.of(m.build()));
        Component component = Component.of(List.of(new Section.CoreModuleSection(module)));
        CoreEngine engine = CoreEngine.prepare(component, ExecutionPolicy.INTERPRETER, new ModuleCache(8, 1 << 20));
        var imports = engine.module(module).importSection();
        assertEquals(1, imports.importCount());
        assertEquals("", CoreModule.importName(imports.getImport(0).name()));
    }
}
