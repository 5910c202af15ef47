package dev.wreg.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wreg.server.search.SearchQuery;
import org.junit.jupiter.api.Test;

/** How the search box's text becomes the index's query, and what a page says it left out. */
class SearchTermsTest {

    @Test
    void filterTermsBecomeFiltersAndTheRestIsText() {
        SearchTerms terms = SearchTerms.parse(
                "  http  Exports:wasi:http/incoming-handler@0.2.3 imports:wasi:io/streams namespace:acme server ");
        assertThat(terms.text()).isEqualTo("http server");
        assertThat(terms.exports()).hasToString("wasi:http/incoming-handler@0.2.3");
        assertThat(terms.imports()).hasToString("wasi:io/streams");
        assertThat(terms.namespace()).isEqualTo("acme");
        assertThat(terms.notes()).isEmpty();
        assertThat(terms.canonical())
                .isEqualTo(
                        "http server exports:wasi:http/incoming-handler@0.2.3 imports:wasi:io/streams namespace:acme");
        assertThat(SearchTerms.parse(terms.canonical())).isEqualTo(terms);
    }

    @Test
    void whatTheIndexWouldRefuseIsLeftOutWithANote() {
        SearchTerms broken =
                SearchTerms.parse("exports:not-an-interface namespace:Not_Valid imports:a:b/c imports:d:e/f x");
        assertThat(broken.exports()).isNull();
        assertThat(broken.namespace()).isNull();
        assertThat(broken.imports()).hasToString("a:b/c");
        assertThat(broken.text()).isEqualTo("x");
        assertThat(broken.notes())
                .hasSize(3)
                .anySatisfy(
                        n -> assertThat(n).contains("exports:not-an-interface").contains("names no interface"))
                .anySatisfy(n -> assertThat(n).contains("namespace:Not_Valid"))
                .anySatisfy(n -> assertThat(n).contains("imports:d:e/f"));
        // A bare prefix is text.
        assertThat(SearchTerms.parse("exports:").text()).isEqualTo("exports:");
    }

    @Test
    void longTextIsCutAtAWordAndControlCharactersAreSpaces() {
        SearchTerms tenThousand = SearchTerms.parse("calc ".repeat(2_000));
        assertThat(tenThousand.text().length()).isLessThanOrEqualTo(SearchQuery.MAX_TEXT_CHARS);
        assertThat(tenThousand.text()).endsWith("calc");
        assertThat(tenThousand.notes())
                .singleElement()
                .satisfies(n -> assertThat(n).contains("10000 characters long"));
        // The index accepts what the page passes on.
        assertThat(tenThousand.query(1, 20).text()).isEqualTo(tenThousand.text());

        SearchTerms control = SearchTerms.parse("a\u0000b\u0007c\td \uD800e");
        assertThat(control.text()).isEqualTo("a b c d e");
        assertThat(control.query(1, 20).hasText()).isTrue();

        SearchTerms sql = SearchTerms.parse("' OR 1=1; DROP TABLE packages; --");
        assertThat(sql.text()).isEqualTo("' OR 1=1; DROP TABLE packages; --");
        assertThat(sql.notes()).isEmpty();
    }
}
