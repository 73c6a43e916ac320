/* replica.c — a replica root fed by xapian-replicate; see replica.h. */
#include "run/replica.h"

#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "polis/index.h"

extern char **environ;

/* The master's copy of the current generation's shard 0 (or whole plain
 * index), replicated on every round to learn which generation that is. */
#define STAGE ".stage"

/* Run xapian-replicate once: master (a path below the server's root) into
 * target; quiet sends its messages to /dev/null (a probe that may fail).
 * 0, or -1 with err. */
static int replicate(const ix_replica_t *r, const char *master, const char *target, int quiet,
                     char *err, size_t errlen)
{
    char *argv[] = { "xapian-replicate", "-o", "-h", (char *)r->host, "-p", (char *)r->port,
                     "-m", (char *)master, (char *)target, NULL };
    posix_spawn_file_actions_t fa;
    if (posix_spawn_file_actions_init(&fa) != 0 ||
        (quiet && posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0) != 0)) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    pid_t pid;
    int rc = posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    if (rc != 0) {
        snprintf(err, errlen, "cannot run xapian-replicate (Debian package xapian-tools): %s",
                 strerror(rc));
        return -1;
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) {
            snprintf(err, errlen, "xapian-replicate: %s", strerror(errno));
            return -1;
        }
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        snprintf(err, errlen, "xapian-replicate -m %s from %s:%s into %s failed", master, r->host,
                 r->port, target);
        return -1;
    }
    return 0;
}

/* A generation name as the indexer makes them: nothing else becomes a path. */
static int valid_name(const char *name)
{
    if (strncmp(name, "gen-", 4) != 0 || strlen(name) < 5 || strlen(name) >= IX_GEN_NAME_MAX)
        return 0;
    for (const char *p = name + 4; *p; p++)
        if (*p < '0' || *p > '9')
            return 0;
    return 1;
}

/* What the staged shard 0 says: its generation and the number of shards. */
static int read_stage(const char *stage, ix_replica_t *r, char *err, size_t errlen)
{
    polis_index_t *idx = NULL;
    char *msg = NULL, *gen = NULL, *shards = NULL;
    int rc = -1;
    if (polis_index_open(stage, &idx, &msg) != POLIS_OK) {
        snprintf(err, errlen, "%s: %s", stage, msg ? msg : "cannot open");
    } else if (polis_index_get_metadata(idx, "polis:generation", &gen) != POLIS_OK ||
               polis_index_get_metadata(idx, "polis:shards", &shards) != POLIS_OK) {
        snprintf(err, errlen, "%s: %s", stage, polis_index_last_error(idx));
    } else if (!valid_name(gen)) {
        snprintf(err, errlen,
                 "the master's current generation does not name itself (polis:generation "
                 "\"%.40s\"): rebuild it with this polis-indexer",
                 gen);
    } else {
        char *end;
        unsigned long n = strtoul(shards, &end, 10);
        r->shards = *shards == '\0' ? 1 : (unsigned)n;
        if (*end != '\0' || r->shards < 1 || r->shards > POLIS_MAX_SHARDS) {
            snprintf(err, errlen, "the master's polis:shards is not a shard count: \"%.20s\"",
                     shards);
        } else {
            snprintf(r->generation, sizeof r->generation, "%s", gen);
            rc = 0;
        }
    }
    free(msg);
    free(gen);
    free(shards);
    polis_index_close(idx);
    return rc;
}

/* Every shard of the master's generation into dir (the replica's
 * generation, or its .partial).  0, or -1 with err. */
static int copy_shards(const ix_replica_t *r, const char *dir, char *err, size_t errlen)
{
    if (r->shards == 1) {
        char master[4096];
        snprintf(master, sizeof master, "%s", r->generation);
        return replicate(r, master, dir, 0, err, errlen);
    }
    if (ix_gen_mkdirs(dir) != 0) {
        snprintf(err, errlen, "%s: cannot create: %s", dir, strerror(errno));
        return -1;
    }
    for (unsigned k = 0; k < r->shards; k++) {
        char master[4096], target[4096];
        snprintf(master, sizeof master, "%s/shard-%u", r->generation, k);
        snprintf(target, sizeof target, "%s/shard-%u", dir, k);
        if (replicate(r, master, target, 0, err, errlen) != 0)
            return -1;
    }
    char *msg = NULL;
    if (polis_index_join_shards(dir, r->shards, &msg) != POLIS_OK) {
        snprintf(err, errlen, "%s", msg ? msg : "cannot list the shards");
        free(msg);
        return -1;
    }
    return 0;
}

static int sync_locked(ix_replica_t *r, char *err, size_t errlen)
{
    char stage[4096], dir[4096], partial[4096], current[IX_GEN_NAME_MAX] = "";
    snprintf(stage, sizeof stage, "%s/" STAGE, r->root);
    char ignored[512];
    /* A sharded master's shard 0 holds the metadata; a plain one is whole. */
    if (replicate(r, "current/shard-0", stage, 1, ignored, sizeof ignored) != 0 &&
        replicate(r, "current", stage, 0, err, errlen) != 0)
        return -1;
    if (read_stage(stage, r, err, errlen) != 0)
        return -1;
    snprintf(dir, sizeof dir, "%s/%s", r->root, r->generation);
    struct stat st;
    if (stat(dir, &st) == 0) {
        /* Known here: the master updated it in place, or nothing changed. */
        if (copy_shards(r, dir, err, errlen) != 0)
            return -1;
    } else {
        snprintf(partial, sizeof partial, "%s.partial", dir);
        if (copy_shards(r, partial, err, errlen) != 0 ||
            ix_gen_sync_tree(partial, err, errlen) != 0)
            return -1;
        if (rename(partial, dir) != 0) {
            snprintf(err, errlen, "%s: cannot rename: %s", partial, strerror(errno));
            return -1;
        }
    }
    if (ix_gen_current(r->root, current, ignored, sizeof ignored) != 0 ||
        strcmp(current, r->generation) != 0) {
        if (ix_gen_switch(r->root, r->generation, err, errlen) != 0)
            return -1;
        r->switched = 1;
    }
    if (ix_gen_prune(r->root, r->keep, err, errlen) < 0)
        return -1;
    return 0;
}

int ix_replica_sync(ix_replica_t *r, char *err, size_t errlen)
{
    r->generation[0] = '\0';
    r->shards = 0;
    r->switched = 0;
    int fd = ix_gen_lock(r->root, r->wait, err, errlen);
    if (fd < 0)
        return -1;
    int rc = ix_gen_remove_stale(r->root, err, errlen) < 0 ? -1 : sync_locked(r, err, errlen);
    ix_gen_unlock(fd);
    return rc;
}
