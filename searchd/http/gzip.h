/* gzip.h — compressing answers for clients that accept gzip (zlib). */
#ifndef SD_HTTP_GZIP_H
#define SD_HTTP_GZIP_H

#include <stddef.h>

/* Bodies shorter than this go as they are: below a packet or two, the
 * gzip header and the CPU cost more than the bytes saved. */
#define SD_GZIP_MIN_BYTES 1024

/* Non-zero when an Accept-Encoding value (may be NULL) accepts gzip: a
 * `gzip` or `x-gzip` coding, or `*`, whose q is not 0 (RFC 9110 §12.5.3). */
int sd_gzip_accepted(const char *accept_encoding);

/* Non-zero for a Content-Type worth compressing: text, JSON, XML, RIS. */
int sd_gzip_compressible(const char *content_type);

/* Compress in[0..len) into a malloc()ed gzip stream, *out and *out_len.
 * Returns 0, or -1 (out of memory, zlib failure) with *out NULL. */
int sd_gzip_compress(const char *in, size_t len, char **out, size_t *out_len);

#endif
