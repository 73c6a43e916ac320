/* reqid.h — a request's id: the client's X-Request-Id when it is sane, else
 * one made here.
 *
 * Every answer carries it back in X-Request-Id (the intake's refusals too),
 * and the json access log and the operator's messages name it, so that a
 * client's complaint, a proxy's log and ours meet on one string.  What a
 * client sends is taken only when it is short and made of characters that
 * need no escaping in a header, a log line or JSON; anything else is
 * replaced, never repaired, so a forged id cannot split a header or a line.
 */
#ifndef SD_HTTP_REQID_H
#define SD_HTTP_REQID_H

#include <stddef.h>

/* The longest id taken from a client (a UUID is 36, a W3C trace id 32). */
#define SD_REQID_MAX 64
/* Room for an id and its NUL. */
#define SD_REQID_SIZE (SD_REQID_MAX + 1)

/* Non-zero when s[0..n) may serve as an id: 1 to SD_REQID_MAX bytes of
 * ASCII letters, digits and - _ . : + / = @.  s may be NULL (0). */
int sd_reqid_valid(const char *s, size_t n);

/* A new id into out: 32 lowercase hex digits (a W3C trace id's shape),
 * never the same twice in a process, and from a random seed, unlikely to
 * meet another process's.  Thread-safe. */
void sd_reqid_make(char out[SD_REQID_SIZE]);

/* The id of a request that sent s[0..n) as its X-Request-Id (s NULL: none):
 * a copy of it when sd_reqid_valid(), else a new one. */
void sd_reqid_take(const char *s, size_t n, char out[SD_REQID_SIZE]);

#endif
