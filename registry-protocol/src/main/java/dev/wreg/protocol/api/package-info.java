/**
 * What travels over the registry's HTTP API ({@code /v1}): the request and answer bodies that the
 * server writes and the CLI (or any other client) reads, as plain records that Jackson maps, and
 * {@link dev.wreg.protocol.api.Problem}, the RFC 9457 document every refusal is answered with,
 * whose stable codes are listed in {@link dev.wreg.protocol.api.ProblemCodes}. The server and the
 * CLI both use these types, so the two cannot drift apart; {@code docs/openapi.json} describes
 * them for everybody else.
 *
 * <p>Naming, so that a newcomer can tell what a type is from its name:
 *
 * <ul>
 *   <li>{@code …Request}: a request body ({@code CompositionRequest}, {@code ClaimRequest}).
 *   <li>{@code …View}: a resource as a read answers it, and its parts ({@code PackageStateView},
 *       {@code VersionView}, {@code BlobView}); a page of them is a {@code …ListView} or a
 *       plural ({@code RecordsView}).
 *   <li>{@code …Response}: the answer to an action that is not simply the state of a resource
 *       ({@code PublishResponse}, {@code TokenResponse}).
 *   <li>{@link dev.wreg.protocol.api.Problem}: every refusal, with a {@code code} from {@link
 *       dev.wreg.protocol.api.ProblemCodes} (or a validator, composer or protocol code).
 * </ul>
 *
 * <p>Rules: JSON member names are the record components' names, in their order; the one Java
 * keyword among them, {@code package}, is the component {@code pkg} with
 * {@code @JsonProperty("package")}. Absent optional members are {@code null}, not left out, unless
 * the type says otherwise. Simple names, nested records included, are unique in this package,
 * because they are also the schema names of the OpenAPI document. Records hold data and build it;
 * rules live with the server or the client. {@code io.swagger} annotations document the schema
 * and are needed at compile time only: using this package needs Jackson, nothing else.
 */
package dev.wreg.protocol.api;
