// children.cc — the references of a bibliography, in the order it lists them.
//
// put.cc gives every document with a parent the boolean term XR<parent id>;
// its posting list is the parent's children.  Their order is the position
// each one had in its page (polis_doc_t.position), which the docids do not
// keep: an update adds a new entry after the others, wherever it sits.
#include <algorithm>
#include <memory>

#include "query.h"

namespace
{

struct child {
    unsigned position;
    polis_hit hit;
};

void children(polis_index_t *idx, const std::string &parent, unsigned max, polis_result &r)
{
    std::string term = shim::parent_term(parent);
    std::vector<child> found;
    polis_doc_t doc;
    polis_doc_init(&doc);
    try {
        for (auto p = idx->db.postlist_begin(term); p != idx->db.postlist_end(term); ++p) {
            Xapian::Document d = idx->db.get_document(*p);
            child c{ 0, { d.get_value(shim::kSlotId), shim::record(d), 0.0 } };
            std::string json;
            const char *body;
            shim::split_data(c.hit.data, json, &body);
            if (polis_doc_from_json(&doc, json.data(), json.size()) == 0) {
                c.position = doc.position;
                if (c.hit.id.empty() && doc.id)
                    c.hit.id = doc.id;
            }
            found.push_back(std::move(c));
        }
    } catch (...) {
        polis_doc_clear(&doc);
        throw;
    }
    polis_doc_clear(&doc);
    // Unknown positions (0) after the known ones; ties by id, so the order
    // never depends on docids.
    std::sort(found.begin(), found.end(), [](const child &a, const child &b) {
        unsigned pa = a.position ? a.position : ~0u, pb = b.position ? b.position : ~0u;
        return pa != pb ? pa < pb : a.hit.id < b.hit.id;
    });
    r.total = found.size();
    if (max && found.size() > max)
        found.resize(max);
    for (child &c : found)
        r.hits.push_back(std::move(c.hit));
}

} // namespace

extern "C" polis_status_t polis_index_children(polis_index_t *idx, const char *parent_id,
                                               unsigned max, polis_result_t **out)
{
    if (!idx || !parent_id || !*parent_id || !out)
        return POLIS_ERR_INVALID_ARG;
    *out = nullptr;
    return shim::with_result(idx, parent_id, out,
                             [&](polis_result &r) { children(idx, parent_id, max, r); });
}
