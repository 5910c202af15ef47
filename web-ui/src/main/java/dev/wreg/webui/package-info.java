/**
 * The registry's web pages as a library: view models ({@link dev.wreg.webui.view}), their
 * precompiled JTE templates rendered by {@link dev.wreg.webui.Pages}, and the HTML that publisher
 * text and WIT become ({@link dev.wreg.webui.html}). No Spring here: the server's {@code web}
 * package builds the view models and calls {@link dev.wreg.webui.Pages}.
 */
package dev.wreg.webui;
