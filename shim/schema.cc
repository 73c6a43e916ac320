// schema.cc — term prefixes, folding for Xapian, French stop words.
#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <new>
#include <sstream>

#include "shim.h"

namespace shim
{

const char *const kFacetPrefix[POLIS_FACET_COUNT_] = { "XTH", "XTY", "XK", "XY", "XP", "XA" };

// Xapian refuses terms over 245 bytes; ours stay under this.
constexpr size_t kMaxTermBytes = 240;

// A longer value is cut at a UTF-8 boundary so it still filters and counts
// as itself.
static std::string bounded_term(std::string t)
{
    if (t.size() > kMaxTermBytes) {
        size_t n = kMaxTermBytes;
        while (n > 0 && (static_cast<unsigned char>(t[n]) & 0xC0) == 0x80)
            n--;
        t.resize(n);
    }
    return t;
}

std::string facet_term(polis_facet_t facet, const std::string &value)
{
    return bounded_term(kFacetPrefix[facet] + value);
}

std::string parent_term(const std::string &parent_id)
{
    return bounded_term(kParentPrefix + parent_id);
}

std::vector<std::string> phrase_words(const std::string &folded)
{
    std::vector<std::string> out;
    size_t pos = 0, start, end;
    while (polis_text_next_word(folded.data(), folded.size(), &pos, &start, &end))
        if (!polis_text_is_elision(folded.data() + start, end - start))
            out.push_back(folded.substr(start, end - start));
    return out;
}

std::string title_pair_term(const std::string &a, const std::string &b)
{
    std::string t = kTitlePairPrefix + a + ' ' + b;
    // Not cut as a facet value is: a cut pair would be another pair.
    return t.size() > kMaxTermBytes ? std::string() : t;
}

char *c_copy(const std::string &s) noexcept
{
    char *out = static_cast<char *>(malloc(s.size() + 1));
    if (out) {
        memcpy(out, s.data(), s.size());
        out[s.size()] = '\0';
    }
    return out;
}

std::string take_text(int rc, polis_buf_t &b)
{
    try {
        if (rc < 0)
            throw std::bad_alloc();
        std::string out(b.data ? b.data : "", b.len);
        polis_buf_free(&b);
        return out;
    } catch (...) {
        polis_buf_free(&b);
        throw;
    }
}

std::string drop_elisions(const std::string &folded, int *dropped)
{
    polis_buf_t b = {};
    int n = polis_text_drop_elisions(folded.data(), folded.size(), &b);
    if (dropped)
        *dropped = n;
    return take_text(n, b);
}

std::string fold(const std::string &text)
{
    polis_buf_t b = {};
    return take_text(polis_text_fold(text.data(), text.size(), &b), b);
}

// The French stop words of polis_text_is_stopword(), for the query parser
// and highlighting.
namespace
{
class french_stopper : public Xapian::Stopper
{
  public:
    bool operator()(const std::string &word) const override
    {
        return polis_text_is_stopword(word.data(), word.size()) != 0;
    }
};
} // namespace

const Xapian::Stopper &stopper()
{
    static const french_stopper stop;
    return stop;
}

std::string stored_data(const polis_doc_t *doc)
{
    polis_doc_t head = *doc; // a shallow copy: nothing here is freed
    head.body = nullptr;
    char *json = polis_doc_to_json(&head);
    if (!json)
        throw std::bad_alloc();
    std::string out(json);
    free(json);
    out += '\0';
    if (doc->body)
        out += doc->body;
    return out;
}

std::string record(const Xapian::Document &doc)
{
    std::string r = doc.get_value(kSlotHit);
    return r.empty() ? doc.get_data() : r;
}

void split_data(const std::string &data, std::string &json, const char **body)
{
    size_t nul = data.find('\0');
    json.assign(data, 0, nul);
    *body = nul == std::string::npos ? "" : data.c_str() + nul + 1;
}

std::string full_json(const std::string &data)
{
    std::string json;
    const char *body;
    split_data(data, json, &body);
    if (!*body)
        return json;
    polis_doc_t doc;
    polis_doc_init(&doc);
    if (polis_doc_from_json(&doc, json.data(), json.size()) != 0)
        return json;
    char *all = nullptr;
    if (polis_str_set(&doc.body, body, (size_t)-1) == 0)
        all = polis_doc_to_json(&doc);
    polis_doc_clear(&doc);
    if (!all)
        throw std::bad_alloc();
    std::string out(all);
    free(all);
    return out;
}

synonym_groups parse_synonyms(const std::string &stored)
{
    synonym_groups groups;
    std::istringstream lines(stored);
    std::string line;
    while (std::getline(lines, line)) {
        std::vector<std::string> group;
        size_t start = 0;
        while (start <= line.size()) {
            size_t tab = line.find('\t', start);
            if (tab == std::string::npos)
                tab = line.size();
            if (tab > start)
                group.push_back(line.substr(start, tab - start));
            start = tab + 1;
        }
        // Longest first, so "quartier prioritaire de la politique de la ville"
        // is matched whole before "quartier prioritaire" inside it.
        std::stable_sort(
            group.begin(), group.end(),
            [](const std::string &a, const std::string &b) { return a.size() > b.size(); });
        if (group.size() > 1)
            groups.push_back(std::move(group));
    }
    return groups;
}

concepts make_concepts(const synonym_groups &groups)
{
    concepts c;
    for (size_t g = 0; g < groups.size(); g++) {
        // By number: unique, and renumbering is safe as the query side
        // uses concepts only while the groups are those the documents follow.
        c.terms.push_back(kConceptPrefix + std::to_string(g));
        for (const std::string &p : groups[g]) { // longest first
            concepts::phrase ph{ g, {} };
            size_t pos = 0, start, end;
            while (polis_text_next_word(p.data(), p.size(), &pos, &start, &end))
                ph.words.push_back(p.substr(start, end - start));
            if (!ph.words.empty())
                c.by_first[ph.words[0]].push_back(std::move(ph));
        }
    }
    for (auto &e : c.by_first) // longest first across groups too
        std::stable_sort(e.second.begin(), e.second.end(),
                         [](const concepts::phrase &a, const concepts::phrase &b) {
                             return a.words.size() > b.words.size();
                         });
    return c;
}

void find_concepts(const concepts &c, const std::string &folded, std::vector<unsigned> &hits)
{
    if (c.by_first.empty())
        return;
    std::vector<std::pair<size_t, size_t>> words; // spans into folded
    size_t pos = 0, start, end;
    while (polis_text_next_word(folded.data(), folded.size(), &pos, &start, &end))
        words.emplace_back(start, end - start);
    std::string w;
    std::vector<size_t> seen; // groups found at this start
    for (size_t i = 0; i < words.size(); i++) {
        w.assign(folded, words[i].first, words[i].second);
        auto it = c.by_first.find(w);
        if (it == c.by_first.end())
            continue;
        seen.clear();
        for (const concepts::phrase &ph : it->second) {
            if (std::find(seen.begin(), seen.end(), ph.group) != seen.end())
                continue;
            size_t n = ph.words.size(), k = 1;
            while (k < n && i + k < words.size() &&
                   folded.compare(words[i + k].first, words[i + k].second, ph.words[k]) == 0)
                k++;
            if (k == n) {
                hits[ph.group]++;
                seen.push_back(ph.group);
            }
        }
    }
}

} // namespace shim
