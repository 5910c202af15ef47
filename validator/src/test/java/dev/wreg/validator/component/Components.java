package dev.wreg.validator.component;

import dev.wreg.engine.binary.Component;
import dev.wreg.engine.binary.ComponentEncoder;
import dev.wreg.engine.binary.DefType;
import dev.wreg.engine.binary.Export;
import dev.wreg.engine.binary.ExternName;
import dev.wreg.engine.binary.ExternType;
import dev.wreg.engine.binary.Import;
import dev.wreg.engine.binary.PrimitiveType;
import dev.wreg.engine.binary.Section;
import dev.wreg.engine.binary.Sort;
import dev.wreg.engine.binary.SortIndex;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Small components for tests: imported functions re-exported under chosen names. */
public final class Components {
    private Components() {}

    /** Imports each of {@code imports} as {@code func(x: u32)} and exports the first import under each of {@code exports}. */
    public static byte[] withFuncs(List<String> imports, List<String> exports, boolean stringParam) {
        List<Section> sections = new ArrayList<>();
        sections.add(new Section.Types(List.of(new DefType.Func(
                false,
                List.of(new DefType.Param("x", stringParam ? PrimitiveType.STRING : PrimitiveType.U32)),
                Optional.empty()))));
        List<Import> imps = new ArrayList<>();
        for (String name : imports) {
            imps.add(new Import(ExternName.of(name), new ExternType.Func(0)));
        }
        sections.add(new Section.Imports(imps));
        List<Export> exps = new ArrayList<>();
        for (String name : exports) {
            exps.add(new Export(ExternName.of(name), new SortIndex(Sort.FUNC, 0), Optional.empty()));
        }
        sections.add(new Section.Exports(exps));
        return ComponentEncoder.encode(Component.of(sections));
    }
}
