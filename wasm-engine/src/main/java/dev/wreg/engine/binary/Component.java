package dev.wreg.engine.binary;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A decoded component: its sections in file order, exactly as the binary lists them (sections may
 * repeat and interleave, and index spaces are built up in this order).
 *
 * <p>{@code retainedEncodings} maps a section's position to its original bytes when the input
 * encoded that section with non-minimal LEB128 integers (which a canonical re-encoding would
 * shorten). {@link ComponentEncoder} writes those bytes back verbatim as long as the section at
 * that position is still equal to the decoded one; everything else is re-encoded from the model.
 * Build new components with {@link #of(List)}.
 *
 * @param sections the sections in order
 * @param retainedEncodings original bytes (id, size and content) of non-canonically encoded
 *     sections, by position in {@code sections}
 */
public record Component(List<Section> sections, Map<Integer, RetainedEncoding> retainedEncodings) {

    /** The version field of the preamble this decoder and encoder speak (pre-standard 0x0d). */
    public static final int VERSION = 0x0d;

    public Component {
        sections = List.copyOf(sections);
        retainedEncodings = Map.copyOf(retainedEncodings);
    }

    /** A component with the given sections and no retained encodings. */
    public static Component of(List<Section> sections) {
        return new Component(sections, Map.of());
    }

    /** The sections of one kind, in order. */
    public <T extends Section> List<T> sections(Class<T> kind) {
        return sections.stream().filter(kind::isInstance).map(kind::cast).toList();
    }

    /** All imports of all import sections, in order. */
    public List<Import> imports() {
        return sections(Section.Imports.class).stream()
                .flatMap(s -> s.imports().stream())
                .toList();
    }

    /** All exports of all export sections, in order. */
    public List<Export> exports() {
        return sections(Section.Exports.class).stream()
                .flatMap(s -> s.exports().stream())
                .toList();
    }

    /**
     * The original bytes of a section that used non-minimal LEB128 integers.
     *
     * @param section the section as decoded
     * @param bytes its id byte, size and content as they appeared in the input; for a core module
     *     or nested component section only the id byte and size (the content is reproduced from
     *     the model)
     */
    public record RetainedEncoding(Section section, Bytes bytes) {
        public RetainedEncoding {
            Objects.requireNonNull(section);
            Objects.requireNonNull(bytes);
        }
    }
}
