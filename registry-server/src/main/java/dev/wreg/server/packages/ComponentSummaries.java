package dev.wreg.server.packages;

import dev.wreg.engine.binary.Component;
import dev.wreg.engine.binary.ComponentDecoder;
import dev.wreg.engine.binary.Section;
import dev.wreg.engine.wit.PackageId;
import dev.wreg.engine.wit.WitPrinter;
import dev.wreg.engine.wit.WitResolve;
import dev.wreg.engine.wit.WitWorld;
import dev.wreg.engine.wit.WorldItem;
import dev.wreg.engine.wit.WorldKey;
import dev.wreg.engine.wit.component.ComponentWit;
import dev.wreg.protocol.digest.Digest;
import dev.wreg.protocol.record.ReleaseInfo;
import dev.wreg.server.blobs.BlobStore;
import dev.wreg.validator.semver.SemverCheck;
import dev.wreg.validator.semver.SemverReport;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a release's component says about itself, read from its bytes: its world's imports and
 * exports, its WIT as text, and the description its publisher embedded (the {@code description}
 * custom section that {@code wasm-tools metadata add --description} writes), plus the WIT changes
 * between two releases. Content is immutable, so each answer is kept by digest in a bounded cache.
 */
@org.springframework.stereotype.Component
public class ComponentSummaries {

    /** The custom section a component's description lives in (WebAssembly tool-conventions). */
    public static final String DESCRIPTION_SECTION = "description";

    private static final int MAX_CACHED = 256;
    private static final long MAX_CACHED_CHARS = 32L * 1024 * 1024;

    /** An import or export of the world: a name, and whether it is an interface, function or type. */
    public record WorldEntry(String name, Kind kind) {}

    public enum Kind {
        INTERFACE,
        FUNCTION,
        TYPE
    }

    /**
     * @param wit the WIT as {@code wasm-tools component wit} prints it (with the packages it uses);
     *     null when the bytes could not be read as a component
     * @param world the component's world as {@code ns:pkg/name}; null for an encoded WIT package
     * @param problem why not, when {@code wit} is null
     */
    public record ComponentSummary(
            String description,
            String wit,
            String world,
            List<WorldEntry> imports,
            List<WorldEntry> exports,
            String problem) {

        long weight() {
            return (wit == null ? 0 : wit.length()) + (description == null ? 0 : description.length()) + 256;
        }
    }

    private final BlobStore blobs;
    private final Map<String, ComponentSummary> summaries = new LinkedHashMap<>(64, 0.75f, true);
    private final Map<String, SemverReport> comparisons = new LinkedHashMap<>(64, 0.75f, true);
    private long cachedChars;

    public ComponentSummaries(BlobStore blobs) {
        this.blobs = blobs;
    }

    public ComponentSummary summary(Digest content, long size) {
        String key = content.toString();
        synchronized (this) {
            ComponentSummary known = summaries.get(key);
            if (known != null) {
                return known;
            }
        }
        ComponentSummary fresh = summarize(read(content, size));
        synchronized (this) {
            if (summaries.put(key, fresh) == null) {
                cachedChars += fresh.weight();
            }
            var eldest = summaries.entrySet().iterator();
            while ((summaries.size() > MAX_CACHED || cachedChars > MAX_CACHED_CHARS) && eldest.hasNext()) {
                cachedChars -= eldest.next().getValue().weight();
                eldest.remove();
            }
        }
        return fresh;
    }

    /** The WIT changes from {@code previous} to {@code release}, judged against their versions. */
    public SemverReport compare(ReleaseInfo previous, ReleaseInfo release) {
        String key = previous.content() + ">" + release.content() + "@" + previous.version() + ">" + release.version();
        synchronized (this) {
            SemverReport known = comparisons.get(key);
            if (known != null) {
                return known;
            }
        }
        SemverReport report = SemverCheck.check(
                read(previous.content(), previous.size()),
                read(release.content(), release.size()),
                previous.version(),
                release.version());
        synchronized (this) {
            comparisons.put(key, report);
            if (comparisons.size() > MAX_CACHED) {
                var eldest = comparisons.entrySet().iterator();
                eldest.next();
                eldest.remove();
            }
        }
        return report;
    }

    static ComponentSummary summarize(byte[] bytes) {
        Component component;
        try {
            component = ComponentDecoder.decode(bytes);
        } catch (RuntimeException e) {
            return new ComponentSummary(
                    null, null, null, List.of(), List.of(), "not a readable component: " + e.getMessage());
        }
        String description = null;
        for (Section.Custom custom : component.sections(Section.Custom.class)) {
            if (custom.name().equals(DESCRIPTION_SECTION)) {
                description = new String(custom.data().toArray(), StandardCharsets.UTF_8);
            }
        }
        try {
            ComponentWit.Decoded decoded = ComponentWit.decode(component);
            WitResolve resolve = decoded.resolve();
            List<PackageId> others = new ArrayList<>();
            for (int i = 0; i < resolve.packages().size(); i++) {
                if (i != decoded.main().index()) {
                    others.add(new PackageId(i));
                }
            }
            String wit = WitPrinter.print(resolve, decoded.main(), others, true);
            if (decoded.isWitPackage()) {
                return new ComponentSummary(description, wit, null, List.of(), List.of(), null);
            }
            WitWorld world = resolve.world(decoded.world());
            String worldName = world.pkg() == null
                    ? world.name()
                    : resolve.pkg(world.pkg()).name().unversioned() + "/" + world.name();
            return new ComponentSummary(
                    description,
                    wit,
                    worldName,
                    entries(resolve, world.imports()),
                    entries(resolve, world.exports()),
                    null);
        } catch (RuntimeException e) {
            return new ComponentSummary(
                    description, null, null, List.of(), List.of(), "its WIT could not be printed: " + e.getMessage());
        }
    }

    private static List<WorldEntry> entries(WitResolve resolve, Map<WorldKey, WorldItem> items) {
        List<WorldEntry> out = new ArrayList<>();
        items.forEach((key, item) -> {
            String name = switch (key) {
                case WorldKey.Name n -> n.name();
                case WorldKey.Interface i -> resolve.interfaceId(i.id());
            };
            Kind kind = switch (item) {
                case WorldItem.InterfaceItem ignored -> Kind.INTERFACE;
                case WorldItem.FunctionItem ignored -> Kind.FUNCTION;
                case WorldItem.TypeItem ignored -> Kind.TYPE;
            };
            out.add(new WorldEntry(name, kind));
        });
        return List.copyOf(out);
    }

    private byte[] read(Digest content, long size) {
        try (InputStream in = blobs.open(content, 0, -1)) {
            return in.readNBytes(Math.toIntExact(Math.min(size, Integer.MAX_VALUE - 16)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read blob " + content, e);
        }
    }
}
