package dev.wreg.engine.binary;

import dev.wreg.engine.binary.internal.WasmReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The content of a {@code component-name} custom section (Binary.md, "Name Section"): the
 * component's own name and, per sort, names for indices.
 *
 * @param componentName subsection 0, if present
 * @param sortNames subsection 1 entries in order: a sort and its index → name map
 */
public record ComponentNames(Optional<String> componentName, List<SortNames> sortNames) {

    public static final String SECTION_NAME = "component-name";

    public ComponentNames {
        sortNames = List.copyOf(sortNames);
    }

    /** The names given to one sort's indices. */
    public record SortNames(Sort sort, Map<Integer, String> names) {
        public SortNames {
            names = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(names));
        }
    }

    /** Parses the section payload; an ill-formed section gives empty, as the spec lets engines ignore it. */
    public static Optional<ComponentNames> parse(Bytes payload) {
        try {
            WasmReader r = new WasmReader(payload.unsafeArray());
            Optional<String> name = Optional.empty();
            List<SortNames> sorts = new ArrayList<>();
            while (!r.atEnd()) {
                int id = r.u8();
                int size = r.u32();
                if (size < 0 || size > r.remaining()) {
                    return Optional.empty();
                }
                WasmReader sub = r.slice(size);
                if (id == 0) {
                    name = Optional.of(sub.name());
                } else if (id == 1) {
                    Sort sort = ComponentDecoder.readSort(sub);
                    int n = sub.count("name map");
                    Map<Integer, String> names = new LinkedHashMap<>();
                    for (int i = 0; i < n; i++) {
                        int index = sub.u32();
                        names.put(index, sub.name());
                    }
                    sorts.add(new SortNames(sort, names));
                }
            }
            return Optional.of(new ComponentNames(name, sorts));
        } catch (MalformedComponentException e) {
            return Optional.empty();
        }
    }
}
