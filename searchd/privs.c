/* privs.c — whom polis-searchd runs as (see privs.h). */
#include "privs.h"

#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

int sd_privs_check(const char *user, int allow_root)
{
    if (geteuid() != 0 || user != NULL || allow_root)
        return 0;
    fprintf(stderr,
            "polis-searchd: will not serve as root: give --user NAME (a user of its own, such "
            "as polis, or nobody) to run as once the socket is bound, or --allow-root in a "
            "container whose root is no one's on the host\n");
    return -1;
}

int sd_privs_drop(const char *user)
{
    if (user == NULL)
        return 0;
    struct passwd pw, *found = NULL;
    char buf[4096];
    int err = getpwnam_r(user, &pw, buf, sizeof buf, &found);
    if (found == NULL) {
        /* A number names a user that need not be in the database. */
        char *end = NULL;
        errno = 0;
        unsigned long uid = strtoul(user, &end, 10);
        if (user[0] == '\0' || *end != '\0' || errno != 0 || uid > 0x7fffffffUL) {
            fprintf(stderr, "polis-searchd: --user %s: %s\n", user,
                    err != 0 ? strerror(err) : "no such user");
            return -1;
        }
        memset(&pw, 0, sizeof pw);
        pw.pw_name = NULL;
        pw.pw_uid = (uid_t)uid;
        pw.pw_gid = (gid_t)uid;
    }
    if (pw.pw_uid == geteuid() && pw.pw_uid == getuid())
        return 0;
    if (geteuid() != 0) {
        fprintf(stderr, "polis-searchd: --user %s: only root can become another user\n", user);
        return -1;
    }
    if (pw.pw_uid == 0) {
        fprintf(stderr, "polis-searchd: --user %s: that is root; use --allow-root\n", user);
        return -1;
    }
    int bad = pw.pw_name != NULL ? initgroups(pw.pw_name, pw.pw_gid) : setgroups(1, &pw.pw_gid);
    bad = bad || setgid(pw.pw_gid) != 0 || setuid(pw.pw_uid) != 0;
    if (bad) {
        fprintf(stderr, "polis-searchd: --user %s: %s\n", user, strerror(errno));
        return -1;
    }
    /* For good: root must not be within reach any more. */
    if (setuid(0) == 0 || seteuid(0) == 0) {
        fprintf(stderr, "polis-searchd: --user %s: root could be taken back\n", user);
        return -1;
    }
    return 0;
}
