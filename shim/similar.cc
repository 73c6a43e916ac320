// similar.cc — documents like a given one, by relevance feedback.
//
// The document is the relevant set; Xapian's expand set gives the terms
// that tell it best from the rest of the collection (rare in the index,
// frequent in the document), and those terms, ORed, rank the others.  Only
// plain words take part: facet terms would rank by category alone, and
// stems and numbers add noise.
#include <cstring>
#include <memory>

#include "query.h"

namespace
{

// Terms drawn from the document to describe it.
constexpr Xapian::termcount kFeedbackTerms = 40;

class plain_words : public Xapian::ExpandDecider
{
  public:
    bool operator()(const std::string &term) const override
    {
        if (term.size() < 3)
            return false;
        unsigned char c = static_cast<unsigned char>(term[0]);
        if (c >= 'A' && c <= 'Z') // a prefixed term: stem, field, facet, id
            return false;
        if (term.find_first_not_of("0123456789.,") == std::string::npos)
            return false;
        return !shim::stopper()(term);
    }
};

void similar(polis_index_t *idx, const std::string &id, const polis_query &q, polis_result &r)
{
    const Xapian::Database &db = idx->db;
    std::string uid = std::string(shim::kUniquePrefix) + id;
    Xapian::PostingIterator p = db.postlist_begin(uid);
    if (p == db.postlist_end(uid))
        throw Xapian::DocNotFoundError("no document " + id);
    Xapian::RSet rset;
    rset.add_document(*p);
    Xapian::Enquire enq(db);
    enq.set_query(Xapian::Query(uid));
    plain_words decider;
    Xapian::ESet eset = enq.get_eset(kFeedbackTerms, rset, &decider);
    if (eset.empty()) {
        r.total = 0;
        return;
    }
    Xapian::Query likeness(Xapian::Query::OP_OR, eset.begin(), eset.end());
    Xapian::Query others(Xapian::Query::OP_AND_NOT, likeness, Xapian::Query(uid));
    // Likeness is relevance: a date sort or the text prior would hide it.
    polis_query plain = q;
    plain.text.clear();
    plain.sort = POLIS_SORT_RELEVANCE;
    shim::resolve_filters(idx, plain, r);
    shim::run_query(idx, plain, others, r);
    shim::keep_query_terms(r, idx, likeness);
}

} // namespace

extern "C" polis_status_t polis_index_similar(polis_index_t *idx, const char *id,
                                              const polis_query_t *q, polis_result_t **out)
{
    if (!out)
        return POLIS_ERR_INVALID_ARG;
    *out = nullptr;
    if (!idx || !id || !*id || !q)
        return POLIS_ERR_INVALID_ARG;
    try {
        std::unique_ptr<polis_result> r(new polis_result);
        similar(idx, id, *q, *r);
        *out = r.release();
        return POLIS_OK;
    } catch (const Xapian::DocNotFoundError &) {
        return shim_error(idx, POLIS_ERR_NOT_FOUND, std::string("no document ") + id);
    } catch (const Xapian::QueryParserError &e) {
        return shim_error(idx, POLIS_ERR_BAD_QUERY, e.get_msg());
    } catch (...) {
        return shim_fail(idx, "similar");
    }
}
