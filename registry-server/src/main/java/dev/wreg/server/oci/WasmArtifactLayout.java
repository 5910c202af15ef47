package dev.wreg.server.oci;

import dev.wreg.engine.binary.Component;
import dev.wreg.engine.binary.ComponentDecoder;
import dev.wreg.engine.binary.Section;
import dev.wreg.engine.wit.WitPackage;
import dev.wreg.engine.wit.WitResolve;
import dev.wreg.engine.wit.WitWorld;
import dev.wreg.engine.wit.WorldKey;
import dev.wreg.engine.wit.component.ComponentWit;
import dev.wreg.protocol.digest.Digest;
import dev.wreg.protocol.name.PackageName;
import dev.wreg.protocol.oci.Descriptor;
import dev.wreg.protocol.oci.ImageManifest;
import dev.wreg.protocol.oci.OciAnnotations;
import dev.wreg.protocol.oci.OciMediaTypes;
import dev.wreg.protocol.oci.WasmConfig;
import dev.wreg.protocol.record.ReleaseInfo;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The CNCF Wasm OCI artifact of a release, built only from what the release fixes (its version,
 * record time, component bytes and package name), so the same release always gives the same
 * bytes. The config lists the component's imports and exports as wit-parser names them (what wkg's
 * oci-wasm writes); the manifest carries the annotations wkg writes, with description, licenses,
 * source, homepage and authors read from the component's metadata custom sections (the sections
 * wasm-metadata writes) when it has them.
 */
final class WasmArtifactLayout {

    /** Longest metadata text copied into an annotation. */
    static final int MAX_ANNOTATION_LENGTH = 4096;

    private static final Map<String, String> METADATA_SECTIONS = Map.of(
            "description", OciAnnotations.DESCRIPTION,
            "licenses", OciAnnotations.LICENSES,
            "source", OciAnnotations.SOURCE,
            "homepage", OciAnnotations.URL,
            "authors", OciAnnotations.AUTHORS);

    private WasmArtifactLayout() {}

    /** A manifest and its config, as bytes. */
    record Artifact(byte[] manifest, Digest manifestDigest, byte[] config, Digest configDigest) {}

    static Artifact build(PackageName pkg, ReleaseInfo release, byte[] component) {
        Component decoded = decodeOrNull(component);
        WasmConfig config = new WasmConfig(
                release.time(),
                null,
                WasmConfig.ARCHITECTURE,
                WasmConfig.COMPONENT_OS,
                List.of(release.content()),
                worldOf(component));
        byte[] configBytes = config.toBytes();
        Map<String, String> annotations = new TreeMap<>();
        if (decoded != null) {
            annotations.putAll(metadata(decoded));
        }
        annotations.put(OciAnnotations.VERSION, release.version().toString());
        annotations.put(OciAnnotations.CREATED, release.time().toString());
        ImageManifest manifest = new ImageManifest(
                OciMediaTypes.IMAGE_MANIFEST,
                null,
                Descriptor.of(OciMediaTypes.WASM_CONFIG, configBytes),
                List.of(new Descriptor(
                        OciMediaTypes.WASM_LAYER,
                        null,
                        release.content(),
                        release.size(),
                        Map.of(OciAnnotations.TITLE, pkg.name() + ".wasm"))),
                null,
                annotations);
        byte[] manifestBytes = manifest.toBytes();
        return new Artifact(manifestBytes, Digest.sha256(manifestBytes), configBytes, Digest.sha256(configBytes));
    }

    /**
     * Imports and exports of the component's world; for an encoded WIT package, every world (fully
     * qualified) and interface it defines as exports, as oci-wasm does. A component whose WIT cannot
     * be decoded (only releases accepted before validation was enforced) lists nothing.
     */
    static WasmConfig.Component worldOf(byte[] component) {
        ComponentWit.Decoded wit;
        try {
            wit = ComponentWit.decode(component);
        } catch (RuntimeException e) {
            return new WasmConfig.Component(List.of(), List.of(), null);
        }
        WitResolve resolve = wit.resolve();
        if (wit.isWitPackage()) {
            WitPackage main = resolve.pkg(wit.main());
            TreeSet<String> exports = new TreeSet<>();
            main.worlds().forEach((name, id) -> {
                exports.addAll(names(resolve, resolve.world(id).exports()));
                exports.add(main.name().interfaceId(name));
            });
            main.interfaces().values().forEach(id -> {
                String text = resolve.interfaceId(id);
                if (text != null) {
                    exports.add(text);
                }
            });
            return new WasmConfig.Component(List.copyOf(exports), List.of(), null);
        }
        WitWorld world = resolve.world(wit.world());
        return new WasmConfig.Component(names(resolve, world.exports()), names(resolve, world.imports()), null);
    }

    private static List<String> names(WitResolve resolve, Map<WorldKey, ?> items) {
        List<String> out = new ArrayList<>();
        for (WorldKey key : items.keySet()) {
            String name = switch (key) {
                case WorldKey.Name n -> n.name();
                case WorldKey.Interface i -> resolve.interfaceId(i.id());
            };
            if (name != null) {
                out.add(name);
            }
        }
        return out;
    }

    private static Component decodeOrNull(byte[] component) {
        try {
            return ComponentDecoder.decode(component);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The metadata custom sections at the component's top level, as annotations. */
    static Map<String, String> metadata(Component component) {
        Map<String, String> out = new TreeMap<>();
        for (Section.Custom custom : component.sections(Section.Custom.class)) {
            String key = METADATA_SECTIONS.get(custom.name());
            if (key == null || out.containsKey(key)) {
                continue;
            }
            String text = utf8(custom.data().toArray());
            if (text != null && !text.isBlank() && text.length() <= MAX_ANNOTATION_LENGTH) {
                out.put(key, text.strip());
            }
        }
        return out;
    }

    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
