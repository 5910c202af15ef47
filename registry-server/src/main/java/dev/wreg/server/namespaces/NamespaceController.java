package dev.wreg.server.namespaces;

import dev.wreg.protocol.api.ClaimRequest;
import dev.wreg.protocol.api.ClaimResponse;
import dev.wreg.protocol.api.NamespaceView;
import dev.wreg.protocol.api.PublishPolicyView;
import dev.wreg.protocol.crypto.PublicKey;
import dev.wreg.protocol.name.PackageName;
import dev.wreg.server.auth.Caller;
import dev.wreg.server.auth.Scope;
import dev.wreg.server.config.RegistryProperties;
import dev.wreg.server.publishpolicy.NamespacePublishPolicies;
import dev.wreg.server.refusal.Refusal;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "namespaces")
public class NamespaceController {

    private final NamespaceService namespaces;
    private final NamespacePublishPolicies policies;
    private final long maxBlobBytes;

    public NamespaceController(
            NamespaceService namespaces, NamespacePublishPolicies policies, RegistryProperties properties) {
        this.namespaces = namespaces;
        this.policies = policies;
        this.maxBlobBytes = properties.limits().maxBlobSize().toBytes();
    }

    @Operation(
            summary = "Claim an unclaimed namespace for owner keys (a token with the claim or admin scope;"
                    + " every owner key signs the claim)")
    @PostMapping(
            path = "/v1/namespaces",
            consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    public ClaimResponse claim(@Parameter(hidden = true) Caller caller, @RequestBody ClaimRequest request) {
        caller.require(Scope.CLAIM);
        caller.requireNamespace(request.namespace());
        NamespaceService.Claimed claimed =
                namespaces.claim(request.namespace(), request.owners(), request.signatures());
        return new ClaimResponse(
                claimed.namespace(),
                claimed.owners().stream().map(PublicKey::text).toList(),
                claimed.recordId());
    }

    @Operation(summary = "A namespace and its owner keys")
    @GetMapping(path = "/v1/namespaces/{namespace}", produces = MediaType.APPLICATION_JSON_VALUE)
    public NamespaceView get(@PathVariable String namespace) {
        List<PublicKey> owners = namespaces
                .owners(namespace)
                .orElseThrow(() -> Refusal.notFound("namespace '" + namespace + "' is not claimed"));
        return new NamespaceView(namespace, owners.stream().map(PublicKey::text).toList());
    }

    @Operation(
            summary = "The publish policy of a namespace (claimed or not): what its releases are checked"
                    + " against, so a client can check before it uploads")
    @GetMapping(path = "/v1/namespaces/{namespace}/policy", produces = MediaType.APPLICATION_JSON_VALUE)
    public PublishPolicyView policy(@PathVariable String namespace) {
        if (!PackageName.isValidLabel(namespace)) {
            throw Refusal.invalidRequest("'" + namespace + "' is not a valid namespace");
        }
        NamespacePublishPolicies.NamespacePublishPolicy policy = policies.forNamespace(namespace);
        var rules = policy.publish();
        // A blob over the upload limit is refused before the policy is even asked.
        return new PublishPolicyView(
                namespace,
                Math.min(rules.maxBytes(), maxBlobBytes),
                rules.maxNesting(),
                rules.maxImports(),
                rules.maxExports(),
                rules.maxCoreModules(),
                rules.allowedImports(),
                rules.deniedImports(),
                !policy.allowBreakingMinor());
    }
}
