/**
 * Load shedding: bounds on the work the server holds at once. Each request runs on a virtual
 * thread, so Tomcat's thread pool bounds nothing, and a request waiting for the database pool or
 * for the publish committer holds its connection's buffers (about 100 KB) the whole time; driven
 * open-loop past what it could serve, the server held some 13,000 such requests and 1.3 GiB of live
 * heap. Past a bound a request is answered 503 {@code overloaded} with {@code Retry-After} at once,
 * before its body is read or anything is stored ({@link OverloadLimits}).
 */
package dev.wreg.server.overload;
