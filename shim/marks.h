// marks.h — which words of a text a search's query marks (marks.cc), for
// the snippets and titles of highlight.cc.  Internal to libpolis.
#ifndef POLIS_SHIM_MARKS_H
#define POLIS_SHIM_MARKS_H

#include <cstddef>
#include <vector>

#include "query.h"

namespace shim
{

// A word the query marks: its bytes [start, end) in the text, and the
// number of its stem among the result's marked stems (polis_result::memo),
// so that a passage can count the distinct words it holds.
struct mark {
    size_t start, end;
    int stem;
};

// The words of text[0..len) that r's query marks, in order: those whose
// fold is a query word, whose stem is a query stem, or that a wildcard's
// prefix starts, stop words aside.  Throws std::bad_alloc.
std::vector<mark> find_marks(const polis_result &r, const char *text, size_t len);

} // namespace shim

#endif
