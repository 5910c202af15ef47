package dev.wreg.webui.view;

/** A link: what it says and where it goes. */
public record Link(String text, String url) {}
