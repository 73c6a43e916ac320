// prior.cc — the ranking's prior by kind, read from memory on a local index.
//
// A small static weight by kind (rank.cc) is added to every match that has
// a kind.  Xapian's ValueMapPostingSource gives it by reading the kind's
// value stream at each candidate: a tenth of a search went into decoding
// value chunks (ValueIterator::check).  A read handle that counts on sets
// holds the kind column in memory already (columns.h), so its prior reads
// it there; a remote index, a writer, and a handle with counting off use
// Xapian's source, with the same weights, so the ranking is the same
// (tests/unit/test_counts.c compares the two).  Custom sources cannot run
// on xapian-tcpsrv (docs/architecture.md, "Remote shards").
#include "rank.h"

#include "counts.h"

namespace
{

constexpr Xapian::valueno kKindSlot = shim::kSlotFacetBase + POLIS_FACET_KIND;

// The kinds' weights, by name.
double weight_of(const std::string &kind)
{
    static const struct {
        polis_kind_t kind;
        double weight;
    } table[] = { { POLIS_KIND_RECAP, 0.5 },
                  { POLIS_KIND_NEWS, 0.4 },
                  { POLIS_KIND_BIBLIOGRAPHY, 0.4 },
                  { POLIS_KIND_REFERENCE, 0.2 } };
    for (const auto &e : table)
        if (kind == polis_kind_name(e.kind))
            return e.weight;
    return 0.0;
}

// Every document with a kind, weighed by it, from the kind column.  The
// column numbers the whole index's docids; on a sharded index Xapian gives
// each shard's own source (clone(), init()) that shard's docids, which are
// turned into the index's as the counting does: (d - 1) * n + k + 1.
class column_prior : public Xapian::PostingSource
{
  public:
    // only >= 0: every document of that shard (weight 0 without a kind),
    // nothing of the others (spread.cc).
    column_prior(std::shared_ptr<const shim::column> col, std::shared_ptr<shim::generation> gen,
                 int only)
        : col_(std::move(col)), gen_(std::move(gen)), only_(only)
    {
        // A combination of several kinds is no kind Xapian's table names.
        double most = 0;
        for (uint32_t c = 0; c < col_->combos(); c++) {
            double w = col_->end(c) - col_->begin(c) == 1 ? weight_of(col_->value(*col_->begin(c)))
                                                            : 0.0;
            weights_.push_back(w);
            most = std::max(most, w);
        }
        most_ = most;
    }
    Xapian::doccount get_termfreq_min() const override
    {
        return freq_;
    }
    Xapian::doccount get_termfreq_est() const override
    {
        return freq_;
    }
    Xapian::doccount get_termfreq_max() const override
    {
        // A shard's every docid, deleted ones too, when only_ >= 0.
        return only_ >= 0 ? Xapian::doccount(last_) : freq_;
    }
    double get_weight() const override
    {
        return weights_[col_->combo(global(did_))];
    }
    void next(double min_wt) override
    {
        if (min_wt > get_maxweight())
            did_ = last_ + 1;
        else
            advance(did_ + 1);
    }
    void skip_to(Xapian::docid did, double min_wt) override
    {
        if (min_wt > get_maxweight())
            did_ = last_ + 1;
        else if (did > did_)
            advance(did);
    }
    bool at_end() const override
    {
        return did_ > last_;
    }
    Xapian::docid get_docid() const override
    {
        return did_;
    }
    void init(const Xapian::Database &db) override
    {
        n_ = Xapian::docid(gen_->shards());
        k_ = 0;
        if (n_ > 1) {
            int k = gen_->shard_of(db.get_uuid());
            if (k < 0)
                throw Xapian::InvalidOperationError("kind prior: a shard of another index");
            k_ = Xapian::docid(k);
        }
        last_ = db.get_lastdocid();
        freq_ = db.get_value_freq(kKindSlot);
        if (only_ >= 0) {
            bool mine = int(k_) == only_;
            last_ = mine ? last_ : 0;
            freq_ = mine ? db.get_doccount() : 0;
        }
        did_ = 0;
        set_maxweight(most_);
    }
    Xapian::PostingSource *clone() const override
    {
        return new column_prior(col_, gen_, only_);
    }

  private:
    Xapian::docid global(Xapian::docid d) const
    {
        return (d - 1) * n_ + k_ + 1;
    }
    // To the first document from did on that has a kind (any, for a shard).
    void advance(Xapian::docid did)
    {
        while (only_ < 0 && did <= last_ && col_->combo(global(did)) == 0)
            did++;
        did_ = did;
    }

    std::shared_ptr<const shim::column> col_;
    std::shared_ptr<shim::generation> gen_;
    std::vector<double> weights_; // by combination
    double most_ = 0;
    int only_;
    Xapian::docid n_ = 1, k_ = 0, last_ = 0, did_ = 0;
    Xapian::doccount freq_ = 0;
};

} // namespace

namespace shim
{

Xapian::Query kind_prior(polis_index_t *idx, rank_state &st, int only_shard)
{
    std::shared_ptr<const column> col;
    if (idx->generation && !idx->writable && !idx->remote && !st.builtin_only)
        col = idx->generation->facet(idx->db, POLIS_FACET_KIND);
    if (only_shard >= 0 && !col)
        return Xapian::Query();
    if (col) {
        st.kind_column = col;
        auto *src = new column_prior(col, idx->generation, only_shard);
        st.sources.emplace_back(src);
        return Xapian::Query(src);
    }
    auto *src = new Xapian::ValueMapPostingSource(kKindSlot);
    st.sources.emplace_back(src);
    for (polis_kind_t k : { POLIS_KIND_RECAP, POLIS_KIND_NEWS, POLIS_KIND_BIBLIOGRAPHY,
                            POLIS_KIND_REFERENCE })
        src->add_mapping(polis_kind_name(k), weight_of(polis_kind_name(k)));
    src->set_default_weight(0.0);
    return Xapian::Query(src);
}

} // namespace shim
