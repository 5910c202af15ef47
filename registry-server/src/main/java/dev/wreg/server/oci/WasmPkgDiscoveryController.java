package dev.wreg.server.oci;

import dev.wreg.protocol.internal.StrictJson;
import dev.wreg.server.config.PublicUrl;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code /.well-known/wasm-pkg/registry.json}, the wasm-pkg-tools registry metadata: wkg reads it
 * to learn that this registry speaks OCI, at which host and with which namespace prefix. The
 * older keys ({@code ociRegistry}, {@code ociNamespacePrefix}) are written too, for older wkg.
 */
@RestController
@Tag(name = "oci")
public class WasmPkgDiscoveryController {

    private final PublicUrl publicUrl;
    private final OciRepositories repositories;

    public WasmPkgDiscoveryController(PublicUrl publicUrl, OciRepositories repositories) {
        this.publicUrl = publicUrl;
        this.repositories = repositories;
    }

    @Operation(summary = "wasm-pkg registry metadata: this registry's OCI host and namespace prefix")
    @GetMapping(path = "/.well-known/wasm-pkg/registry.json", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<byte[]> registry(HttpServletRequest request) {
        String authority = publicUrl.authority(request);
        ObjectNode body = StrictJson.newObject();
        body.put("preferredProtocol", "oci");
        ObjectNode oci = body.putObject("oci");
        oci.put("registry", authority);
        oci.put("namespacePrefix", repositories.prefix());
        body.put("ociRegistry", authority);
        body.put("ociNamespacePrefix", repositories.prefix());
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_JSON)
                .cacheControl(CacheControl.maxAge(java.time.Duration.ofMinutes(5)))
                .body(StrictJson.write(body));
    }
}
