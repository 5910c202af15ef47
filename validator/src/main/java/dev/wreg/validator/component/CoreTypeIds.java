package dev.wreg.validator.component;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Canonical identities of core types under the GC proposal's iso-recursive rules, for one
 * validation run: two types are the same when their recursion groups are structurally identical
 * (references leaving the group compared by identity) and they sit at the same position in it.
 * Core module types and the component's own core type sections share one table, so a type defined
 * in a component and one declared by a module compare by identity, and the declared supertype
 * chain answers core function subtyping at instantiation.
 */
final class CoreTypeIds {
    /** The identity of the plain shape: a final type without supertypes alone in its group. */
    static final String PLAIN = "";

    /** wasm-tools' limit on the depth of a subtyping chain bounds every walk up it. */
    private static final int MAX_SUBTYPING_DEPTH = 63;

    private final Map<String, Integer> groups = new HashMap<>();
    private final Map<String, String> superOf = new HashMap<>();
    private final Map<String, String> tokens = new HashMap<>();
    private static final int MAX_INLINE_DESCRIPTION = 96;

    /** One member of a recursion group, as {@link #group} needs it. */
    record Member(boolean isFinal, boolean shared, Integer supertype, String structure) {}

    /**
     * The identities of a recursion group's members, or null when the group is one plain type
     * (whose structure alone is its identity).
     *
     * @param base the type index of the group's first member
     * @param members the members, whose structures write references inside the group relative to it
     * @param identityOf the identity of a type defined before the group
     */
    String[] group(int base, List<Member> members, IntFunction<String> identityOf) {
        if (members.size() == 1) {
            Member m = members.get(0);
            if (m.isFinal() && !m.shared() && m.supertype() == null) {
                return null;
            }
        }
        StringBuilder key = new StringBuilder();
        for (Member m : members) {
            key.append(m.isFinal() ? "final" : "sub").append(m.shared() ? " shared" : "");
            if (m.supertype() != null) {
                int sup = m.supertype();
                key.append(" <: ")
                        .append(
                                sup >= base && sup < base + members.size()
                                        ? "r" + (sup - base)
                                        : identityOf.apply(sup));
            }
            key.append(' ').append(m.structure()).append('\u0001');
        }
        int n = groups.computeIfAbsent(key.toString(), k -> groups.size());
        String[] out = new String[members.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = "#" + n + "." + i;
        }
        for (int i = 0; i < out.length; i++) {
            Integer sup = members.get(i).supertype();
            if (sup != null) {
                superOf.putIfAbsent(
                        out[i], sup >= base && sup < base + members.size() ? out[sup - base] : identityOf.apply(sup));
            }
        }
        return out;
    }

    /**
     * How a reference to a type with this structural description is written inside other
     * descriptions: inline when short, else an interned token. Equal descriptions give equal
     * text either way, and a chain of types each referring twice to the previous one stays
     * linear in size instead of doubling at every step.
     */
    String ref(String description) {
        if (description.length() <= MAX_INLINE_DESCRIPTION) {
            return "[" + description + "]";
        }
        return tokens.computeIfAbsent(description, d -> "[#t" + tokens.size() + "]");
    }

    /** Whether {@code sub} declares {@code sup} as a (transitive) supertype. */
    boolean isSubtype(String sub, String sup) {
        String t = sub;
        for (int i = 0; i <= MAX_SUBTYPING_DEPTH && t != null; i++) {
            if (t.equals(sup)) {
                return true;
            }
            t = superOf.get(t);
        }
        return false;
    }
}
