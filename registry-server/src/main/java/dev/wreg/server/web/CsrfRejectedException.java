package dev.wreg.server.web;

/** A form arrived without this visitor's CSRF token: it was not posted from this site's page. */
public class CsrfRejectedException extends RuntimeException {

    public CsrfRejectedException() {
        super("the form's security token is missing or wrong; reload the page and try again");
    }
}
