// suggest.cc — completions for a search box: the last word completed from the
// index's words, and titles that hold what was typed.
//
// Terms are folded ("developpement"), which is not how a user wants to read
// them; each completion is shown as a document that holds it spells it,
// found by folding that document's words until one matches.
#include <algorithm>
#include <map>
#include <cctype>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <set>

#include "query.h"

namespace
{

// Terms looked at for one prefix: bounds the work a one-letter prefix costs.
constexpr unsigned kMaxScan = 5000;
// Terms a title wildcard may expand to.
constexpr unsigned kTitleExpansion = 100;
// Documents read to find how a word is spelt, chosen among kSpellingScan.
constexpr unsigned kSpellingDocs = 12;
constexpr size_t kSpellingScan = 1000;
// Spellings kept per handle; the cache starts afresh when full.
constexpr size_t kMaxSpellings = 20000;

struct candidate {
    std::string term;
    Xapian::doccount freq;
    Xapian::doccount together; // documents that also hold the other words
};

// A plain word: letters and digits only (no dots of "10.3917", no prefix).
bool plain_term(const std::string &t)
{
    if (t.size() < 2)
        return false;
    for (char c : t) {
        bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c & 0x80);
        if (!ok)
            return false;
    }
    return true;
}

std::string folded(const char *s, size_t n, polis_buf_t &b)
{
    b.len = 0;
    if (polis_text_fold(s, n, &b) != 0)
        throw std::bad_alloc();
    return std::string(b.data ? b.data : "", b.len);
}

// How term is written in text: its first occurrence that starts
// lower-case; else "" and, when first is still empty, the first occurrence
// into first (a name: "Amiens", or a sentence's first word).
std::string spelling_in(const char *text, const std::string &term, polis_buf_t &b,
                        std::string &first)
{
    if (!text)
        return std::string();
    size_t len = strlen(text), pos = 0, start, end;
    while (polis_text_next_word(text, len, &pos, &start, &end)) {
        unsigned char c = static_cast<unsigned char>(text[start]);
        // Cheap test first: an ASCII letter folds to itself in lower case.
        if (c < 0x80 && static_cast<char>(tolower(c)) != term[0])
            continue;
        if (folded(text + start, end - start, b) != term)
            continue;
        std::string w(text + start, end - start);
        if (!(c >= 'A' && c <= 'Z'))
            return w;
        if (first.empty())
            first = w;
    }
    return std::string();
}

// The documents find_spelling() reads: of the first kSpellingScan that hold
// term, the kSpellingDocs whose ids hash lowest.  Chosen by id, not by
// docid, so that the same documents are read whatever order a parallel
// build or shards gave them.
std::vector<Xapian::docid> spelling_sample(const Xapian::Database &db, const std::string &term)
{
    std::vector<std::pair<uint64_t, Xapian::docid>> seen;
    for (auto p = db.postlist_begin(term); p != db.postlist_end(term) && seen.size() < kSpellingScan;
         ++p) {
        std::string id = db.get_document(*p, Xapian::DOC_ASSUME_VALID).get_value(shim::kSlotId);
        seen.emplace_back(polis_text_hash64(id.data(), id.size()), *p);
    }
    size_t keep = std::min<size_t>(seen.size(), kSpellingDocs);
    std::partial_sort(seen.begin(), seen.begin() + keep, seen.end());
    std::vector<Xapian::docid> out;
    for (size_t i = 0; i < keep; i++)
        out.push_back(seen[i].second);
    return out;
}

// How the documents write term: each document of spelling_sample() gives a
// form (spelling_in() over its title, summary and body); the form most of
// them give wins, then one starting lower-case ("développement", not a
// title's "Développement"), then the smaller.
std::string find_spelling(const Xapian::Database &db, const std::string &term)
{
    polis_buf_t b = {};
    polis_doc_t doc;
    polis_doc_init(&doc);
    std::map<std::string, unsigned> forms;
    try {
        for (Xapian::docid did : spelling_sample(db, term)) {
            std::string data = db.get_document(did).get_data(), json;
            const char *body;
            shim::split_data(data, json, &body);
            if (polis_doc_from_json(&doc, json.data(), json.size()) != 0)
                continue;
            std::string w, first;
            for (const char *field : { (const char *)doc.title, (const char *)doc.summary, body })
                if (w.empty())
                    w = spelling_in(field, term, b, first);
            if (!w.empty() || !first.empty())
                forms[w.empty() ? first : w]++;
        }
    } catch (...) {
        polis_doc_clear(&doc);
        polis_buf_free(&b);
        throw;
    }
    polis_doc_clear(&doc);
    polis_buf_free(&b);
    auto upper = [](const std::string &w) { return w[0] >= 'A' && w[0] <= 'Z'; };
    const std::string *best = nullptr;
    unsigned best_n = 0;
    for (const auto &f : forms) { // in byte order: the smaller wins a tie
        bool better = !best || f.second > best_n ||
                      (f.second == best_n && upper(*best) && !upper(f.first));
        if (better) {
            best = &f.first;
            best_n = f.second;
        }
    }
    return best ? *best : term;
}

// find_spelling(), remembered: a search box asks for the same words at each
// key stroke.
std::string spelling(polis_index_t *idx, const std::string &term)
{
    auto it = idx->spellings.find(term);
    if (it != idx->spellings.end())
        return it->second;
    std::string s = find_spelling(idx->db, term);
    if (idx->spellings.size() >= kMaxSpellings)
        idx->spellings.clear();
    idx->spellings.emplace(term, s);
    return s;
}

// Words of the index starting with prefix, the most useful first: those
// found with the other words of the text, then the most frequent.
std::vector<candidate> complete_word(const Xapian::Database &db, const std::string &prefix,
                                     const std::vector<std::string> &context, size_t want)
{
    std::vector<candidate> c;
    unsigned scanned = 0;
    for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix) && scanned < kMaxScan;
         ++t, ++scanned) {
        std::string term = *t;
        if (plain_term(term) && (term == prefix || !shim::stopper()(term)))
            c.push_back({ term, t.get_termfreq(), 0 });
    }
    auto by_freq = [](const candidate &a, const candidate &b) {
        return a.freq != b.freq ? a.freq > b.freq : a.term < b.term;
    };
    size_t keep = std::min(c.size(), want * 3);
    std::partial_sort(c.begin(), c.begin() + keep, c.end(), by_freq);
    c.resize(keep);
    if (context.empty()) {
        if (c.size() > want)
            c.resize(want);
        return c;
    }
    Xapian::Enquire enq(db);
    for (candidate &k : c) {
        std::vector<std::string> terms = context;
        terms.push_back(k.term);
        enq.set_query(Xapian::Query(Xapian::Query::OP_AND, terms.begin(), terms.end()));
        k.together = enq.get_mset(0, 0, 1000).get_matches_estimated();
    }
    c.erase(std::remove_if(c.begin(), c.end(), [](const candidate &k) { return !k.together; }),
            c.end());
    std::stable_sort(c.begin(), c.end(), [](const candidate &a, const candidate &b) {
        return a.together > b.together;
    });
    if (c.size() > want)
        c.resize(want);
    return c;
}

// A title suggested, and the id of its document.
struct titled {
    std::string title, id;
};

// Titles holding every context word and a word starting with prefix.
std::vector<titled> titles(const Xapian::Database &db, const std::vector<std::string> &context,
                           const std::string &prefix, size_t want)
{
    std::vector<Xapian::Query> parts;
    for (const std::string &w : context)
        if (!shim::stopper()(w))
            parts.emplace_back(shim::kTitlePrefix + w);
    if (!prefix.empty()) {
        // The prefix's most frequent title words, expanded here rather than
        // by OP_WILDCARD: Xapian expands a wildcard shard by shard, and a
        // sharded index must suggest what one database would.
        std::string head = shim::kTitlePrefix + prefix;
        std::vector<std::pair<Xapian::doccount, std::string>> found;
        for (auto t = db.allterms_begin(head); t != db.allterms_end(head); ++t)
            found.emplace_back(t.get_termfreq(), *t);
        std::stable_sort(found.begin(), found.end(),
                         [](const auto &a, const auto &b) { return a.first > b.first; });
        if (found.size() > kTitleExpansion)
            found.resize(kTitleExpansion);
        std::vector<std::string> terms;
        for (auto &f : found)
            terms.push_back(std::move(f.second));
        if (terms.empty())
            return {};
        parts.emplace_back(Xapian::Query::OP_SYNONYM, terms.begin(), terms.end());
    }
    std::vector<titled> out;
    if (parts.empty())
        return out;
    Xapian::Enquire enq(db);
    enq.set_query(Xapian::Query(Xapian::Query::OP_AND, parts.begin(), parts.end()));
    // Equal weights by id, not by docid: the same titles whatever the shards.
    enq.set_sort_by_relevance_then_value(shim::kSlotId, false);
    Xapian::MSet m = enq.get_mset(0, static_cast<Xapian::doccount>(want));
    polis_doc_t doc;
    polis_doc_init(&doc);
    for (auto it = m.begin(); it != m.end(); ++it) {
        std::string data = it.get_document().get_data(), json;
        const char *body;
        shim::split_data(data, json, &body);
        if (polis_doc_from_json(&doc, json.data(), json.size()) == 0 && doc.title && *doc.title)
            out.push_back({ doc.title, it.get_document().get_value(shim::kSlotId) });
    }
    polis_doc_clear(&doc);
    return out;
}

// Append s to v, equal strings or not (polis_strv_push() keeps one of each).
void push_any(polis_strv_t *v, const std::string &s)
{
    if (v->n == v->cap) {
        size_t cap = v->cap ? v->cap * 2 : 16;
        char **p = static_cast<char **>(realloc(v->v, cap * sizeof *p));
        if (!p)
            throw std::bad_alloc();
        v->v = p;
        v->cap = cap;
    }
    char *copy = strdup(s.c_str());
    if (!copy)
        throw std::bad_alloc();
    v->v[v->n++] = copy;
}

void suggest(polis_index_t *idx, const std::string &text, size_t max, polis_strv_t *out,
             polis_strv_t *ids)
{
    if (max == 0)
        return;
    // The last word is a prefix only when the text ends inside it.
    size_t pos = 0, start = 0, end = 0, s, e;
    bool any = false;
    while (polis_text_next_word(text.data(), text.size(), &pos, &s, &e)) {
        start = s;
        end = e;
        any = true;
    }
    if (!any)
        return;
    bool open = end == text.size();
    std::string head = open ? text.substr(0, start) : text;
    std::string prefix = open ? shim::fold(text.substr(start)) : std::string();
    std::vector<std::string> context = shim::folded_words(head);

    std::vector<std::string> words;
    if (!prefix.empty()) {
        for (const candidate &k : complete_word(idx->db, prefix, context, max))
            words.push_back(head + spelling(idx, k.term));
    }
    std::vector<titled> named = titles(idx->db, context, prefix, max);

    // Words first, but leave titles half the room when there are some.
    size_t word_room = max - std::min(named.size(), max / 2);
    std::set<std::string> seen;
    size_t from = out->n;
    auto add = [&](const std::string &s, const std::string &id) {
        if (out->n - from >= max || !seen.insert(shim::fold(s)).second)
            return;
        size_t before = out->n;
        if (polis_strv_push(out, s.c_str()) != 0)
            throw std::bad_alloc();
        if (ids && out->n > before)
            push_any(ids, id);
    };
    for (size_t i = 0; i < words.size() && out->n - from < word_room; i++)
        add(words[i], std::string());
    for (const titled &t : named)
        add(t.title, t.id);
    for (const std::string &w : words)
        add(w, std::string());
}

} // namespace

extern "C" polis_status_t polis_index_suggest(polis_index_t *idx, const char *text, unsigned max,
                                              polis_strv_t *out)
{
    return polis_index_suggest_ids(idx, text, max, out, nullptr);
}

extern "C" polis_status_t polis_index_suggest_ids(polis_index_t *idx, const char *text,
                                                  unsigned max, polis_strv_t *out,
                                                  polis_strv_t *ids)
{
    if (!idx || !text || !out)
        return POLIS_ERR_INVALID_ARG;
    try {
        suggest(idx, text, max, out, ids);
        return POLIS_OK;
    } catch (...) {
        return shim_fail(idx, "suggest");
    }
}
