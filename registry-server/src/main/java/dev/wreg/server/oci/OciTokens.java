package dev.wreg.server.oci;

import dev.wreg.protocol.internal.StrictJson;
import dev.wreg.server.keys.OperatorKey;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The bearer tokens of the OCI token endpoint: JWTs (HS256) naming the wreg token they were
 * exchanged for ({@code sub}, empty for anonymous pull tokens) and the repository actions granted
 * ({@code access}, Docker's token claim), valid for {@code wreg.oci.token-lifetime}. They are JWTs
 * so that clients (oci-client, containers/image) can read {@code exp} and cache them. The MAC key
 * is derived from the operator key, which every replica holds, so any replica accepts a token
 * another issued; a push token is honoured only while the wreg token behind it still is.
 */
@Component
public class OciTokens {

    static final String ISSUER = "wreg";
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64_DECODE = Base64.getUrlDecoder();
    private static final byte[] HEADER = "{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.US_ASCII);
    private static final StrictJson JSON = StrictJson.reporting("invalid-token", "token");

    private final SecretKeySpec key;
    private final Clock clock;
    private final OciProperties properties;

    public OciTokens(OperatorKey operatorKey, Clock clock, OciProperties properties) {
        this.key = new SecretKeySpec(derive(operatorKey), "HmacSHA256");
        this.clock = clock;
        this.properties = properties;
    }

    /** Actions granted on one repository. */
    public record Access(String repository, List<String> actions) {
        public Access {
            actions = List.copyOf(actions);
        }

        boolean allows(String repositoryName, String action) {
            return repository.equals(repositoryName) && actions.contains(action);
        }
    }

    /** A verified token: the wreg token id it stands for (null for anonymous) and its grants. */
    public record Claims(String tokenId, List<Access> access, Instant expires) {
        public Claims {
            access = List.copyOf(access);
        }

        public boolean allows(String repository, String action) {
            return access.stream().anyMatch(a -> a.allows(repository, action));
        }
    }

    public record Issued(String token, long expiresIn, Instant issuedAt) {}

    public Issued issue(String tokenId, List<Access> access, String audience) {
        Instant now = clock.instant();
        long lifetime = properties.tokenLifetime().toSeconds();
        ObjectNode claims = StrictJson.newObject();
        claims.put("iss", ISSUER);
        claims.put("sub", tokenId == null ? "" : tokenId);
        claims.put("aud", audience);
        claims.put("iat", now.getEpochSecond());
        claims.put("exp", now.getEpochSecond() + lifetime);
        ArrayNode grants = claims.putArray("access");
        for (Access a : access) {
            ObjectNode grant = grants.addObject();
            grant.put("type", "repository");
            grant.put("name", a.repository());
            ArrayNode actions = grant.putArray("actions");
            a.actions().forEach(actions::add);
        }
        String signingInput = B64.encodeToString(HEADER) + "." + B64.encodeToString(StrictJson.write(claims));
        return new Issued(signingInput + "." + B64.encodeToString(mac(signingInput)), lifetime, now);
    }

    /** Whether the text has the shape of one of these tokens (three base64url parts). */
    static boolean looksLikeJwt(String text) {
        return text.chars().filter(c -> c == '.').count() == 2;
    }

    /** The claims of a token this registry issued and that has not expired; empty otherwise. */
    public Optional<Claims> verify(String token) {
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3 || token.length() > 8192) {
            return Optional.empty();
        }
        byte[] expected = mac(parts[0] + "." + parts[1]);
        byte[] given;
        try {
            given = B64_DECODE.decode(parts[2]);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (!MessageDigest.isEqual(expected, given)) {
            return Optional.empty();
        }
        JsonNode claims = JSON.readObject(B64_DECODE.decode(parts[1]));
        Instant expires = Instant.ofEpochSecond(claims.get("exp").longValue());
        if (!clock.instant().isBefore(expires)) {
            return Optional.empty();
        }
        List<Access> access = new ArrayList<>();
        for (JsonNode grant : claims.get("access")) {
            List<String> actions = new ArrayList<>();
            grant.get("actions").forEach(a -> actions.add(a.stringValue()));
            access.add(new Access(grant.get("name").stringValue(), actions));
        }
        String sub = claims.get("sub").stringValue();
        return Optional.of(new Claims(sub.isEmpty() ? null : sub, access, expires));
    }

    private byte[] mac(String signingInput) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
        }
    }

    /** A key of its own for tokens, so a token MAC never doubles as anything the operator key signs. */
    private static byte[] derive(OperatorKey operatorKey) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update("wreg oci token key v1\n".getBytes(StandardCharsets.US_ASCII));
            sha256.update(operatorKey.privateKey().text().getBytes(StandardCharsets.US_ASCII));
            return sha256.digest();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
