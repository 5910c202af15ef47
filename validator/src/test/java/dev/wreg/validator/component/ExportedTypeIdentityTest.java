package dev.wreg.validator.component;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wreg.validator.Validator;
import dev.wreg.validator.core.ValidationResult;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * Exporting a resource type gives the export a fresh identity: a function that mentions the
 * resource through its original index does not use the exported name. wasm-tools reports this as
 * "resource used in function does not have a name in this context" for annotated names and as
 * "func not valid to be used as export" for the externally-visible-type rule.
 */
class ExportedTypeIdentityTest {

    /**
     * {@code (type $T (resource (rep i32)))}, a core module exporting {@code f: func() -> i32}, its
     * instance, {@code (type (own $T))}, {@code (type $ft (func (result (own $T))))} and {@code
     * (func $f (type $ft) (canon lift (core func $i "f")))}: type 0 is the resource, func 0 returns
     * it.
     */
    private static final String LIFTED_CONSTRUCTOR = "0061736d0d000100"
            + "012c0061736d010000000105016000017f03020100070501016600000a05010300000b0009046e616d650002016d"
            + "020401000000"
            + "070a033f7f00690040000001"
            + "060701000001000166"
            + "0806010000000002";

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }

    private static String name(String s) {
        return "00" + HexFormat.of().toHexDigits((byte) s.length())
                + HexFormat.of().formatHex(s.getBytes());
    }

    private static String section(int id, String contents) {
        return HexFormat.of().toHexDigits((byte) id)
                + HexFormat.of().toHexDigits((byte) (contents.length() / 2))
                + contents;
    }

    /** Exports type 0 as {@code typeName}, then func 0 as {@code funcName} without ascription. */
    private static byte[] exportBoth(String typeName, String funcName) {
        return hex(LIFTED_CONSTRUCTOR + section(0x0b, "02" + name(typeName) + "030000" + name(funcName) + "010000"));
    }

    /**
     * Exports type 0 as {@code $E typeName}, then func 0 as {@code funcName} ascribed {@code (func
     * (result (own $E)))}: valid, the ascription names the exported identity.
     */
    private static byte[] exportAscribed(String typeName, String funcName) {
        return hex(LIFTED_CONSTRUCTOR
                + section(0x0b, "01" + name(typeName) + "030000")
                + section(0x07, "02" + "6903" + "40000004")
                + section(0x0b, "01" + name(funcName) + "0100" + "01" + "0105"));
    }

    private static ValidationResult.Invalid invalid(byte[] bytes) {
        ValidationResult r = Validator.validate(bytes);
        assertThat(r).isInstanceOf(ValidationResult.Invalid.class);
        return (ValidationResult.Invalid) r;
    }

    @Test
    void exportedFuncMustNotUseTheResourceThroughItsOriginalIndex() {
        ValidationResult.Invalid r = invalid(exportBoth("r", "f"));
        assertThat(r.message()).isEqualTo("func not valid to be used as export");
        assertThat(r.offset()).isPresent();
    }

    @Test
    void exportedFuncAscribedTheExportedResourceIsValid() {
        assertThat(Validator.validate(exportAscribed("r", "f"))).isEqualTo(ValidationResult.valid());
    }

    @Test
    void exportedConstructorMustUseTheExportedResource() {
        ValidationResult.Invalid r = invalid(exportBoth("a", "[constructor]a"));
        assertThat(r.message()).contains("resource used in function does not have a name in this context");
    }

    @Test
    void exportedConstructorAscribedTheExportedResourceIsValid() {
        assertThat(Validator.validate(exportAscribed("a", "[constructor]a"))).isEqualTo(ValidationResult.valid());
    }

    @Test
    void bagOfExportsConstructorMustUseTheExportedResource() {
        // (instance (export "a" (type $T)) (export "[constructor]a" (func $f)))
        byte[] bytes = hex(LIFTED_CONSTRUCTOR
                + section(0x05, "0101" + "02" + name("a") + "0300" + name("[constructor]a") + "0100"));
        ValidationResult.Invalid r = invalid(bytes);
        assertThat(r.message()).contains("resource used in function does not have a name in this context");
        assertThat(r.offset()).isPresent();
    }
}
