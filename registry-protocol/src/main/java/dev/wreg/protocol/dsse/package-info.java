/**
 * DSSE v1 envelopes: the signed wrapper around every package and operator record. Signatures
 * cover the pre-authentication encoding (PAE) of payload type and payload. Errors carry the code
 * {@code invalid-envelope}.
 */
package dev.wreg.protocol.dsse;
