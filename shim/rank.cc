// rank.cc — how a relevance search orders its matches.
//
// The parsed query decides what matches; this file decides in what order.
// BM25 over the whole document (a title word weighs three body words, put.cc)
// finds the documents that talk about the query's words; practitioners
// looking for a resource often type its title, or part of it, and a short
// heading ("Chapitre 1 – L'évaluation à mi-parcours") then loses to pages
// that repeat the words in a long body.  So a match whose title holds the
// query's words is lifted (OP_AND_MAYBE: a lift never adds a match), more
// when the title holds them as the phrase typed, and more again when that
// phrase is most of the title.  The title's terms (prefix S, with
// positions), its concepts (XC), its adjacent word pairs (XB) and its
// length (kSlotTitleWords) are written by put.cc; an index written before
// them ranks as it did (without pairs: by the S terms' positions, which
// order corpus/ the same, tests/t/37-title-pairs.t, but not every title:
// pairs skip a lone elided letter, "n° 12", where positions keep it, and
// Polis splits words where Xapian's tokenizer may not, "r&d").
#include "rank.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <string>

namespace
{

// The weights below were set with `make relevance` (tests/relevance/); a
// build with -DPOLIS_RANK_TUNING reads each from the environment variable
// of its name, to try values without rebuilding.
#ifdef POLIS_RANK_TUNING
double tuned(const char *name, double value)
{
    const char *v = getenv(name);
    return v && *v ? atof(v) : value;
}
#define TUNED(name, value) static const double name = tuned(#name, value)
#else
#define TUNED(name, value) constexpr double name = value
#endif

// The lifts are constant weights (a title holding a word lifts a long page
// as much as a short reference: equal titles, equal lifts), against BM25
// text weights of a few units a word.
// Title words: kTitleWords shared among the query's words by their rarity
// in titles, so a title holding them all gets kTitleWords.
TUNED(kTitleWords, 4.0);
// The title holds a phrase typed, in order.
TUNED(kTitlePhrase, 3.0);
// ... and that phrase is most of the title: kTitleCover × (phrase words /
// title words), at most kTitleCover (stop words not counted).
TUNED(kTitleCover, 1.5);

TUNED(kBM25K1, 1.0);
TUNED(kBM25B, 0.5);

bool word_char(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80;
}

// Weight w for the documents matching q, whatever their BM25 weight.
Xapian::Query constant(const Xapian::Query &q, double w, shim::rank_state &st)
{
    auto *src = new Xapian::FixedWeightPostingSource(w);
    st.sources.emplace_back(src);
    return Xapian::Query(Xapian::Query::OP_AND,
                         Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, q, 0.0), Xapian::Query(src));
}

// The title terms of the text's words: "Zquarti" (stem) -> "ZSquarti",
// "quartier" (as typed, in phrases) -> "Squartier", a concept "XS5" -> the
// same concept in the title, "XC5" (which stands for the group's single
// words too).  Terms of other fields (author:, filters) are left out.
std::vector<std::string> title_terms(const polis_index_t *idx, const Xapian::Query &text)
{
    const Xapian::Stopper &stop = shim::stopper();
    const size_t nc = strlen(shim::kConceptPrefix);
    std::vector<std::string> concepts, words;
    std::vector<std::string> covered; // stems the concepts stand for
    const Xapian::Stem &stem = idx->stem;
    for (auto t = text.get_unique_terms_begin(); t != text.get_unique_terms_end(); ++t) {
        const std::string &term = *t;
        if (term.compare(0, nc, shim::kConceptPrefix) == 0 && term.size() > nc &&
            isdigit(static_cast<unsigned char>(term[nc]))) {
            size_t g = strtoul(term.c_str() + nc, nullptr, 10);
            concepts.push_back(shim::kTitleConceptPrefix + term.substr(nc));
            if (g < idx->synonyms.size())
                for (const std::string &p : idx->synonyms[g])
                    if (p.find(' ') == std::string::npos)
                        covered.push_back("Z" + stem(shim::fold(p)));
        } else if (term[0] == 'Z' && term.size() > 1 && word_char(term[1])) {
            words.push_back(term);
        } else if (!term.empty() && word_char(term[0]) && !stop(term)) {
            words.push_back(term);
        }
    }
    std::vector<std::string> out = concepts;
    for (const std::string &w : words) {
        if (std::find(covered.begin(), covered.end(), w) != covered.end())
            continue;
        out.push_back(w[0] == 'Z' ? "Z" + std::string(shim::kTitlePrefix) + w.substr(1)
                                  : shim::kTitlePrefix + w);
    }
    return out;
}

// kTitleWords shared among the title terms by rarity (idf in the index).
Xapian::Query title_words(const polis_index_t *idx, const std::vector<std::string> &terms,
                          shim::rank_state &st)
{
    double n = idx->db.get_doccount() + 1.0, sum = 0;
    std::vector<double> idf;
    for (const std::string &t : terms) {
        Xapian::doccount df = idx->db.get_termfreq(t);
        idf.push_back(df ? std::log(n / df) : 0.0);
        sum += idf.back();
    }
    std::vector<Xapian::Query> lifts;
    for (size_t i = 0; i < terms.size(); i++)
        if (idf[i] > 0)
            lifts.push_back(constant(Xapian::Query(terms[i]), kTitleWords * idf[i] / sum, st));
    return Xapian::Query(Xapian::Query::OP_OR, lifts.begin(), lifts.end());
}

// Titles longer than this many words get the cover of one this long.
constexpr unsigned kCoverTitleMax = 64;

// base + kTitleCover × min(1, words / the title's words), from
// kSlotTitleWords: a table of Xapian's own ValueMapPostingSource rather than
// a class of ours, because remote shards (xapian-tcpsrv) run only Xapian's
// built-in sources.  base is the phrase's own lift, so that one source (and
// one look for the phrase) gives both.
Xapian::PostingSource *title_cover(unsigned words, double base, double weight)
{
    auto *src = new Xapian::ValueMapPostingSource(shim::kSlotTitleWords);
    for (unsigned title = 1; title <= kCoverTitleMax; title++)
        src->add_mapping(std::to_string(title),
                         base + (title <= words ? weight : weight * words / title));
    src->set_default_weight(base + std::min(weight, weight * words / kCoverTitleMax));
    return src;
}

// Plain words: no quotes, parentheses, fields, wildcards, +word or -word,
// and no upper-case operator (a hyphen inside a word is no operator).
bool plain(const std::string &typed)
{
    for (size_t i = 0; i < typed.size(); i++) {
        char c = typed[i];
        if (strchr("\"()+:*", c))
            return false;
        if (c == '-' && (i == 0 || typed[i - 1] == ' ' || typed[i - 1] == '\t'))
            return false;
    }
    return !shim::has_operator(typed);
}

// The phrases the user typed, folded into words: each "quoted phrase", and
// the whole text when it is plain words.  Only phrases of two words or more.
std::vector<std::vector<std::string>> typed_phrases(const std::string &typed)
{
    std::vector<std::vector<std::string>> out;
    auto add = [&](const std::string &s) {
        std::vector<std::string> w = shim::phrase_words(shim::fold(s));
        if (w.size() >= 2)
            out.push_back(std::move(w));
    };
    if (plain(typed)) {
        add(typed);
        return out;
    }
    for (size_t at = typed.find('"'); at != std::string::npos;) {
        size_t end = typed.find('"', at + 1);
        if (end == std::string::npos)
            break;
        add(typed.substr(at + 1, end - at - 1));
        at = typed.find('"', end + 1);
    }
    return out;
}

// The title pairs' query for words ("appel a projets": XBappel a AND
// XBa projets), or an empty query when a pair is too long to be indexed.
// Every adjacent pair in the title is near enough to the phrase for a lift,
// and reads two short posting lists where the phrase reads each word's
// positions in every title holding them all: at 100,000 documents that was
// 9 of the 12 ms of a search for "appel à projets", whose words are in 9,000
// titles.
Xapian::Query title_pair_query(const std::vector<std::string> &words)
{
    std::vector<Xapian::Query> pairs;
    for (size_t i = 1; i < words.size(); i++) {
        std::string t = shim::title_pair_term(words[i - 1], words[i]);
        if (t.empty())
            return Xapian::Query();
        pairs.emplace_back(t);
    }
    return Xapian::Query(Xapian::Query::OP_AND, pairs.begin(), pairs.end());
}

// The lifts of the title holding a phrase typed: kTitlePhrase, and
// kTitleCover by how much of the title the phrase is, both from one source
// so the phrase is looked for once.  By title pairs where the index has them,
// else by positions.
Xapian::Query title_phrases(const polis_index_t *idx, const std::string &typed,
                            shim::rank_state &st)
{
    const Xapian::Stopper &stop = shim::stopper();
    std::vector<Xapian::Query> lifts;
    for (const std::vector<std::string> &words : typed_phrases(typed)) {
        Xapian::Query held = idx->title_pairs ? title_pair_query(words) : Xapian::Query();
        if (held.empty()) {
            std::vector<Xapian::Query> terms;
            for (const std::string &w : words)
                terms.emplace_back(shim::kTitlePrefix + w);
            held = Xapian::Query(Xapian::Query::OP_PHRASE, terms.begin(), terms.end(),
                                 terms.size());
        }
        unsigned content = 0;
        for (const std::string &w : words)
            content += !stop(w);
        // The cover's table matches only documents with kSlotTitleWords,
        // which put.cc writes for every title (a document without a title has
        // no title terms to match either).  A phrase of stop words only
        // covers nothing: a fixed weight, as the cover of 0 words is 0.
        Xapian::PostingSource *src = content ? title_cover(content, kTitlePhrase, kTitleCover)
                                             : new Xapian::FixedWeightPostingSource(kTitlePhrase);
        st.sources.emplace_back(src);
        lifts.emplace_back(Xapian::Query::OP_AND,
                           Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, held, 0.0),
                           Xapian::Query(src));
    }
    return Xapian::Query(Xapian::Query::OP_OR, lifts.begin(), lifts.end());
}

} // namespace

namespace shim
{

Xapian::Query ranked(polis_index_t *idx, const polis_query &q, const std::string &typed,
                     const Xapian::Query &text, rank_state &st)
{
    if (q.sort != POLIS_SORT_RELEVANCE || q.text.find_first_not_of(" \t") == std::string::npos ||
        text.get_type() == Xapian::Query::LEAF_MATCH_ALL)
        return text;
    std::vector<Xapian::Query> lifts;
    Xapian::Query words = title_words(idx, title_terms(idx, text), st);
    if (!words.empty())
        lifts.push_back(words);
    Xapian::Query phrases = title_phrases(idx, typed, st);
    if (!phrases.empty())
        lifts.push_back(phrases);

    // A small static prior by kind (prior.cc): practitioners come for event
    // recaps, news and bibliographies; "page" kinds (an action's landing
    // page) are navigation and yield to them when the words match as well.
    // It stands outside the title lifts: nearly every document has a kind,
    // and a lift that matches every document would keep Xapian from walking
    // only the titled matches once the page's weights pass what the text
    // alone can give (AND_MAYBE turns into AND, led by its rarer side).
    Xapian::Query lifted = text;
    if (!lifts.empty())
        lifted = Xapian::Query(Xapian::Query::OP_AND_MAYBE, text,
                               Xapian::Query(Xapian::Query::OP_OR, lifts.begin(), lifts.end()));
    if (st.prior_apart) {
        st.wants_prior = true;
        return lifted;
    }
    return Xapian::Query(Xapian::Query::OP_AND_MAYBE, lifted, kind_prior(idx, st));
}

void order(Xapian::Enquire &enq, const Xapian::Database &db, const polis_query &q, bool browse)
{
    enq.set_weighting_scheme(Xapian::BM25Weight(kBM25K1, 0, 1, kBM25B, 0.5));
    bool newest = q.sort == POLIS_SORT_DATE_DESC || (browse && q.sort == POLIS_SORT_RELEVANCE);
    // kSlotTieBreak is the date then the id: one order whatever the docids
    // a parallel build or shards gave (a value, not a KeyMaker, which
    // remote shards do not run).  An index written before it has none.
    bool tie_break = db.get_value_freq(kSlotTieBreak) > 0;
    if (newest || q.sort == POLIS_SORT_DATE_ASC)
        enq.set_sort_by_value_then_relevance(tie_break ? kSlotTieBreak : kSlotPublished, newest);
    else // equal scores: the newest first, then by id, whatever the docids
        enq.set_sort_by_relevance_then_value(kSlotTieBreak, true);
}

} // namespace shim
