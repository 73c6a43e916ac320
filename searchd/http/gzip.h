/* gzip.h — compressing answers for clients that accept gzip (zlib). */
#ifndef SD_HTTP_GZIP_H
#define SD_HTTP_GZIP_H

#include <stddef.h>

#include "polis/text.h"

/* Bodies shorter than this go as they are: below a packet or two, the
 * gzip header and the CPU cost more than the bytes saved. */
#define SD_GZIP_MIN_BYTES 1024

/* Non-zero when an Accept-Encoding value (may be NULL) accepts gzip: a
 * `gzip` or `x-gzip` coding, or `*`, whose q is not 0 (RFC 9110 §12.5.3). */
int sd_gzip_accepted(const char *accept_encoding);

/* Non-zero for a Content-Type worth compressing: text, JSON, XML, RIS,
 * BibTeX, CSL-JSON. */
int sd_gzip_compressible(const char *content_type);

/* Compress in[0..len) into a malloc()ed gzip stream, *out and *out_len.
 * Returns 0, or -1 (out of memory, zlib failure) with *out NULL. */
int sd_gzip_compress(const char *in, size_t len, char **out, size_t *out_len);

/* A gzip stream made piece by piece, for bodies sent as they are made. */
typedef struct sd_gzip_stream sd_gzip_stream_t;

/* A new stream; NULL when out of memory. */
sd_gzip_stream_t *sd_gzip_stream_new(void);

/* Compress in[0..len), appending what zlib gives to out (which may get
 * nothing until enough came in); finish non-zero for the last piece, which
 * writes the gzip trailer.  0, or -1 (out of memory, zlib failure). */
int sd_gzip_stream_write(sd_gzip_stream_t *z, const char *in, size_t len, int finish,
                         polis_buf_t *out);

/* Free the stream.  NULL is allowed. */
void sd_gzip_stream_free(sd_gzip_stream_t *z);

#endif
