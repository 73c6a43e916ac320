// highlight.cc — snippets: the best passage of a text, matches in <mark>.
//
// Xapian's MSet::snippet() stems the original words, so an accented word never
// meets the folded query term.  Here each word of the original is folded and
// stemmed exactly as at index time, and the original bytes are what is shown.
// The whole text is read, so the passage is the best of all of it; what a
// word is (marked or not) is worked out once per result (polis_result's memo).
#include <algorithm>
#include <bitset>
#include <cctype>
#include <cstdlib>
#include <cstring>

#include "query.h"

namespace
{

struct span {
    size_t start, end;
    int stem; // its number in the result's memo
};

// Fold one word as documents' terms are folded.  A word of ASCII letters
// and digits folds to itself in lower case: no Unicode tables needed.
void fold_word(const char *w, size_t n, polis_buf_t &b, std::string &out)
{
    bool ascii = true;
    for (size_t i = 0; i < n && ascii; i++)
        ascii = static_cast<unsigned char>(w[i]) < 0x80;
    if (ascii) {
        out.assign(w, n);
        for (char &c : out)
            c = static_cast<char>(tolower(static_cast<unsigned char>(c)));
        return;
    }
    b.len = 0;
    if (polis_text_fold(w, n, &b) != 0) {
        polis_buf_free(&b);
        throw std::bad_alloc();
    }
    out.assign(b.data ? b.data : "", b.len);
}

// The number of the stem of the word w[0..n) among the result's marked
// stems, or -1 when the query does not mark it: folded, not a stop word,
// and its fold among the query's words, its stem among their stems, or a
// wildcard's prefix starting it.  Remembered in the result's memo.
int marked(const polis_result &r, const char *w, size_t n, polis_buf_t &b, std::string &folded)
{
    shim::word_memo &m = r.memo;
    auto it = m.seen.find(std::string_view(w, n));
    if (it != m.seen.end())
        return it->second;
    if (!m.ready) {
        m.stem = Xapian::Stem("french");
        m.ready = true;
    }
    int out = -1;
    fold_word(w, n, b, folded);
    if (!folded.empty() && !shim::stopper()(folded)) {
        std::string s = m.stem(folded);
        bool hit = r.words.count(folded) || r.stems.count(s);
        for (auto p = r.prefixes.begin(); !hit && p != r.prefixes.end(); ++p)
            hit = folded.compare(0, p->size(), *p) == 0;
        if (hit) {
            auto known = std::find(m.stems.begin(), m.stems.end(), s);
            out = int(known - m.stems.begin());
            if (known == m.stems.end())
                m.stems.push_back(s);
        }
    }
    m.words.emplace_back(w, n);
    m.seen.emplace(std::string_view(m.words.back()), out);
    return out;
}

// A letter or digit of ASCII in lower case (the fold of an ASCII word).
inline unsigned char lower_ascii(unsigned char c)
{
    return c >= 'A' && c <= 'Z' ? static_cast<unsigned char>(c + ('a' - 'A')) : c;
}

// Which words of a body may be marked, told from their first bytes alone, so
// that most words are let go without folding them or a look in the memo
// (that look was two thirds of a snippet's time).  An ASCII word folds to
// itself in lower case; the French stem of a word of two letters or more
// keeps its first two (Snowball's regions start after them, and its
// prelude's marks are undone: checked on wfrench's 350,000 words and 1.5
// million random ones), or is one letter, its first; a wildcard's prefix
// starts the word.  So a word whose first two bytes are ASCII can match
// only if they start a query word, stem or prefix of two bytes or more, or
// its first byte is a one-byte one; a word of one byte, only that.  Other
// words are told by their first byte, when it is ASCII.
class first_bytes
{
  public:
    explicit first_bytes(const polis_result &r)
    {
        for (const auto *set : { &r.words, &r.stems, &r.prefixes })
            for (const std::string &w : *set)
                add(w);
    }
    bool may_match(const char *w, size_t n) const
    {
        unsigned char a = static_cast<unsigned char>(w[0]);
        if (all_ || a >= 128)
            return true;
        a = lower_ascii(a);
        if (one_[a])
            return true;
        unsigned char b = n > 1 ? static_cast<unsigned char>(w[1]) : 0;
        if (n > 1 && b >= 128)
            return first_[a];
        return n > 1 && pair_[a * 128u + lower_ascii(b)];
    }

  private:
    void add(const std::string &w)
    {
        unsigned char a = w.empty() ? 0 : static_cast<unsigned char>(w[0]);
        if (w.empty()) {
            all_ = true;
        } else if (a < 128) {
            first_[a] = true;
            unsigned char b = w.size() > 1 ? static_cast<unsigned char>(w[1]) : 0;
            if (w.size() == 1)
                one_[a] = true;
            else if (b < 128)
                pair_[a * 128u + b] = true;
        }
    }
    bool all_ = false;
    bool first_[128] = {}; // starts a word, stem or prefix
    bool one_[128] = {};   // is a word, stem or prefix of one byte
    std::bitset<128 * 128> pair_; // the first two bytes of one
};

std::vector<span> find_matches(const polis_result &r, const char *text, size_t len)
{
    std::vector<span> out;
    if (r.words.empty() && r.stems.empty() && r.prefixes.empty())
        return out;
    const first_bytes filter(r);
    polis_buf_t b = {};
    std::string folded;
    size_t pos = 0, start, end;
    try {
        while (polis_text_next_word(text, len, &pos, &start, &end)) {
            if (!filter.may_match(text + start, end - start))
                continue;
            int stem = marked(r, text + start, end - start, b, folded);
            if (stem >= 0)
                out.push_back({ start, end, stem });
        }
    } catch (...) {
        polis_buf_free(&b);
        throw;
    }
    polis_buf_free(&b);
    return out;
}

// Start of the passage: the window of max_bytes with the most distinct matched
// stems, then the most matches; a little context is kept before the first.
size_t best_start(const std::vector<span> &m, const char *text, size_t max_bytes)
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
    std::vector<span> m = find_matches(r, text, len);
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
    for (const span &s : m) {
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
        std::string h = highlight(*r, text, max_bytes);
        char *out = static_cast<char *>(malloc(h.size() + 1));
        if (out)
            memcpy(out, h.c_str(), h.size() + 1);
        return out;
    } catch (...) {
        return nullptr;
    }
}
