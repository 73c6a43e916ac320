// put.cc — a polis_doc_t becomes a Xapian document: the schema at write time.
#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <optional>

#include "shim.h"

namespace
{

// "2017-10-25..." -> "20171025"; a partial date sorts and filters as its
// first day ("2012" -> "20120101", "2006-11" -> "20061101"), as references
// often give only a year.  "" when there is no date.
std::string sortable_date(const char *iso)
{
    auto digits = [](const char *s, size_t n) {
        for (size_t i = 0; i < n; i++)
            if (s[i] < '0' || s[i] > '9')
                return false;
        return true;
    };
    size_t len = strlen(iso);
    if (len < 4 || !digits(iso, 4) || (len > 4 && iso[4] != '-'))
        return std::string();
    std::string out(iso, 4);
    out += len >= 7 && digits(iso + 5, 2) ? std::string(iso + 5, 2) : "01";
    out += len >= 10 && iso[7] == '-' && digits(iso + 8, 2) ? std::string(iso + 8, 2) : "01";
    return out;
}

struct text_indexer {
    Xapian::TermGenerator tg;
    const shim::concepts &concepts;
    std::vector<unsigned> concept_hits;
    // Spelling words gathered apart (polis_words_gather()): a second
    // TermGenerator reads the spelling fields again, unstemmed and without
    // positions, into a scratch document, whose terms are then the words
    // Xapian's own FLAG_SPELLING would have counted, one per occurrence.
    polis_words_t *gather;
    std::optional<Xapian::TermGenerator> words; // only when gathering
    std::optional<Xapian::Document> scratch;
    bool spell = false;

    text_indexer(Xapian::WritableDatabase &db, const shim::concepts &c, polis_words_t *g)
        : concepts(c), concept_hits(c.terms.size(), 0), gather(g)
    {
        tg.set_stemmer(Xapian::Stem("french"));
        tg.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
        tg.set_stopper(&shim::stopper());
        tg.set_database(db);
        if (gather) {
            words.emplace();
            scratch.emplace();
            words->set_stemming_strategy(Xapian::TermGenerator::STEM_NONE);
            words->set_document(*scratch);
        }
    }

    // Spelling data (for "did you mean") is fed by the short fields only:
    // from the bodies it cost a third of indexing time, and the words people
    // mistype in a search box are those of titles, themes and names.
    void spelling(bool on)
    {
        spell = on;
        if (!gather)
            tg.set_flags(on ? Xapian::TermGenerator::FLAG_SPELLING : Xapian::TermGenerator::flags(0));
    }

    // Index one field: folded text, with positions, unprefixed (and once more
    // under prefix when given, so `title:` and `author:` can search it alone;
    // with positions there too when asked, for phrases inside that field).
    void field(const char *text, Xapian::termcount wdf_inc, const char *prefix = nullptr,
               bool positions = false)
    {
        if (!text || !*text)
            return;
        std::string f = shim::fold(text);
        tg.index_text(f, wdf_inc);
        if (spell && words)
            words->index_text_without_positions(f);
        shim::find_concepts(concepts, f, concept_hits);
        if (prefix && positions)
            tg.index_text(f, wdf_inc, prefix);
        else if (prefix)
            tg.index_text_without_positions(f, wdf_inc, prefix);
        tg.increase_termpos(); // no phrase across two fields
    }

    void field(const polis_strv_t &v, Xapian::termcount wdf_inc, const char *prefix = nullptr,
               bool positions = false)
    {
        for (size_t i = 0; i < v.n; i++)
            field(v.v[i], wdf_inc, prefix, positions);
    }

    // The gathered words to their set, once the document is written.  Not
    // the one-byte ones, which Xapian's dictionary leaves out ("a" of "à").
    void give_words()
    {
        if (!gather)
            return;
        for (auto t = scratch->termlist_begin(); t != scratch->termlist_end(); ++t)
            if ((*t).size() > 1)
                gather->freq[*t] += t.get_wdf();
    }
};

// What the ranking (rank.cc) reads of the title: its concepts apart from
// the document's, its adjacent word pairs, and its length in words that are
// not stop words.
void title_extras(const polis_index_t *idx, const polis_doc_t *doc, Xapian::Document &xd)
{
    if (!doc->title || !*doc->title)
        return;
    std::string f = shim::fold(doc->title);
    std::vector<unsigned> hits(idx->concepts.terms.size(), 0);
    shim::find_concepts(idx->concepts, f, hits);
    for (size_t g = 0; g < hits.size(); g++)
        if (hits[g])
            xd.add_term(shim::kTitleConceptPrefix + std::to_string(g), hits[g]);
    unsigned words = 0;
    const Xapian::Stopper &stop = shim::stopper();
    size_t pos = 0, start, end;
    while (polis_text_next_word(f.data(), f.size(), &pos, &start, &end))
        words += !stop(f.substr(start, end - start));
    xd.add_value(shim::kSlotTitleWords, std::to_string(words));
    // Boolean: a pair only lifts, and must not lengthen the document for BM25.
    std::vector<std::string> pw = shim::phrase_words(f);
    for (size_t i = 1; i < pw.size(); i++) {
        std::string pair = shim::title_pair_term(pw[i - 1], pw[i]);
        if (!pair.empty())
            xd.add_boolean_term(pair);
    }
}

// The one-word spellings of each theme (the "themekey:" slugs without a
// hyphen) that are not a word of its id, once per writer.  The tables
// (polis_tables_store) precede a build's documents; an update writes
// its documents with the spellings of the tables already stored, as it
// does with the synonym groups.
void load_theme_words(polis_index_t *idx)
{
    if (idx->theme_words_loaded)
        return;
    const std::string key = "themekey:";
    for (auto k = idx->wdb.metadata_keys_begin(key); k != idx->wdb.metadata_keys_end(key); ++k) {
        std::string slug = (*k).substr(key.size());
        if (slug.empty() || slug.find('-') != std::string::npos)
            continue;
        std::string id = idx->wdb.get_metadata(*k);
        std::string words = "-" + id + "-";
        if (id.empty() || words.find("-" + slug + "-") != std::string::npos)
            continue;
        std::string &w = idx->theme_words[id];
        w += (w.empty() ? "" : " ") + slug;
    }
    idx->theme_words_loaded = true;
}

} // namespace

// Record, before the first document this writer writes, that documents
// carry the concepts of the index's synonym groups.  Only an empty index, or
// one whose documents already follow these groups, can say so.  Otherwise
// (documents from an older indexer, or written under other groups) the
// record is spoilt for good: going back to the old groups later would not
// give the documents written meanwhile their concepts.  The query side then
// matches the phrases themselves until a rebuild starts from empty.  Title
// pairs likewise: only an empty index can start them, and an index without
// them keeps ranking title phrases by positions until a rebuild; and the
// positions of author and place terms, without which an older document
// matches no author:"…" phrase.
static void record_schema(polis_index_t *idx)
{
    if (idx->schema_recorded)
        return;
    std::string stored = idx->wdb.get_metadata(shim::kSynonymsKey);
    bool empty = idx->wdb.get_doccount() == 0;
    bool follows = empty || idx->wdb.get_metadata(shim::kConceptsKey) == stored;
    shim::head(idx).set_metadata(shim::kConceptsKey, follows ? stored : std::string(shim::kConceptsStale));
    idx->concepts_indexed = follows && !idx->synonyms.empty();
    if (empty) {
        shim::head(idx).set_metadata(shim::kTitlePairsKey, "1");
        shim::head(idx).set_metadata(shim::kNamePositionsKey, "1");
    }
    idx->title_pairs = idx->wdb.get_metadata(shim::kTitlePairsKey) == "1";
    idx->name_positions = idx->wdb.get_metadata(shim::kNamePositionsKey) == "1";
    idx->schema_recorded = true;
}

// Write doc: replace the document with its id, or (fresh) add it blind,
// which spares Xapian a lookup when the caller knows the id is new.
static polis_status_t write_doc(polis_index_t *idx, const polis_doc_t *doc, bool fresh)
{
    if (!idx || !doc)
        return POLIS_ERR_INVALID_ARG;
    if (!idx->writable)
        return shim_error(idx, POLIS_ERR_READ_ONLY, idx->path + ": opened read-only");
    if (!doc->id || !*doc->id)
        return shim_error(idx, POLIS_ERR_INVALID_ARG, "document without an id");
    polis_strv_t values = {};
    try {
        record_schema(idx);
        Xapian::Document xd;
        std::string stored = shim::stored_data(doc);
        xd.set_data(stored.substr(0, stored.find('\0'))); // the JSON, for tools and suggestions
        xd.add_value(shim::kSlotHit, stored);

        text_indexer ti(shim::head(idx), idx->concepts, idx->gather); // the spelling goes to shard 0
        ti.tg.set_document(xd);
        ti.spelling(true);
        // A title word weighs three body words; its title terms keep their
        // positions, for the ranking's title phrases (rank.cc).
        ti.field(doc->title, 3, shim::kTitlePrefix, true);
        title_extras(idx, doc, xd);
        // Names with positions too: author:"Institut régional" is a phrase
        // (without them, Xapian finds no phrase at all).
        ti.field(doc->authors, 2, shim::kAuthorPrefix, true);
        ti.field(doc->places, 1, shim::kPlacePrefix, true);
        ti.field(doc->keywords, 1);
        // Theme ids are slugs of their labels, folded as terms are: their
        // words let "développement économique" find the documents of that
        // theme whose text says it otherwise.
        for (size_t i = 0; i < doc->themes.n; i++) {
            std::string words = doc->themes.v[i];
            std::replace(words.begin(), words.end(), '-', ' ');
            ti.field(words.c_str(), 1);
        }
        ti.field(doc->publisher, 1);
        ti.field(doc->container, 1); // a journal's name is searched as its publisher's
        ti.spelling(false);
        // So do the theme's one-word spellings beyond its id ("jeunes" for
        // Jeunesse; "ESS", which brings its synonym group's concept): a
        // document filed under a theme is about it, whatever its text says.
        // Not spelling data: they are the theme table's words, not the
        // document's.
        load_theme_words(idx);
        for (size_t i = 0; i < doc->themes.n; i++) {
            auto more = idx->theme_words.find(doc->themes.v[i]);
            if (more != idx->theme_words.end())
                ti.field(more->second.c_str(), 1);
        }
        ti.field(doc->summary, 1);
        ti.field(doc->body, 1);
        ti.field(doc->citation, 1);

        for (size_t g = 0; g < ti.concept_hits.size(); g++)
            if (ti.concept_hits[g])
                xd.add_term(idx->concepts.terms[g], ti.concept_hits[g]);

        std::string uid = std::string(shim::kUniquePrefix) + doc->id;
        xd.add_boolean_term(uid);
        if (doc->parent_id && *doc->parent_id)
            xd.add_boolean_term(shim::parent_term(doc->parent_id));
        xd.add_value(shim::kSlotId, doc->id);
        for (int f = 0; f < POLIS_FACET_COUNT_; f++) {
            polis_strv_clear(&values);
            if (polis_doc_facet_values(doc, static_cast<polis_facet_t>(f), &values) != 0)
                throw std::bad_alloc();
            std::string joined;
            for (size_t i = 0; i < values.n; i++) {
                xd.add_boolean_term(shim::facet_term(static_cast<polis_facet_t>(f), values.v[i]));
                if (i)
                    joined += shim::kFacetSep;
                joined += values.v[i];
            }
            if (!joined.empty())
                xd.add_value(shim::kSlotFacetBase + f, joined);
        }
        polis_strv_clear(&values);
        std::string d = sortable_date(doc->published);
        if (!d.empty())
            xd.add_value(shim::kSlotPublished, d);
        xd.add_value(shim::kSlotTieBreak, (d.empty() ? "00000000" : d) + doc->id);
        d = sortable_date(doc->event_date);
        if (!d.empty())
            xd.add_value(shim::kSlotEvent, d);
        Xapian::WritableDatabase &shard = shim::shard_for(idx, doc->id);
        if (fresh)
            shard.add_document(xd);
        else
            shard.replace_document(uid, xd);
        ti.give_words();
    } catch (...) {
        polis_strv_clear(&values);
        return shim_fail(idx, doc->id);
    }
    return POLIS_OK;
}

extern "C" polis_status_t polis_index_put(polis_index_t *idx, const polis_doc_t *doc)
{
    return write_doc(idx, doc, false);
}

extern "C" polis_status_t polis_index_add(polis_index_t *idx, const polis_doc_t *doc)
{
    return write_doc(idx, doc, true);
}
