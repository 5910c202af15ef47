package dev.wreg.engine.binary;

import dev.wreg.engine.binary.internal.WasmReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The content of a {@code producers} custom section (tool conventions): fields such as {@code
 * language}, {@code processed-by} and {@code sdk}, each with named, versioned values.
 */
public record Producers(List<Field> fields) {

    public static final String SECTION_NAME = "producers";

    public Producers {
        fields = List.copyOf(fields);
    }

    /** One field, e.g. {@code processed-by}. */
    public record Field(String name, List<Value> values) {
        public Field {
            values = List.copyOf(values);
        }
    }

    /** One value, e.g. {@code wit-component 0.220.0}. */
    public record Value(String name, String version) {}

    /** The values of a field, or an empty list. */
    public List<Value> values(String field) {
        return fields.stream()
                .filter(f -> f.name().equals(field))
                .flatMap(f -> f.values().stream())
                .toList();
    }

    /** Parses the section payload; an ill-formed section gives empty. */
    public static Optional<Producers> parse(Bytes payload) {
        try {
            WasmReader r = new WasmReader(payload.unsafeArray());
            int n = r.count("producers field");
            List<Field> fields = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String name = r.name();
                int m = r.count("producers value");
                List<Value> values = new ArrayList<>();
                for (int j = 0; j < m; j++) {
                    values.add(new Value(r.name(), r.name()));
                }
                fields.add(new Field(name, values));
            }
            return r.atEnd() ? Optional.of(new Producers(fields)) : Optional.empty();
        } catch (MalformedComponentException e) {
            return Optional.empty();
        }
    }
}
