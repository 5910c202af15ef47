package dev.wreg.webui.view;

/**
 * A page the site renders: its view model, and the template that renders it. Each template takes
 * exactly one parameter, the page record, named {@code page}.
 */
public sealed interface Page
        permits HomePage,
                PackagePage,
                NamespacePage,
                LogPage,
                LogEntryPage,
                ComposePage,
                CompositionPage,
                SignInPage,
                TokensPage,
                SearchPage,
                InterfacePage,
                ErrorPage {

    Layout layout();

    /** The template file, relative to the template root. */
    String template();
}
