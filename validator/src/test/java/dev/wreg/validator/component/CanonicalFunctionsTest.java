package dev.wreg.validator.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.wreg.engine.binary.Canon;
import dev.wreg.validator.core.Features;
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The built-ins whose only rules are a feature gate and a fixed core signature are a table in
 * {@link CanonicalFunctions}; the switch sends everything it does not name to that table. These
 * tests make sure no {@code canon} form falls through to no rule, and that the table's gates and
 * signatures are the ones wasm-tools gives.
 */
class CanonicalFunctionsTest {

    private static CanonicalFunctions canon(Features features) {
        FeatureGate gate = new FeatureGate(features);
        TypeIdentities ids = new TypeIdentities();
        return new CanonicalFunctions(gate, ids, new DefinedTypes(gate, ids));
    }

    /** An instance of a {@code canon} record with zero, false, empty or absent components. */
    private static Canon blank(Class<?> type) throws ReflectiveOperationException {
        RecordComponent[] parts = type.getRecordComponents();
        Class<?>[] types = new Class<?>[parts.length];
        Object[] args = new Object[parts.length];
        for (int i = 0; i < parts.length; i++) {
            types[i] = parts[i].getType();
            args[i] = types[i] == int.class
                    ? 0
                    : types[i] == boolean.class
                            ? false
                            : types[i] == List.class ? List.of() : types[i] == Optional.class ? Optional.empty() : null;
        }
        Constructor<?> c = type.getDeclaredConstructor(types);
        return (Canon) c.newInstance(args);
    }

    @Test
    void everyCanonFormHasARule() throws ReflectiveOperationException {
        List<String> withoutRule = new ArrayList<>();
        for (Class<?> type : Canon.class.getPermittedSubclasses()) {
            Scope scope = new Scope(null, Scope.Kind.COMPONENT);
            Throwable t = catchThrowable(() -> canon(Features.all()).check(scope, blank(type)));
            if (t != null && !(t instanceof ComponentInvalid)) {
                withoutRule.add(type.getSimpleName() + ": " + t);
            }
        }
        assertThat(withoutRule).isEmpty();
    }

    @Test
    void tableBuiltinsAddTheirFixedSignature() {
        Scope scope = new Scope(null, Scope.Kind.COMPONENT);
        CanonicalFunctions all = canon(Features.all());
        all.check(scope, new Canon.ThreadYield(false));
        all.check(scope, new Canon.WaitableJoin());
        all.check(scope, new Canon.ThreadAvailableParallelism());
        assertThat(scope.coreFuncs)
                .containsExactly(
                        new CoreTypes.FuncType(List.of(), List.of("i32")),
                        new CoreTypes.FuncType(List.of("i32", "i32"), List.of()),
                        new CoreTypes.FuncType(List.of(), List.of("i32")));
        assertThat(CanonicalFunctions.isFixedBuiltin(Canon.ThreadYield.class)).isTrue();
        assertThat(CanonicalFunctions.isFixedBuiltin(Canon.Lift.class)).isFalse();
    }

    @Test
    void tableBuiltinsAreGatedOnTheirFeature() {
        Scope scope = new Scope(null, Scope.Kind.COMPONENT);
        assertThatThrownBy(() -> canon(Features.parse("-cm-async")).check(scope, new Canon.BackpressureInc()))
                .isInstanceOf(ComponentInvalid.class)
                .hasMessage("`backpressure.inc` requires the component model async feature");
        assertThatThrownBy(() -> canon(Features.defaults()).check(scope, new Canon.ThreadIndex()))
                .hasMessage("`thread.index` requires the component model threading feature");
        assertThatThrownBy(() -> canon(Features.defaults()).check(scope, new Canon.ErrorContextDrop()))
                .hasMessage("`error-context.drop` requires the component model error-context feature");
        assertThatThrownBy(() -> canon(Features.defaults()).check(scope, new Canon.ThreadAvailableParallelism()))
                .hasMessage("`thread.available_parallelism` requires the shared-everything-threads proposal");
        assertThat(scope.coreFuncs).isEmpty();
    }
}
