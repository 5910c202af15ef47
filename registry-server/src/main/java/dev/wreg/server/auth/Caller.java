package dev.wreg.server.auth;

import dev.wreg.protocol.name.PackageName;
import dev.wreg.server.refusal.Refusal;
import java.util.List;
import java.util.Set;

/**
 * The authenticated token behind a request.
 *
 * @param tokenId the token's public id
 * @param scopes what it may do
 * @param patterns the packages it is limited to ({@code ns:name} or {@code ns:*}); empty = any
 */
public record Caller(String tokenId, Set<Scope> scopes, List<String> patterns) {

    public Caller {
        scopes = Set.copyOf(scopes);
        patterns = List.copyOf(patterns);
    }

    public boolean has(Scope scope) {
        return scopes.contains(scope) || scopes.contains(Scope.ADMIN);
    }

    /** Refuses with 403 unless the token carries the scope. */
    public void require(Scope scope) {
        if (!has(scope)) {
            throw Refusal.forbidden("this token lacks the '" + scope.text() + "' scope");
        }
    }

    /** Refuses with 403 unless the token carries the scope and its patterns cover the package. */
    public void require(Scope scope, PackageName pkg) {
        require(scope);
        if (!covers(pkg.namespace(), pkg.name())) {
            throw Refusal.forbidden(
                    "this token is limited to " + String.join(", ", patterns) + " and does not cover " + pkg);
        }
    }

    /** Refuses with 403 unless the token's patterns cover the whole namespace. */
    public void requireNamespace(String namespace) {
        if (!patterns.isEmpty() && !patterns.contains(namespace + ":*")) {
            throw Refusal.forbidden("this token is limited to " + String.join(", ", patterns)
                    + " and does not cover namespace " + namespace);
        }
    }

    private boolean covers(String namespace, String name) {
        if (patterns.isEmpty()) {
            return true;
        }
        for (String pattern : patterns) {
            if (pattern.equals(namespace + ":*") || pattern.equals(namespace + ":" + name)) {
                return true;
            }
        }
        return false;
    }
}
