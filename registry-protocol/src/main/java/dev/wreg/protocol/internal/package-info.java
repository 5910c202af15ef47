/** Implementation helpers shared by the protocol packages; not part of the public API. */
package dev.wreg.protocol.internal;
