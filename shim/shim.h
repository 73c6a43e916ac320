// shim.h — what the shim's C++ files share; never included outside shim/.
#ifndef POLIS_SHIM_H
#define POLIS_SHIM_H

#include <xapian.h>

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "polis/index.h"
#include "polis/text.h"
#include "polis/words.h"

// The schema.  Term prefixes: docs/architecture.md, "The index on disk"; a facet's values are also
// kept, joined by kFacetSep, in its own value slot so one pass counts them.
namespace shim
{

constexpr Xapian::valueno kSlotPublished = 0; // "YYYYMMDD"
constexpr Xapian::valueno kSlotEvent = 1;
// The id again, for hits: a value is one small read, where finding the Q
// term means inflating the document's whole term list (50 µs a hit).
constexpr Xapian::valueno kSlotId = 2;
// The ranking's (rank.cc): the number of words of the title that are not
// stop words (decimal), and the order of equal scores, newest first: the
// published date "YYYYMMDD" (or "00000000") then the id.
constexpr Xapian::valueno kSlotTitleWords = 3;
constexpr Xapian::valueno kSlotTieBreak = 4;
// The hit record: the stored document (stored_data()) where a search reads
// it, a value rather than the document data, which glass compresses: a
// hit then costs one read and no inflating of its body.
constexpr Xapian::valueno kSlotHit = 5;
constexpr Xapian::valueno kSlotFacetBase = 10; // + polis_facet_t
constexpr char kFacetSep = '\x1f';
constexpr const char *kUniquePrefix = "Q";
constexpr const char *kTitlePrefix = "S";
constexpr const char *kAuthorPrefix = "A";
constexpr const char *kPlacePrefix = "P";
// A reference's bibliography: XR<parent id>, so a bibliography lists its
// references (children.cc).  No other prefix starts with "XR".
constexpr const char *kParentPrefix = "XR";
constexpr const char *kSynonymsKey = "polis:synonyms";
// Concepts: a document holding any phrase of a synonym group gets the group's
// term (kConceptPrefix + its shortest phrase), so a query for the group reads
// one posting list instead of an OR of phrases.  kConceptsKey records the
// groups the documents' concept terms follow; the query side uses them only
// while that equals kSynonymsKey (a changed synonyms.tsv falls back to phrases).
constexpr const char *kConceptPrefix = "XS";
// The same concepts found in the title alone (kTitleConceptPrefix + the
// group's number), for the ranking's title bonus.
constexpr const char *kTitleConceptPrefix = "XC";
constexpr const char *kConceptsKey = "polis:concepts";
// The title's adjacent word pairs, kTitlePairPrefix + "word word" (folded
// words, stop words kept, lone elided articles left out, as the ranking reads
// a typed phrase), so the ranking's title-phrase lift reads two short posting
// lists instead of every title word's positions (rank.cc).  kTitlePairsKey
// is "1" when every document carries them: a writer that starts from an
// empty index says so; an index written before them ranks by positions.
// (An older indexer updating a newer index would write documents without
// pairs under the "1", as it would without concepts under kConceptsKey.)
constexpr const char *kTitlePairPrefix = "XB";
constexpr const char *kTitlePairsKey = "polis:title-pairs";
// "1" when every document's author and place terms (A, P) have positions,
// so author:"…" and place:"…" are phrases; set, as kTitlePairsKey, only on
// an index written from empty.
constexpr const char *kNamePositionsKey = "polis:name-positions";
// kConceptsKey once documents were written under groups they do not all
// follow; no synonyms text equals it (it holds no tab), so only a rebuild
// from an empty index clears it.
constexpr const char *kConceptsStale = "stale";
// When the indexer last wrote the index's content, in decimal seconds since
// the epoch (polis_index_set_written()): metadata, so that it travels with
// the index to replicas and over remote shards.
constexpr const char *kWrittenKey = "polis:written";

// The boolean term prefix of each facet, indexed by polis_facet_t.
extern const char *const kFacetPrefix[POLIS_FACET_COUNT_];

// Boolean term for a facet value; values longer than Xapian's term limit are cut.
std::string facet_term(polis_facet_t facet, const std::string &value);

// Boolean term of the documents whose parent is parent_id (cut as facet terms are).
std::string parent_term(const std::string &parent_id);

// The words of folded text as a phrase is read for title pairs: in order,
// stop words kept, a lone elided letter ("quartiers d ete") left out, as
// folding drops it before an apostrophe.  The indexer's pairs and the
// ranking's typed phrases both come from here, so they cannot disagree.
std::vector<std::string> phrase_words(const std::string &folded);

// The title pair term of words a then b; "" when it would pass Xapian's
// limit on a term's length (such a pair is not indexed, and the ranking
// checks that phrase by positions).
std::string title_pair_term(const std::string &a, const std::string &b);

// Fold text for terms (polis_text_fold); throws std::bad_alloc on failure.
std::string fold(const std::string &text);

// The text a polis_text_* call appended to b, which returned rc (negative:
// it failed), as a string; b is freed in every case, and a failure or a
// failed copy throws std::bad_alloc.
std::string take_text(int rc, polis_buf_t &b);

// s as a malloc()ed C string for a caller of the C API to free, or NULL when
// out of memory.  Never throws.
char *c_copy(const std::string &s) noexcept;

// The folded text without the elided particles typed as words
// (polis_text_drop_elisions()); *dropped, when given, says how many.
std::string drop_elisions(const std::string &folded, int *dropped = nullptr);

// The French stop words, for the query parser and for highlighting.
const Xapian::Stopper &stopper();

// A document's stored data: its JSON without the body, a NUL, then the body.
// Hits need every field but the body parsed, and the body only as text for
// the snippet; parsing kilobytes of body out of JSON was a third of a search.
// It is the hit record (kSlotHit); the document data holds its JSON part.
std::string stored_data(const polis_doc_t *doc); // throws std::bad_alloc
// The stored data of doc: its hit record, or the document data of an index
// written before kSlotHit.  Throws what Xapian throws.
std::string record(const Xapian::Document &doc);
// The JSON part and the body of stored data (body "" when there is none).
void split_data(const std::string &data, std::string &json, const char **body);
// The whole document's JSON, body included (polis_doc_to_json()'s form).
std::string full_json(const std::string &data); // throws std::bad_alloc

// Groups of equivalent phrases, as stored under kSynonymsKey ("a\tb\n...").
using synonym_groups = std::vector<std::vector<std::string>>;
synonym_groups parse_synonyms(const std::string &stored);

// The phrases of synonym groups as word sequences, to find them in text.
// Words are polis_text_next_word()'s (runs of letters and digits), where
// Xapian keeps "c++" or "Q.P.V." whole: a concept may match a little more
// than the phrase would.
struct concepts {
    struct phrase {
        size_t group;
        std::vector<std::string> words;
    };
    std::unordered_map<std::string, std::vector<phrase>> by_first; // longest first
    std::vector<std::string> terms;                                // per group
};
concepts make_concepts(const synonym_groups &groups);
// Add to hits[g] the places in folded text where a phrase of group g starts
// (hits sized terms.size()); phrases of different groups may overlap.
void find_concepts(const concepts &c, const std::string &folded, std::vector<unsigned> &hits);

class generation; // counts.h

// One handle's scratch for counting facets (columns.cc): counts per
// combination of values and per value, and the numbers touched, kept zeroed
// between counts, so that a count costs what its matches touch.
struct tally {
    std::vector<uint32_t> per_combo, per_value, combos, values;
};

} // namespace shim

struct polis_index {
    Xapian::Database db;          // the reader, or the writer seen as a Database
    Xapian::WritableDatabase wdb; // valid only when writable
    // Its shards (shards.cc), in order: one for a plain index.  They share
    // db's and wdb's internals, so they follow every reopen and write.
    std::vector<Xapian::Database> shards;
    std::vector<Xapian::WritableDatabase> wshards; // a writer's
    // A reader's shards with their stub's stamp: a replica's shard is
    // xapian-replicate's stub, switched to a new copy now and then.
    std::vector<std::pair<std::string, std::string>> stubs;
    bool remote = false; // some shard answers through xapian-tcpsrv
    // Ranking the local shards at once (parallel.cc): the program serving
    // each shard from a child process ("": rank locally), its timeout, and
    // the shards so served, opened by the first search that ranks.
    std::string parallel_program;
    unsigned parallel_timeout_ms = 0;
    Xapian::Database ranker;                   // the children's shards as one
    std::vector<Xapian::Database> ranker_shards; // each child's shard, in order; none: not started
    // Copies of a sharded index, one a thread that ranks its shards at
    // once (spread.cc), each with its shards; opened by the first search.
    std::vector<Xapian::Database> spread;
    std::vector<std::vector<Xapian::Database>> spread_shards;
    bool spread_stale = false; // they hold another revision: not again before a reopen
    bool ranker_unavailable = false; // they could not start: not again before a reopen
    bool writable = false;
    bool in_transaction = false;
    std::string path;
    std::string last_error;
    shim::synonym_groups synonyms;  // loaded at open and reopen
    shim::concepts concepts;        // made from synonyms
    bool concepts_indexed = false;  // the documents carry these groups' concept terms
    bool title_pairs = false;       // the documents carry title pairs (kTitlePairsKey)
    bool name_positions = false;    // their A and P terms have positions (kNamePositionsKey)
    bool schema_recorded = false;   // this writer wrote kConceptsKey and the flags above
    // Where this writer's documents give their spelling words instead of
    // to its dictionary (polis_words_gather()); not owned.
    polis_words_t *gather = nullptr;
    // How documents spell folded terms, as suggestions show them; a cache
    // (suggest.cc) dropped when a reopen sees a new revision.
    std::unordered_map<std::string, std::string> spellings;
    // A writer's words of each theme's one-word spellings beyond its id's
    // ("jeunes" for jeunesse, "ess"), from the "themekey:" metadata (put.cc).
    std::unordered_map<std::string, std::string> theme_words;
    bool theme_words_loaded = false;
    // What counting on sets shares with other handles on this revision
    // (counts.h); read handles only: a writer sees its own uncommitted changes.
    std::shared_ptr<shim::generation> generation;
    shim::tally tally;
    // The query language's parser and the French stemmer, made once per
    // handle (parse.cc); the parser again when the synonym groups change.
    Xapian::Stem stem{ "french" };
    std::unique_ptr<Xapian::QueryParser> parser;
    std::string parse_error; // what a field of the last parse refused
};

// Spelling words and their counts, gathered apart (words.cc, polis/words.h).
struct polis_words {
    std::unordered_map<std::string, Xapian::termcount> freq;
};

// POLIS_OK when idx is a writer; otherwise the status, with its message.
polis_status_t shim_need_writer(polis_index_t *idx);

// Map the exception in flight to a status and remember its message on idx.
// Call only from inside a catch block.
polis_status_t shim_fail(polis_index_t *idx, const char *what);

// Same, for functions with no handle yet: sets *errmsg (malloc()ed) when asked.
polis_status_t shim_fail_msg(char **errmsg, const char *what);

// Reopen idx at its latest revision and reload what is read from the index
// (synonyms, concepts; spellings dropped).  True when the revision changed.
// Throws what Xapian throws.
bool shim_reopen(polis_index_t *idx);

// Reload what is read from the index's metadata (synonyms, concepts).
namespace shim
{
// The weighting of a pass that only counts (unranked).  Not BoolWeight:
// with it, Xapian 1.4.22 asked to see every match of a filtered text query
// on an index with deleted documents fails with DatabaseCorruptError
// "Unexpected end of posting list for 'Zemploi'" (test_counts, 'emploi'
// with a theme, second revision; a weighting that reads no wdf takes
// another posting-list path).  TfIdfWeight("bnn") weighs 1 for any wdf,
// reads it, and is one of the schemes xapian-tcpsrv runs.
inline Xapian::TfIdfWeight counting_weight()
{
    return Xapian::TfIdfWeight("bnn");
}

void load_synonyms(polis_index_t *idx);

// Shards (shards.cc).  Open the shards of the index at path into idx (db,
// shards), or a writer's (wdb, wshards too): nshards 0 takes the layout
// found (1 when none), else it must match unless truncate makes it anew;
// no_sync: commits do not wait for the disk.  Throw what Xapian throws.
void open_shards(polis_index_t *idx, const std::string &path);
void create_shards(polis_index_t *idx, const std::string &path, unsigned nshards, bool truncate,
                   bool no_sync);
// A reader's reopen: the latest revision, or the shards opened anew when a
// replica's copy was switched.  True when anything changed.
bool reopen_shards(polis_index_t *idx);
// The writer's shard for a document id; the one holding metadata and spelling.
Xapian::WritableDatabase &shard_for(polis_index_t *idx, const std::string &id);
inline Xapian::WritableDatabase &head(polis_index_t *idx)
{
    return idx->wshards[0];
}
// Names the revision of every shard: equal keys, equal contents.
std::string revision_key(const polis_index_t *idx);

// Ranking the shards at once (parallel.cc).  The database a search ranks
// on: the shards served by idx's children, opened now if need be, when
// idx ranks in parallel and they hold what the local shards hold; else
// nullptr (rank on idx->db).  Never throws: children that cannot start
// leave the search to rank locally.
Xapian::Database *parallel_ranker(polis_index_t *idx);
// The children failed a search: close them, on a thread of their own (the
// next search starts new ones).  Nothing else may still hold them: no
// Enquire or MSet over the ranker.
void parallel_failed(polis_index_t *idx);
// A new revision, or new settings: close the children, and let the next
// search start new ones even if they could not start before.
void parallel_reset(polis_index_t *idx);

// Forget a read handle's copies of its sharded index (spread.cc): a reopen
// found a new revision.
void spread_reset(polis_index_t *idx);
} // namespace shim

// Record a status with a message of our own.
polis_status_t shim_error(polis_index_t *idx, polis_status_t st, const std::string &msg);

#endif
