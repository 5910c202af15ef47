/** Byte-level reading and writing (LEB128, names) shared by the decoder and encoder; not API. */
package dev.wreg.engine.binary.internal;
