package dev.wreg.server.oci;

import dev.wreg.protocol.api.RegistryMetadataView;
import dev.wreg.server.config.PublicUrl;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /.well-known/wasm-pkg/registry.json}, the wasm-pkg-tools registry metadata: wkg reads it
 * to learn that this registry speaks OCI, at which host and with which namespace prefix.
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
    public ResponseEntity<RegistryMetadataView> registry(HttpServletRequest request) {
        return ResponseEntity.ok()
                .cacheControl(CacheControl.maxAge(java.time.Duration.ofMinutes(5)))
                .body(RegistryMetadataView.oci(publicUrl.authority(request), repositories.prefix()));
    }
}
