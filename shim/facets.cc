// facets.cc — every value of a facet with its count, and value search by prefix.
//
// A facet value is a boolean term (kFacetPrefix + value), so the term list
// holds every value and its term frequency is its exact document count: no
// match is run, and the cost is the number of values, not of documents.
#include <algorithm>
#include <memory>

#include "query.h"

namespace
{

// Non-zero when some word of folded text starts with folded prefix p.  Words
// begin after anything that is not a letter or digit, so "mar" finds
// "dupont marie" and "saint" finds "saint-quentin".
bool word_starts(const std::string &text, const std::string &p)
{
    auto word = [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c & 0x80);
    };
    for (size_t i = 0; i + p.size() <= text.size(); i++) {
        if (i > 0 && word(text[i - 1]))
            continue;
        if (text.compare(i, p.size(), p) == 0)
            return true;
    }
    return false;
}

// Folded, with hyphens as spaces: "saint q" starts "Saint-Quentin" as
// "saint-q" does.
std::string spaced(const std::string &text)
{
    std::string f = shim::fold(text);
    std::replace(f.begin(), f.end(), '-', ' ');
    return f;
}

// What a value's words may start with for the prefix p (spaced()): p, and
// p without the elided letters typed apart ("de l h" for "de l'Habitat",
// whose "l'" folding drops), as a filter's value is read.  A letter that
// ends p stands before the word it will be elided before: "actu de l" is
// "actu de " and a word, "Actu de l'IREV".
std::vector<std::string> prefix_forms(const std::string &p)
{
    std::vector<std::string> forms = { p };
    int dropped = 0;
    std::string loose = shim::drop_elisions(p, &dropped);
    size_t last = loose.rfind(' ');
    bool open = last != std::string::npos &&
                polis_text_is_elision(loose.data() + last + 1, loose.size() - last - 1);
    if (open)
        loose.erase(last + 1);
    if (dropped > 0 || open) // only then: the words alone lose the rest ("c++")
        forms.push_back(loose);
    return forms;
}

struct entry {
    std::string value, key; // key: folded, for matching and ordering
    unsigned long count;
    size_t form; // the first of prefix_forms() it matches: as typed first
};

void facet_values(polis_index_t *idx, polis_facet_t facet, const std::string &prefix, unsigned max,
                  polis_result &r)
{
    const Xapian::Database &db = idx->db;
    const std::string tp = shim::kFacetPrefix[facet];
    std::string p = spaced(prefix);
    p.erase(0, p.find_first_not_of(' '));
    p.erase(p.find_last_not_of(' ') + 1);
    const std::vector<std::string> forms = prefix_forms(p);
    std::vector<entry> found;
    for (auto t = db.allterms_begin(tp); t != db.allterms_end(tp); ++t) {
        std::string value = (*t).substr(tp.size());
        std::string key = spaced(value);
        if (facet == POLIS_FACET_THEME) {
            // Themes are shown by label: search and order by it too.
            std::string label = db.get_metadata("theme:" + value);
            if (!label.empty())
                key = spaced(label) + " " + key;
        }
        size_t form = 0;
        while (!p.empty() && form < forms.size() && !word_starts(key, forms[form]))
            form++;
        if (form == forms.size())
            continue;
        found.push_back({ value, key, t.get_termfreq(), form });
    }
    // What the prefix as typed starts comes first ("vitamine d": Vitamine D
    // before the other vitamins "vitamine " also starts), then by count.
    std::sort(found.begin(), found.end(), [](const entry &a, const entry &b) {
        if (a.form != b.form)
            return a.form < b.form;
        if (a.count != b.count)
            return a.count > b.count;
        return a.key != b.key ? a.key < b.key : a.value < b.value;
    });
    r.total = found.size();
    if (max && found.size() > max)
        found.resize(max);
    auto &out = r.facets[facet];
    out.clear();
    for (entry &e : found)
        out.emplace_back(std::move(e.value), e.count);
}

} // namespace

extern "C" polis_status_t polis_index_facet_values(polis_index_t *idx, polis_facet_t facet,
                                                   const char *prefix, unsigned max,
                                                   polis_result_t **out)
{
    if (!out)
        return POLIS_ERR_INVALID_ARG;
    *out = nullptr;
    if (!idx || (unsigned)facet >= POLIS_FACET_COUNT_)
        return POLIS_ERR_INVALID_ARG;
    try {
        std::unique_ptr<polis_result> r(new polis_result);
        facet_values(idx, facet, prefix ? prefix : "", max, *r);
        *out = r.release();
        return POLIS_OK;
    } catch (...) {
        return shim_fail(idx, "facet values");
    }
}
