/* indexer/path.h — where a file really is.  A leaf every part of the
 * indexer may use.
 *
 * A corpus is what the indexer publishes: a symbolic link planted in it
 * must not make it read (and publish) a file from elsewhere.  The walk
 * checks every link, the readers check again when they open a file (a link
 * swapped in after the walk is refused too), and so does the table loader
 * for a corpus's own themes.tsv and synonyms.tsv. */
#ifndef IX_PATH_H
#define IX_PATH_H

/* Non-zero when path's real path (every link resolved) lies under
 * real_root, itself a real path (realpath()). */
int ix_path_inside(const char *real_root, const char *path);

#endif
