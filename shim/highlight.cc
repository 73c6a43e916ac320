// highlight.cc — snippets: the best passage of a text, matches in <mark>.
//
// Xapian's MSet::snippet() stems the original words, so an accented word never
// meets the folded query term.  Here the words a query marks are found as
// the index folded and stemmed them (marks.cc), and the original bytes are
// what is shown.  The whole text is read, so the passage is the best of all
// of it.
#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "marks.h"

namespace
{

using shim::mark;

// Start of the passage: the window of max_bytes with the most distinct matched
// stems, then the most matches; a little context is kept before the first.
size_t best_start(const std::vector<mark> &m, const char *text, size_t max_bytes)
{
    size_t best = 0, best_distinct = 0, best_count = 0;
    size_t lead = max_bytes / 5;
    size_t candidates = std::min<size_t>(m.size(), 200);
    std::vector<int> seen; // the distinct stems of a window
    for (size_t k = 0; k < candidates; k++) {
        size_t ws = m[k].start > lead ? m[k].start - lead : 0;
        size_t we = ws + max_bytes;
        seen.clear();
        size_t count = 0;
        for (size_t j = k; j < m.size() && m[j].end <= we; j++) {
            count++;
            if (std::find(seen.begin(), seen.end(), m[j].stem) == seen.end())
                seen.push_back(m[j].stem);
        }
        if (seen.size() > best_distinct || (seen.size() == best_distinct && count > best_count)) {
            best = ws;
            best_distinct = seen.size();
            best_count = count;
        }
    }
    // Begin on a word: move forward past a partial word or UTF-8 tail.
    while (best > 0 && text[best] && text[best] != ' ' && text[best] != '\n' &&
           text[best - 1] != ' ' && text[best - 1] != '\n')
        best++;
    while (text[best] == ' ' || text[best] == '\n')
        best++;
    return best;
}

void escape(std::string &out, const char *s, size_t n)
{
    bool space = false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '\n' || c == '\r' || c == '\t' || c == ' ') {
            space = true; // paragraphs read as one line in a snippet
            continue;
        }
        if (space && !out.empty() && out.back() != ' ')
            out += ' ';
        space = false;
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&#39;"; break;
        default: out += c;
        }
    }
    if (space)
        out += ' ';
}

std::string highlight(const polis_result &r, const char *text, size_t max_bytes)
{
    size_t len = strlen(text);
    std::vector<mark> m = shim::find_marks(r, text, len);
    size_t from = 0, to = len;
    if (max_bytes && len > max_bytes) {
        from = m.empty() ? 0 : best_start(m, text, max_bytes);
        to = std::min(len, from + max_bytes);
        // End on a word boundary, never inside a UTF-8 sequence.
        while (to > from && to < len && text[to] != ' ' && text[to] != '\n')
            to--;
        if (to == from)
            to = std::min(len, from + max_bytes);
        while (to < len && (static_cast<unsigned char>(text[to]) & 0xC0) == 0x80)
            to++;
    }
    std::string out;
    if (from > 0)
        out += "… ";
    size_t at = from;
    for (const mark &s : m) {
        if (s.start < from || s.end > to)
            continue;
        escape(out, text + at, s.start - at);
        out += "<mark>";
        escape(out, text + s.start, s.end - s.start);
        out += "</mark>";
        at = s.end;
    }
    escape(out, text + at, to - at);
    while (!out.empty() && out.back() == ' ')
        out.pop_back();
    if (to < len)
        out += " …";
    return out;
}

} // namespace

extern "C" char *polis_result_highlight(const polis_result_t *r, const char *text, size_t max_bytes)
{
    if (!r || !text)
        return nullptr;
    try {
        return shim::c_copy(highlight(*r, text, max_bytes));
    } catch (...) {
        return nullptr;
    }
}
