/* privs.h — whom polis-searchd runs as.
 *
 * A daemon that reads an index and answers strangers has no use for root.
 * Started as root, it binds its socket (a port below 1024 needs root), then
 * becomes --user and that user's groups before it starts a thread or opens
 * the index, and root is refused unless --allow-root says it is on purpose
 * (the root of a container, which is no one's on the host).  Under systemd
 * it is never root (polis-searchd.service: DynamicUser).
 */
#ifndef SD_PRIVS_H
#define SD_PRIVS_H

/* Whether the daemon may go on as the user it is: 0 when it is not root, or
 * will drop root (user not NULL), or may keep it (allow_root); else -1 after
 * saying why on stderr. */
int sd_privs_check(const char *user, int allow_root);

/* Become user (a name or a number) and its groups for good: the supplementary
 * groups of the group database, the user's group, the user.  Nothing when
 * user is NULL, or is the user the daemon already runs as.  0, or -1 after
 * saying why on stderr (an unknown user; not root, so no switching). */
int sd_privs_drop(const char *user);

#endif
