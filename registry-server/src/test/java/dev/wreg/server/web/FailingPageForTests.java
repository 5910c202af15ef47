package dev.wreg.server.web;

import io.swagger.v3.oas.annotations.Hidden;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** Only on the test class path: a page that breaks, to see the 500 page a visitor would get. */
@Controller
@Hidden
class FailingPageForTests {

    @GetMapping("/test-only/broken-page")
    ResponseEntity<String> broken() {
        throw new IllegalStateException("a fault injected by the test");
    }
}
