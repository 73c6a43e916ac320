// fields.cc — the fields of the query language: title:, author:, place:
// search words of one field; theme:, type:, kind:, year: filter on a facet.
//
// A filter value is what a user types, not an internal id: theme:emploi,
// theme:"Économie sociale et solidaire" and theme:economie-sociale-solidaire
// all mean the same theme.  The value is matched against the facet's values
// in the index (and, for themes, their display labels): exactly when one
// compares equal once slugged, then once the elided particles typed apart
// are left out ("Actu de l IREV"), else every value that starts so, as
// typed and then without those particles.
// Nothing matching is a syntax error that names the field, not an empty
// result the user cannot explain.  The error is not thrown from inside the
// parser, which leaks its state when a field processor throws (Xapian
// 1.4): it is kept, the value matches nothing, and the caller throws once
// the parse is over.
#include <algorithm>
#include <cstdlib>
#include <cstring>

#include "query.h"

namespace
{

std::string slug(const std::string &s)
{
    polis_buf_t b = {};
    return shim::take_text(polis_text_slug(s.data(), s.size(), &b), b);
}

// A facet value's slug without the elided particles typed as words
// ("Retour d experience" for "Retour d'expérience", whose "d'" folding
// drops), polis_text_drop_elisions().
std::string loose(const std::string &s)
{
    return slug(shim::drop_elisions(shim::fold(s)));
}

// The terms of the facet values that str names: the value itself; for a
// theme, the one whose id, label or alias slugs like str (the indexer's
// "themekey:" metadata); else the values (and theme labels) equal to str
// once slugged; else equal once the particles typed apart are left out on
// both sides (loose()); else, with `starts`, those whose slug starts with
// str's, and last those whose loose key starts with str's ("Actu de l IRE"
// for "Actu de l'IREV": with particles apart, a value is read as typed
// without them).  Empty when nothing does.  Each step only when the ones
// before it found nothing, so "Vitamine D" still starts "Vitamine D et
// santé" rather than "Vitamine" anything.
std::vector<std::string> facet_terms(const Xapian::Database &db, polis_facet_t facet,
                                     const std::string &str, bool starts)
{
    const std::string prefix = shim::kFacetPrefix[facet];
    if (db.term_exists(prefix + str))
        return { prefix + str };
    const std::string want = slug(str), want_loose = loose(str);
    if (want.empty())
        return {};
    if (facet == POLIS_FACET_THEME) {
        // The indexer keys themes by slug (indexer/vocab/labels.c for labels,
        // tables.c for themes.tsv's ids and aliases).
        for (const std::string &key : { want, want_loose }) {
            std::string id = db.get_metadata("themekey:" + key);
            if (!id.empty())
                return { prefix + id };
        }
    }
    // By how well a value (or its theme's label) matches: equal, equal
    // without the particles, starts, starts without them; the best kind
    // found is the answer.
    std::vector<std::string> found[4];
    const bool apart = want_loose != want && !want_loose.empty();
    for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix); ++t) {
        std::string value = (*t).substr(prefix.size());
        std::vector<std::string> names = { value };
        if (facet == POLIS_FACET_THEME)
            names.push_back(db.get_metadata("theme:" + value));
        int best = 4;
        for (const std::string &name : names) {
            std::string k = slug(name);
            if (k.empty())
                continue;
            std::string kl = apart ? loose(name) : k;
            if (k == want)
                best = 0;
            else if (apart && kl == want_loose)
                best = std::min(best, 1);
            else if (starts && k.compare(0, want.size(), want) == 0)
                best = std::min(best, 2);
            else if (starts && apart && kl.compare(0, want_loose.size(), want_loose) == 0)
                best = std::min(best, 3);
        }
        if (best < 4)
            found[best].push_back(*t);
    }
    for (auto &f : found)
        if (!f.empty())
            return f;
    return {};
}

class facet_field : public Xapian::FieldProcessor
{
  public:
    facet_field(polis_index_t *idx, polis_facet_t facet, std::string *error)
        : idx_(idx), facet_(facet), error_(error)
    {
    }

    Xapian::Query operator()(const std::string &str) override
    {
        const std::string prefix = shim::kFacetPrefix[facet_];
        const std::string name = polis_facet_name(facet_);
        if (facet_ == POLIS_FACET_YEAR) {
            if (str.size() == 4 && str.find_first_not_of("0123456789") == std::string::npos)
                return Xapian::Query(prefix + str); // a year with no document
            return fail("year: wants a year such as year:2017, not \"" + str + "\"");
        }
        if (facet_ == POLIS_FACET_KIND && polis_kind_from_name(str.c_str()) != POLIS_KIND_UNKNOWN)
            return Xapian::Query(prefix + str); // a kind with no document
        std::vector<std::string> terms = facet_terms(idx_->db, facet_, str, true);
        if (terms.empty())
            return fail(name + ": nothing is filed under \"" + str + "\"");
        return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
    }

  private:
    polis_index_t *idx_;
    polis_facet_t facet_;
    std::string *error_;

    Xapian::Query fail(const std::string &why)
    {
        if (error_->empty())
            *error_ = why;
        return Xapian::Query::MatchNothing;
    }
};

// polisconcept:N, as expand_synonyms() writes it: group N's concept term,
// weighted as a word is.
class concept_field : public Xapian::FieldProcessor
{
  public:
    explicit concept_field(const polis_index_t *idx) : idx_(idx)
    {
    }
    Xapian::Query operator()(const std::string &str) override
    {
        char *end = nullptr;
        unsigned long g = strtoul(str.c_str(), &end, 10);
        if (str.empty() || *end || g >= idx_->concepts.terms.size())
            return Xapian::Query::MatchNothing;
        return Xapian::Query(idx_->concepts.terms[g]);
    }

  private:
    const polis_index_t *idx_;
};

} // namespace

namespace shim
{

bool is_search_field(std::string_view name)
{
    for (const search_field &f : kSearchFields)
        if (name == f.name)
            return true;
    return false;
}

bool is_filter_field(std::string_view name)
{
    for (polis_facet_t f : kFilterFields)
        if (name == polis_facet_name(f))
            return true;
    return false;
}

void add_fields(Xapian::QueryParser &qp, polis_index_t *idx, std::string *error)
{
    for (const search_field &f : kSearchFields)
        qp.add_prefix(f.name, f.prefix);
    if (idx->concepts_indexed)
        qp.add_prefix(kConceptField, (new concept_field(idx))->release());
    for (polis_facet_t f : kFilterFields)
        qp.add_boolean_prefix(polis_facet_name(f), (new facet_field(idx, f, error))->release());
}

void resolve_filters(polis_index_t *idx, polis_query &q, polis_result &r)
{
    static const char *const what[] = { "theme", "type" };
    for (int f = 0; f < POLIS_FACET_COUNT_; f++) {
        r.filters[f].clear();
        for (const std::string &v : q.filters[f])
            r.filters[f].emplace_back(v, v);
    }
    for (polis_facet_t f : { POLIS_FACET_THEME, POLIS_FACET_TYPE, POLIS_FACET_KIND }) {
        const std::string prefix = kFacetPrefix[f];
        for (size_t i = 0; i < q.filters[f].size(); i++) {
            std::string &v = q.filters[f][i];
            if (f == POLIS_FACET_KIND) {
                if (polis_kind_from_name(v.c_str()) == POLIS_KIND_UNKNOWN)
                    throw Xapian::QueryParserError(
                        "kind: \"" + v +
                        "\" is none of recap, news, page, bibliography, reference");
                continue;
            }
            std::vector<std::string> terms = facet_terms(idx->db, f, v, false);
            if (terms.empty())
                throw Xapian::QueryParserError(std::string(what[f]) + ": no " + what[f] +
                                               " is called \"" + v + "\"");
            v = terms[0].substr(prefix.size());
            r.filters[f][i].second = v;
        }
    }
}

std::vector<std::string> folded_words(const std::string &text)
{
    std::string f = fold(text);
    std::vector<std::string> out;
    size_t pos = 0, start, end;
    while (polis_text_next_word(f.data(), f.size(), &pos, &start, &end))
        out.push_back(f.substr(start, end - start));
    return out;
}

} // namespace shim
