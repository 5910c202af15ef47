package dev.wreg.protocol.api;

import java.util.List;

/** {@code GET /v1/tokens}: the tokens the caller's token created, newest first. */
public record TokenListView(List<TokenView> tokens) {}
