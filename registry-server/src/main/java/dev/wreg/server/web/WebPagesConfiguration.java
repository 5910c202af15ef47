package dev.wreg.server.web;

import dev.wreg.webui.Pages;
import dev.wreg.webui.html.MarkdownRenderer;
import dev.wreg.webui.html.WitHighlighter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** The web pages' renderers, and the CSRF check on every form the pages post. */
@Configuration(proxyBeanMethods = false)
public class WebPagesConfiguration implements WebMvcConfigurer {

    private final WebVisitors visitors;

    public WebPagesConfiguration(WebVisitors visitors) {
        this.visitors = visitors;
    }

    @Bean
    Pages pages() {
        return Pages.precompiled();
    }

    @Bean
    MarkdownRenderer markdownRenderer() {
        return new MarkdownRenderer();
    }

    @Bean
    WitHighlighter witHighlighter() {
        return new WitHighlighter();
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new CsrfCheck(visitors));
    }
}
