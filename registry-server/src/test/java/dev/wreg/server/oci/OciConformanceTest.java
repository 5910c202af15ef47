package dev.wreg.server.oci;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wreg.protocol.digest.Digest;
import dev.wreg.protocol.oci.Descriptor;
import dev.wreg.protocol.oci.ImageIndex;
import dev.wreg.protocol.oci.ImageManifest;
import dev.wreg.protocol.oci.OciMediaTypes;
import dev.wreg.protocol.oci.TagList;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The pull and content-discovery checks of the OCI distribution-spec conformance suite
 * (opencontainers/distribution-spec {@code conformance/}, as redesigned in a221f94: {@code run.go}
 * TestAll with the push APIs off and read-only data), written from its list of checks: ping, the
 * empty-repository checks, the blob range requests, and per release the tag list, HEAD and GET of
 * manifests (by tag and digest) and blobs, referrers, and the missing/invalid-manifest errors. Each
 * check is named as the suite names it; the runner prints every result and {@code N passed, N failed}.
 */
class OciConformanceTest extends OciIntegrationTest {

    /** One named check: throws when it does not hold. */
    private interface Check {
        void run() throws Exception;
    }

    @Test
    void pullAndContentDiscoveryChecksAllPass() {
        Pkg pkg = newPackage("conformance");
        // A 2048-byte blob, as the range checks use.
        byte[] first = component("c".repeat(2048 - 8 - 11 - 2));
        assertThat(first).hasSize(2048);
        Digest blob = pkg.release("1.0.0", first);
        pkg.release("1.1.0", component("conformance 1.1.0"));
        pkg.release("2.0.0-rc.1", component("conformance rc"));
        String repo = "/v2/" + pkg.repository();
        Map<String, byte[]> manifests = new LinkedHashMap<>();
        for (String tag : List.of("1.0.0", "1.1.0", "2.0.0-rc.1")) {
            manifests.put(tag, get(repo + "/manifests/" + tag).body());
        }
        Pkg empty = newPackage("empty");

        Map<String, Check> checks = new LinkedHashMap<>();
        checks.put("ping: GET /v2/ answers 200 or 401 with a Bearer challenge", () -> {
            HttpResponse<byte[]> ping = get("/v2/");
            assertThat(ping.statusCode()).isIn(200, 401);
            if (ping.statusCode() == 401) {
                assertThat(header(ping, "WWW-Authenticate")).startsWith("Bearer realm=");
            }
        });
        checks.put("empty/tag list: a repository without tags answers 200 with a tag list, or 404", () -> {
            HttpResponse<byte[]> tags = get("/v2/" + empty.repository() + "/tags/list");
            assertThat(tags.statusCode()).isIn(200, 404);
            if (tags.statusCode() == 200) {
                assertThat(TagList.parse(tags.body()).tags()).isEmpty();
            }
        });
        checks.put("empty/referrers: an unknown subject answers 200 with an empty OCI index", () -> {
            HttpResponse<byte[]> response = get(repo + "/referrers/" + Digest.sha256("random subject".getBytes()));
            assertReferrersIndex(response);
            assertThat(ImageIndex.parse(response.body()).manifests()).isEmpty();
        });
        String blobPath = repo + "/blobs/" + blob;
        checks.put(
                "blobs/range 500-1499", () -> assertRange(get(blobPath, "Range", "bytes=500-1499"), first, 500, 1500));
        checks.put("blobs/range 500-", () -> assertRange(get(blobPath, "Range", "bytes=500-"), first, 500, 2048));
        checks.put("blobs/range -500", () -> assertRange(get(blobPath, "Range", "bytes=-500"), first, 1548, 2048));
        checks.put(
                "blobs/range 2000-5000",
                () -> assertRange(get(blobPath, "Range", "bytes=2000-5000"), first, 2000, 2048));
        checks.put(
                "blobs/range 500-0 is 416",
                () -> assertThat(get(blobPath, "Range", "bytes=500-0").statusCode())
                        .isEqualTo(416));
        checks.put(
                "blobs/range 5000-10000 is 416",
                () -> assertThat(get(blobPath, "Range", "bytes=5000-10000").statusCode())
                        .isEqualTo(416));
        checks.put(
                "tag-list: every tag is listed",
                () -> assertThat(TagList.parse(get(repo + "/tags/list").body()).tags())
                        .containsAll(manifests.keySet()));
        checks.put("tag-list: the list is sorted and last= starts after the given tag", () -> {
            List<String> tags = TagList.parse(get(repo + "/tags/list").body()).tags();
            List<String> sorted = new ArrayList<>(tags);
            sorted.sort(null);
            assertThat(tags).isEqualTo(sorted);
            int end = sorted.size() / 2;
            String last = sorted.get(end - 1);
            List<String> partial =
                    TagList.parse(get(repo + "/tags/list?last=" + last).body()).tags();
            assertThat(partial).doesNotContainAnyElementsOf(sorted.subList(0, end));
            assertThat(partial).containsAll(sorted.subList(end, sorted.size()));
        });
        for (Map.Entry<String, byte[]> manifest : manifests.entrySet()) {
            String tag = manifest.getKey();
            byte[] bytes = manifest.getValue();
            Digest digest = Digest.sha256(bytes);
            checks.put(
                    "head/manifest by tag " + tag, () -> assertManifest(head(repo + "/manifests/" + tag), bytes, true));
            checks.put(
                    "head/manifest by digest " + tag,
                    () -> assertManifest(head(repo + "/manifests/" + digest), bytes, true));
            checks.put(
                    "pull/manifest by tag " + tag,
                    () -> assertManifest(accept(repo + "/manifests/" + tag), bytes, false));
            checks.put(
                    "pull/manifest by digest " + tag,
                    () -> assertManifest(accept(repo + "/manifests/" + digest), bytes, false));
            ImageManifest parsed = ImageManifest.parse(bytes);
            for (Descriptor descriptor :
                    List.of(parsed.config(), parsed.layers().getFirst())) {
                String what = (descriptor == parsed.config() ? "config" : "layer") + " of " + tag;
                checks.put("head/blob " + what, () -> {
                    HttpResponse<byte[]> head = head(repo + "/blobs/" + descriptor.digest());
                    assertThat(head.statusCode()).isEqualTo(200);
                    assertThat(head.body()).isEmpty();
                    assertThat(header(head, "Content-Length")).isEqualTo(Long.toString(descriptor.size()));
                    assertThat(header(head, "Docker-Content-Digest"))
                            .isEqualTo(descriptor.digest().toString());
                });
                checks.put("pull/blob " + what, () -> {
                    HttpResponse<byte[]> response = get(repo + "/blobs/" + descriptor.digest());
                    assertThat(response.statusCode()).isEqualTo(200);
                    assertThat(Digest.sha256(response.body())).isEqualTo(descriptor.digest());
                    assertThat(header(response, "Content-Length")).isEqualTo(Long.toString(descriptor.size()));
                    assertThat(header(response, "Docker-Content-Digest"))
                            .isEqualTo(descriptor.digest().toString());
                });
            }
            checks.put("referrers of " + tag + ": an OCI index of artifacts whose subject is the manifest", () -> {
                HttpResponse<byte[]> response = get(repo + "/referrers/" + digest);
                assertReferrersIndex(response);
                List<Descriptor> listed = ImageIndex.parse(response.body()).manifests();
                assertThat(listed).isNotEmpty();
                for (Descriptor referrer : listed) {
                    assertThat(referrer.artifactType()).isNotNull();
                    byte[] artifact =
                            get(repo + "/manifests/" + referrer.digest()).body();
                    assertThat(Digest.sha256(artifact)).isEqualTo(referrer.digest());
                    assertThat(artifact).hasSize((int) referrer.size());
                    assertThat(ImageManifest.parse(artifact).subject().digest()).isEqualTo(digest);
                    assertThat(referrer.annotations())
                            .isEqualTo(ImageManifest.parse(artifact).annotations());
                }
            });
            checks.put("referrers of " + tag + " filtered by artifactType", () -> {
                HttpResponse<byte[]> match =
                        get(repo + "/referrers/" + digest + "?artifactType=" + OciMediaTypes.RELEASE_PROOF);
                assertReferrersIndex(match);
                assertThat(header(match, "OCI-Filters-Applied")).isEqualTo("artifactType");
                assertThat(ImageIndex.parse(match.body()).manifests()).hasSize(1);
                HttpResponse<byte[]> other =
                        get(repo + "/referrers/" + digest + "?artifactType=application/vnd.example.sbom.v1");
                assertReferrersIndex(other);
                assertThat(ImageIndex.parse(other.body()).manifests()).isEmpty();
            });
        }
        checks.put(
                "missing-manifest/by-digest is 404",
                () -> assertThat(accept(repo + "/manifests/" + Digest.sha256(new byte[1024]))
                                .statusCode())
                        .isEqualTo(404));
        checks.put(
                "missing-manifest/by-tag is 404",
                () -> assertThat(accept(repo + "/manifests/missing-abcdefghij").statusCode())
                        .isEqualTo(404));
        checks.put(
                "invalid-digest-format/manifest-get sha256:baddigeststring is 404 or 400",
                () -> assertThat(accept(repo + "/manifests/sha256:baddigeststring")
                                .statusCode())
                        .isIn(400, 404));

        int passed = 0;
        List<String> failures = new ArrayList<>();
        for (Map.Entry<String, Check> check : checks.entrySet()) {
            try {
                check.getValue().run();
                passed++;
                System.out.println("PASS " + check.getKey());
            } catch (Throwable e) {
                failures.add(check.getKey() + ": " + e.getMessage());
                System.out.println("FAIL " + check.getKey() + ": " + e.getMessage());
            }
        }
        System.out.println("oci-conformance: " + passed + " passed, " + failures.size() + " failed");
        assertThat(failures).isEmpty();
        assertThat(passed).isEqualTo(checks.size());
    }

    private HttpResponse<byte[]> head(String path) {
        return oci("HEAD", path, "Accept", OciMediaTypes.IMAGE_INDEX, "Accept", OciMediaTypes.IMAGE_MANIFEST);
    }

    private HttpResponse<byte[]> accept(String path) {
        return get(path, "Accept", OciMediaTypes.IMAGE_INDEX, "Accept", OciMediaTypes.IMAGE_MANIFEST);
    }

    private static void assertManifest(HttpResponse<byte[]> response, byte[] expected, boolean head) {
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(header(response, "Content-Type")).isEqualTo(OciMediaTypes.IMAGE_MANIFEST);
        assertThat(header(response, "Content-Length")).isEqualTo(Integer.toString(expected.length));
        assertThat(header(response, "Docker-Content-Digest"))
                .isEqualTo(Digest.sha256(expected).toString());
        assertThat(response.body()).isEqualTo(head ? new byte[0] : expected);
    }

    private static void assertRange(HttpResponse<byte[]> response, byte[] blob, int from, int to) {
        assertThat(response.statusCode()).isEqualTo(206);
        assertThat(response.body()).isEqualTo(Arrays.copyOfRange(blob, from, to));
        assertThat(header(response, "Content-Length")).isEqualTo(Integer.toString(to - from));
        assertThat(header(response, "Content-Range")).isEqualTo("bytes " + from + "-" + (to - 1) + "/" + blob.length);
    }

    private static void assertReferrersIndex(HttpResponse<byte[]> response) {
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(header(response, "Content-Type")).isEqualTo(OciMediaTypes.IMAGE_INDEX);
        assertThat(new String(response.body()))
                .contains("\"schemaVersion\":2")
                .contains("\"mediaType\":\"" + OciMediaTypes.IMAGE_INDEX + "\"");
    }
}
