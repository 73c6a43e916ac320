/* polis/version.h — which Polis this is.
 *
 * The macros give the version the headers belong to (compile time);
 * polis_version() the version of the libpolis a program runs with.  The
 * shared library's SONAME is libpolis.so.POLIS_VERSION_MAJOR: a change of
 * major version is a change of ABI.  The Makefile reads this file for the
 * library's file names and for polis.pc; it is the one place to change.
 */
#ifndef POLIS_VERSION_H
#define POLIS_VERSION_H

#ifdef __cplusplus
extern "C" {
#endif

#define POLIS_VERSION_MAJOR  0
#define POLIS_VERSION_MINOR  2
#define POLIS_VERSION_PATCH  0
#define POLIS_VERSION_STRING "0.2.0"

/* One number that orders versions: 0x00MMmmpp (major, minor, patch). */
#define POLIS_VERSION_NUMBER                                                                       \
    ((POLIS_VERSION_MAJOR << 16) | (POLIS_VERSION_MINOR << 8) | POLIS_VERSION_PATCH)

/* The running library's version, "MAJOR.MINOR.PATCH" (static storage). */
const char *polis_version(void);

#ifdef __cplusplus
}
#endif

#endif
