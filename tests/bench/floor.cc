// floor.cc — the floor of qbench: plain Xapian on Polis's own index.
//
// What any application over Xapian pays for the same answer, with nothing of
// Polis's: the folded text (polis_text_fold_query(), as the index's terms
// are folded) parsed by one QueryParser built once (French stemmer,
// STEM_SOME, the same stop words, AND between words), the theme filter as
// an OP_FILTER on its boolean term, one Enquire with BM25 and its default
// parameters, the top N and exact counts of the theme slot's values by
// Xapian's own ValueCountMatchSpy with check_at_least = every document, so
// the total is exact too.  No synonyms, no title lifts, no tie-breaks, no
// correction, no stored data read: Xapian's matcher and nothing else.
#include <xapian.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>

#include "floor.h"
#include "polis/index.h"
#include "polis/text.h"

namespace
{

// The index's schema, as far as the floor needs it (shim/shim.h): the theme
// facet's boolean terms and its value slot of joined values.
const char *const kThemePrefix = "XTH";
constexpr Xapian::valueno kThemeSlot = 10 + POLIS_FACET_THEME;

class stop_words : public Xapian::Stopper
{
  public:
    bool operator()(const std::string &w) const override
    {
        return polis_text_is_stopword(w.data(), w.size()) != 0;
    }
};

} // namespace

struct qbench_floor {
    Xapian::Database db;
    Xapian::QueryParser qp;
    stop_words stop;
    bool top_only = false;
};

extern "C" qbench_floor_t *qbench_floor_open(const char *path, char **err)
{
    *err = nullptr;
    try {
        std::unique_ptr<qbench_floor_t> f(new qbench_floor_t);
        f->db = Xapian::Database(path);
        f->qp.set_database(f->db);
        f->qp.set_stemmer(Xapian::Stem("french"));
        f->qp.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
        f->qp.set_stopper(&f->stop);
        f->qp.set_default_op(Xapian::Query::OP_AND);
        return f.release();
    } catch (const Xapian::Error &e) {
        *err = strdup(e.get_description().c_str());
    } catch (...) {
        *err = strdup("out of memory");
    }
    return nullptr;
}

extern "C" void qbench_floor_top_only(qbench_floor_t *f)
{
    f->top_only = true;
}

extern "C" void qbench_floor_close(qbench_floor_t *f)
{
    delete f;
}

extern "C" int qbench_floor_search(qbench_floor_t *f, const char *text, const char *theme,
                                   unsigned limit, unsigned long *total, size_t *touched)
{
    try {
        polis_buf_t b = {};
        if (polis_text_fold_query(text, strlen(text), &b) != 0) {
            polis_buf_free(&b);
            return -1;
        }
        std::string folded(b.data ? b.data : "", b.len);
        polis_buf_free(&b);
        Xapian::Query q = f->qp.parse_query(
            folded, Xapian::QueryParser::FLAG_PHRASE | Xapian::QueryParser::FLAG_BOOLEAN |
                        Xapian::QueryParser::FLAG_LOVEHATE | Xapian::QueryParser::FLAG_WILDCARD);
        if (q.empty())
            q = Xapian::Query::MatchAll;
        if (theme != nullptr)
            q = Xapian::Query(Xapian::Query::OP_FILTER, q,
                              Xapian::Query(std::string(kThemePrefix) + theme));
        Xapian::Enquire enq(f->db);
        enq.set_query(q);
        Xapian::ValueCountMatchSpy spy(kThemeSlot);
        if (!f->top_only)
            enq.add_matchspy(&spy);
        Xapian::MSet m = enq.get_mset(0, limit, f->top_only ? 0 : f->db.get_doccount());
        *total = m.get_matches_estimated();
        // Touch what a caller reads: the hits' docids and weights, the counts.
        size_t n = 0;
        for (auto i = m.begin(); i != m.end(); ++i)
            n += *i + (i.get_weight() > 0);
        for (auto v = spy.values_begin(); v != spy.values_end(); ++v)
            n += (*v).size() + v.get_termfreq();
        *touched = n;
        return 0;
    } catch (const Xapian::Error &e) {
        fprintf(stderr, "qbench --floor: '%s': %s\n", text, e.get_description().c_str());
    } catch (...) {
        fprintf(stderr, "qbench --floor: '%s': failed\n", text);
    }
    return -1;
}
