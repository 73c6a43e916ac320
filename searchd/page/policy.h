/* policy.h — the security headers of every HTML the daemon serves: the
 * page (page.c) and the HTML assets (assets.c, the widget's demo). */
#ifndef SD_PAGE_POLICY_H
#define SD_PAGE_POLICY_H

/* The Content-Security-Policy: no inline script or style at all. */
#define SD_POLICY_CSP                                                                              \
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "              \
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'"

/* A source site learns it was reached from Polis, never what was searched. */
#define SD_POLICY_REFERRER "strict-origin-when-cross-origin"

/* The headers every HTML document of the page carries, as name, value
 * pairs to open an sd_http_ctx_t headers list: the policy above, and no
 * framing by another site. */
#define SD_POLICY_HEADERS                                                                          \
    "Content-Security-Policy", SD_POLICY_CSP, "Referrer-Policy", SD_POLICY_REFERRER,               \
        "X-Frame-Options", "DENY"

#endif
