// marks.cc — which words of a text a query marks, for snippets
// (highlight.cc); see marks.h.
//
// Each word of the original is folded and stemmed exactly as at index time.
// A word's fold and stem are worked out once per thread (form_cache),
// whether the query marks it once per result; and most of a text is passed
// over without reading its words (word_filter, scan()).
#include <algorithm>
#include <atomic>
#include <bitset>
#include <cctype>
#include <cstdint>
#include <cstring>
#include <deque>
#include <string_view>
#include <unordered_map>

#include "marks.h"

#ifdef __SSE2__
#include <emmintrin.h>
#endif

namespace shim
{
namespace
{

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

// What a word of a text is, whatever the query asks: its fold and its
// stem (none for a stop word).  Which result last asked about it, and its
// answer (the number of its stem in that result's memo, -1 when unmarked).
struct word_form {
    std::string folded, stem;
    bool stop = false;
    uint64_t serial = 0;
    int out = -1;
};

// The forms of the words a thread's snippets met, kept from one search to
// the next: folding and stemming were two fifths of a snippet's time, and
// the words of a corpus's bodies come back from search to search.  Per
// thread, so no lock; bounded in words, emptied when full.
class form_cache
{
  public:
    form_cache() : stem_("french") {}
    ~form_cache() { polis_buf_free(&buf_); }
    form_cache(const form_cache &) = delete;
    form_cache &operator=(const form_cache &) = delete;

    word_form &get(const char *w, size_t n)
    {
        if (n > kMaxWordBytes) {
            // A long run (an identifier, a hash) is worked out each time:
            // kept, a few such would hold more memory than all the words.
            long_ = word_form();
            fill(w, n, long_);
            return long_;
        }
        auto it = forms_.find(std::string_view(w, n));
        if (it != forms_.end())
            return it->second;
        if (forms_.size() >= kMaxWords) {
            forms_.clear();
            words_.clear();
        }
        word_form f;
        fill(w, n, f);
        words_.emplace_back(w, n);
        return forms_.emplace(std::string_view(words_.back()), std::move(f)).first->second;
    }

  private:
    void fill(const char *w, size_t n, word_form &f)
    {
        fold_word(w, n, buf_, f.folded);
        f.stop = f.folded.empty() || shim::stopper()(f.folded);
        if (!f.stop)
            f.stem = stem_(f.folded);
    }
    static constexpr size_t kMaxWords = 16384;   // at most 64 bytes each: a few MB a thread
    static constexpr size_t kMaxWordBytes = 64;
    word_form long_;
    std::unordered_map<std::string_view, word_form> forms_; // keys point into words_
    std::deque<std::string> words_;
    Xapian::Stem stem_;
    polis_buf_t buf_ = {};
};

std::atomic<uint64_t> next_serial{ 1 };

// The number of the stem of the word w[0..n) among the result's marked
// stems, or -1 when the query does not mark it: not a stop word, and its
// fold among the query's words, its stem among their stems, or a
// wildcard's prefix starting it.
int marked(const polis_result &r, const char *w, size_t n)
{
    static thread_local form_cache forms;
    shim::word_memo &m = r.memo;
    if (m.serial == 0)
        m.serial = next_serial.fetch_add(1, std::memory_order_relaxed);
    word_form &f = forms.get(w, n);
    if (f.serial == m.serial)
        return f.out;
    int out = -1;
    if (!f.stop) {
        bool hit = r.words.count(f.folded) || r.stems.count(f.stem);
        for (auto p = r.prefixes.begin(); !hit && p != r.prefixes.end(); ++p)
            hit = f.folded.compare(0, p->size(), *p) == 0;
        if (hit) {
            auto known = std::find(m.stems.begin(), m.stems.end(), f.stem);
            out = int(known - m.stems.begin());
            if (known == m.stems.end())
                m.stems.push_back(f.stem);
        }
    }
    f.serial = m.serial;
    f.out = out;
    return out;
}

// A letter or digit of ASCII in lower case (the fold of an ASCII word).
inline unsigned char lower_ascii(unsigned char c)
{
    return c >= 'A' && c <= 'Z' ? static_cast<unsigned char>(c + ('a' - 'A')) : c;
}

// The fold of each character of the Latin blocks (U+0080..U+024F), as
// polis_text_fold() makes it, when it is ASCII letters and digits (or
// nothing, for a mark); a character folding to anything else is "unknown"
// and makes the filter let its word through.  Worked out by
// polis_text_fold() itself, so the two cannot disagree.
class latin_folds
{
  public:
    latin_folds()
    {
        polis_buf_t b = {};
        for (unsigned cp = 0x80; cp < kEnd; cp++) {
            char utf8[2] = { static_cast<char>(0xC0 | (cp >> 6)), static_cast<char>(0x80 | (cp & 0x3F)) };
            b.len = 0;
            fold &f = folds_[cp - 0x80];
            if (polis_text_fold(utf8, 2, &b) != 0 || b.len > sizeof f.bytes)
                continue;
            bool plain = true;
            for (size_t i = 0; i < b.len && plain; i++) {
                char c = b.data[i];
                plain = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
            }
            if (plain) {
                memcpy(f.bytes, b.data, b.len);
                f.len = static_cast<unsigned char>(b.len);
                f.known = true;
            }
        }
        polis_buf_free(&b);
    }
    // The fold of the two-byte character p[0..2), appended to out; false when unknown.
    bool append(const unsigned char *p, std::string &out) const
    {
        unsigned cp = ((p[0] & 0x1Fu) << 6) | (p[1] & 0x3Fu);
        if (cp < 0x80 || cp >= kEnd || !folds_[cp - 0x80].known)
            return false;
        const fold &f = folds_[cp - 0x80];
        out.append(f.bytes, f.len);
        return true;
    }

  private:
    static constexpr unsigned kEnd = 0x250;
    struct fold {
        char bytes[4];
        unsigned char len = 0;
        bool known = false;
    };
    fold folds_[kEnd - 0x80];
};

// How many letters at the end of a fold Snowball's French stemmer may
// change (-ication becomes -iqu: two), worked out on the linked stemmer
// from words of every suffix class it rewrites, plus one for safety; 0 when
// a word changes by more than two, and keys keep to the old rule (two
// bytes).  Checked once; on wfrench's 350,000 words and two million random
// ones the most was two.
size_t stem_margin()
{
    static const size_t margin = [] {
        static const char *const words[] = {
            "abdication", "généralisation", "heureuse", "présence", "chevaux", "bateaux",
            "premier", "première", "finissement", "rapidement", "active", "logique",
            "sociologie", "conclusion", "révolution", "possible", "nationaux", "quartiers",
            "urbaine", "économiques", "développement", "jeunesse", "innovations", "créatrice",
            "fidélité", "ambiguïté", "naïveté", "accueillante", "jouissance", "crayonner",
            "européennes", "intellectuelles", "paysannes", "inquiète", "complètement",
            "travailleuses", "amicalement", "historiquement", "émotionnelle", "aimerions",
        };
        Xapian::Stem stem("french");
        polis_buf_t b = {};
        size_t worst = 0;
        for (const char *w : words) {
            b.len = 0;
            if (polis_text_fold(w, strlen(w), &b) != 0) {
                worst = SIZE_MAX;
                break;
            }
            std::string fold(b.data, b.len), st = stem(fold);
            size_t same = 0;
            while (same < st.size() && same < fold.size() && st[same] == fold[same])
                same++;
            worst = std::max(worst, st.size() - same);
        }
        polis_buf_free(&b);
        return worst <= 2 ? worst + 1 : 0;
    }();
    return margin;
}

// The key of a query stem: its letters but the last stem_margin(), at least
// its first two (or the one it has).
std::string stem_key(const std::string &stem)
{
    size_t margin = stem_margin(), keep = std::min<size_t>(stem.size(), 2);
    if (margin > 0 && stem.size() > margin)
        keep = std::max(keep, stem.size() - margin);
    return stem.substr(0, keep);
}

// Which words of a text may be marked, told before any look in the form
// cache (a look per word was a snippet's main cost on a corpus of many
// distinct words).  First the rule of the first bytes, as before this
// filter: a word whose first byte is ASCII passes when its first two bytes
// start a query word, stem or prefix, or its first is one of them, or it
// starts one and its second is beyond ASCII (first_pass()).  When the text
// is scanned (scan()), a second rule: a marked word's fold starts with a
// key — a query word (its fold is that word), a wildcard's prefix, or a
// query stem but its last letters (stem_key()) — so the word's fold is made,
// ASCII and Latin letters only (latin_folds), as far as the longest key,
// and compared (fold_pass()); a word with any other letter there passes.
// What passes, the form cache decides.
class word_filter
{
  public:
    explicit word_filter(const polis_result &r)
    {
        for (unsigned c = 0xC0; c < 256; c++)
            start_byte_[c] = true;
        for (const std::string &w : r.words)
            add(w);
        for (const std::string &p : r.prefixes)
            add(p);
        for (const std::string &s : r.stems)
            add(stem_key(s));
    }
    // Whether the text can be scanned for the keys' starts (scan()) rather
    // than read word by word: every key starts with two ASCII bytes or is
    // one.
    bool scannable() const { return !all_ && !foreign_; }
    bool start_byte(unsigned char c) const { return start_byte_[c]; }
#ifdef __SSE2__
    // Whether starts16() serves: few enough keys' starts to test.
    bool vectored() const { return scannable() && tests_.size() <= 24; }
    // Bit k set when p[k] (k < 16) may start a word: what comes before is
    // not an ASCII letter or digit, and p[k], p[k + 1] are a key's first
    // two bytes in either case, or p[k] a key of one, or a key's first
    // byte before a byte beyond ASCII, or a UTF-8 lead byte.  A superset
    // of may_start() at a word's start: look_at() tells them apart.
    // p[-1] and p[16] are read.
    unsigned starts16(const unsigned char *p) const
    {
        const __m128i case_bit = _mm_set1_epi8(0x20);
        __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i *>(p));
        __m128i next = _mm_loadu_si128(reinterpret_cast<const __m128i *>(p + 1));
        __m128i prev = _mm_loadu_si128(reinterpret_cast<const __m128i *>(p - 1));
        __m128i lx = _mm_or_si128(x, case_bit), ln = _mm_or_si128(next, case_bit);
        __m128i next_high = _mm_cmplt_epi8(next, _mm_setzero_si128());
        // UTF-8 lead bytes, 0xC0 to 0xFF: -64 to -1 as signed bytes.
        __m128i m = _mm_and_si128(_mm_cmpgt_epi8(x, _mm_set1_epi8(-65)),
                                  _mm_cmplt_epi8(x, _mm_setzero_si128()));
        for (const test &t : tests_) {
            __m128i first = _mm_cmpeq_epi8(lx, _mm_set1_epi8(static_cast<char>(t.first)));
            __m128i second = t.kind == test::pair ? _mm_cmpeq_epi8(ln, _mm_set1_epi8(static_cast<char>(t.second)))
                             : t.kind == test::high ? next_high
                                                    : _mm_cmpeq_epi8(first, first);
            m = _mm_or_si128(m, _mm_and_si128(first, second));
        }
        __m128i lp = _mm_or_si128(prev, case_bit);
        __m128i letter = _mm_and_si128(_mm_cmpgt_epi8(lp, _mm_set1_epi8(0x60)),
                                       _mm_cmplt_epi8(lp, _mm_set1_epi8(0x7B)));
        __m128i digit = _mm_and_si128(_mm_cmpgt_epi8(prev, _mm_set1_epi8(0x2F)),
                                      _mm_cmplt_epi8(prev, _mm_set1_epi8(0x3A)));
        m = _mm_andnot_si128(_mm_or_si128(letter, digit), m);
        return static_cast<unsigned>(_mm_movemask_epi8(m));
    }
#endif
    // From i, the first byte that may start a word (may_start()'s first
    // test, by a table), or len.
    size_t next_start(const unsigned char *p, size_t i, size_t len) const
    {
        while (i < len && !start_byte_[p[i]])
            i++;
        return i;
    }
    // Whether a word may start at p[0]: a UTF-8 lead byte, or an ASCII
    // byte that passes the first bytes' rule with the byte after it.
    bool may_start(const unsigned char *p, size_t left) const
    {
        if (p[0] >= 0x80)
            return p[0] >= 0xC0; // a lead byte: the fold decides (fold_pass)
        return first_pass(reinterpret_cast<const char *>(p), left > 1 ? 2 : 1);
    }
    // The rule of the first bytes, as before the scan: every path applies it.
    bool first_pass(const char *w, size_t n) const
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
    // The rule of the keys, on the scanned path.
    bool fold_pass(const char *w, size_t n) const
    {
        std::string &f = scratch_;
        f.clear();
        const unsigned char *p = reinterpret_cast<const unsigned char *>(w);
        size_t i = 0;
        while (i < n && f.size() < longest_) {
            if (p[i] < 0x80) {
                f += static_cast<char>(lower_ascii(p[i]));
                i++;
            } else if ((p[i] & 0xE0) == 0xC0 && i + 1 < n && latin().append(p + i, f)) {
                i += 2;
            } else {
                return true; // a letter of another script: the cache decides
            }
        }
        for (const std::string &k : keys_)
            if (f.compare(0, k.size(), k) == 0)
                return true;
        return false;
    }

  private:
    static const latin_folds &latin()
    {
        static const latin_folds table;
        return table;
    }
    void add(const std::string &k)
    {
        if (k.empty()) {
            all_ = true;
            return;
        }
        keys_.push_back(k);
        longest_ = std::max(longest_, k.size());
        unsigned char a = static_cast<unsigned char>(k[0]);
        unsigned char b = k.size() > 1 ? static_cast<unsigned char>(k[1]) : 0;
        if (a >= 128) {
            // Not scanned: the words of such a query are read one by one,
            // under the first bytes' rule alone, as before the scan.
            foreign_ = true;
            return;
        }
        if (!first_[a])
            tests_.push_back({ test::high, a, 0 });
        if (k.size() == 1 && !one_[a])
            tests_.push_back({ test::one, a, 0 });
        if (k.size() > 1 && b < 128 && !pair_[a * 128u + b])
            tests_.push_back({ test::pair, a, b });
        first_[a] = true;
        start_byte_[a] = true;
        if (a >= 'a' && a <= 'z')
            start_byte_[a - ('a' - 'A')] = true;
        if (k.size() == 1)
            one_[a] = true;
        else if (b < 128)
            pair_[a * 128u + b] = true;
    }
    bool all_ = false;     // an empty key: every word passes
    bool foreign_ = false; // a key that starts beyond ASCII
    std::vector<std::string> keys_;
    size_t longest_ = 0;
    // The byte tests of starts16(): a key's first two bytes, a key of one
    // byte, a key's first byte before a byte beyond ASCII.
    struct test {
        enum { pair, one, high } kind;
        unsigned char first, second;
    };
    std::vector<test> tests_;
    bool first_[128] = {};        // the first byte of a key
    bool start_byte_[256] = {};   // either case of one, or a UTF-8 lead byte
    bool one_[128] = {};          // a key of one byte
    std::bitset<128 * 128> pair_; // the first two bytes of a key
    mutable std::string scratch_;
};

// Whether a word starts at p[i]: what comes before is not a letter, mark
// or digit.  -1 when the bytes before are not a whole UTF-8 character
// (damaged text, where reading backwards could disagree with reading on).
int word_starts(const unsigned char *p, size_t i)
{
    if (i == 0)
        return 1;
    if (p[i - 1] < 0x80)
        return !polis_text_is_word_char(p[i - 1]);
    size_t j = i - 1;
    while (j > 0 && i - j < 4 && (p[j] & 0xC0) == 0x80)
        j--;
    uint32_t cp;
    if (polis_text_utf8_decode(reinterpret_cast<const char *>(p + j), i - j, &cp) != i - j)
        return -1;
    return !polis_text_is_word_char(cp);
}

// What scan() does at p[i], a byte that may start a word: where to look on
// from, or -1 when damaged UTF-8 leaves the word's start in doubt.
template <class Take>
long look_at(const word_filter &filter, const char *text, size_t len, size_t i, Take &take)
{
    const unsigned char *p = reinterpret_cast<const unsigned char *>(text);
    if (!filter.may_start(p + i, len - i))
        return static_cast<long>(i + 1);
    int starts = word_starts(p, i);
    if (starts <= 0)
        return starts < 0 ? -1 : static_cast<long>(i + 1);
    size_t pos = i, start, end;
    if (!polis_text_next_word(text, len, &pos, &start, &end))
        return static_cast<long>(len);
    if (start != i) // not a word character: on to the next word
        return static_cast<long>(start);
    take(start, end);
    return static_cast<long>(end);
}

// The words of text that may be marked, handed to take(start, end), found
// by looking only where a key can start a word (word_filter::may_start)
// instead of reading every word; where SSE2 is, sixteen bytes at a time
// (word_filter::starts16).  False, with some words handed already, when
// damaged UTF-8 leaves a word's start in doubt: the caller reads word by
// word.
template <class Take>
bool scan(const word_filter &filter, const char *text, size_t len, Take take)
{
    const unsigned char *p = reinterpret_cast<const unsigned char *>(text);
    size_t i = 0;
#ifdef __SSE2__
    if (filter.vectored() && len > 0) {
        long next = filter.start_byte(p[0]) ? look_at(filter, text, len, 0, take) : 1;
        size_t from = static_cast<size_t>(next), b = 1;
        for (; next >= 0 && b + 17 <= len; b += 16) {
            for (unsigned m = filter.starts16(p + b); m != 0 && next >= 0; m &= m - 1) {
                size_t at = b + static_cast<size_t>(__builtin_ctz(m));
                // Before `from` lies a word already handed, or bytes that
                // are no word: nothing there starts one.
                if (at >= from)
                    from = static_cast<size_t>(next = look_at(filter, text, len, at, take));
            }
        }
        if (next < 0)
            return false;
        i = std::max(b, from);
    }
#endif
    while ((i = filter.next_start(p, i, len)) < len) {
        long next = look_at(filter, text, len, i, take);
        if (next < 0)
            return false;
        i = static_cast<size_t>(next);
    }
    return true;
}

} // namespace

std::vector<mark> find_marks(const polis_result &r, const char *text, size_t len)
{
    std::vector<mark> out;
    if (r.words.empty() && r.stems.empty() && r.prefixes.empty())
        return out;
    const word_filter filter(r);
    auto keep = [&](size_t start, size_t end) {
        int stem = marked(r, text + start, end - start);
        if (stem >= 0)
            out.push_back({ start, end, stem });
    };
    auto scanned = [&](size_t start, size_t end) {
        if (filter.first_pass(text + start, end - start) && filter.fold_pass(text + start, end - start))
            keep(start, end);
    };
    if (filter.scannable() && scan(filter, text, len, scanned))
        return out;
    out.clear();
    size_t pos = 0, start, end;
    while (polis_text_next_word(text, len, &pos, &start, &end))
        if (filter.first_pass(text + start, end - start))
            keep(start, end);
    return out;
}

} // namespace shim
