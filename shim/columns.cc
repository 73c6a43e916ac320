// columns.cc — facet columns and counting on them (see columns.h).
#include "columns.h"

#include <algorithm>
#include <unordered_map>

namespace shim
{

column::column(const Xapian::Database &db, Xapian::valueno slot, Xapian::docid last)
{
    // Docids to combinations, combinations numbered as they come.
    std::vector<uint32_t> per_doc(size_t(last) + 1, 0);
    std::unordered_map<std::string, uint32_t> seen;
    std::vector<const std::string *> joined{ nullptr };
    for (auto v = db.valuestream_begin(slot); v != db.valuestream_end(slot); ++v) {
        if (v.get_docid() > last)
            break;
        auto ins = seen.emplace(*v, uint32_t(joined.size()));
        if (ins.second)
            joined.push_back(&ins.first->first);
        per_doc[v.get_docid()] = ins.first->second;
    }
    // The single values, in byte order.
    std::vector<std::vector<std::string>> split(joined.size());
    std::vector<std::string> all;
    for (size_t c = 1; c < joined.size(); c++) {
        const std::string &j = *joined[c];
        size_t from = 0;
        while (from < j.size()) {
            size_t to = j.find(kFacetSep, from);
            if (to == std::string::npos)
                to = j.size();
            split[c].push_back(j.substr(from, to - from));
            from = to + 1;
        }
        all.insert(all.end(), split[c].begin(), split[c].end());
    }
    std::sort(all.begin(), all.end());
    all.erase(std::unique(all.begin(), all.end()), all.end());
    dict_.reserve(all.size() + 1);
    dict_.emplace_back();
    for (std::string &s : all)
        dict_.push_back(std::move(s));
    start_.assign(1, 0);
    start_.push_back(0); // combination 0: no value
    for (size_t c = 1; c < split.size(); c++) {
        for (const std::string &s : split[c])
            values_.push_back(number(s));
        start_.push_back(uint32_t(values_.size()));
    }
    size_ = last + 1;
    if (joined.size() <= 0x10000)
        narrow_.assign(per_doc.begin(), per_doc.end());
    else
        wide_ = std::move(per_doc);
}

uint32_t column::number(const std::string &value) const
{
    auto it = std::lower_bound(dict_.begin() + 1, dict_.end(), value);
    return it != dict_.end() && *it == value ? uint32_t(it - dict_.begin()) : 0;
}

size_t column::bytes() const
{
    size_t n = sizeof *this + narrow_.capacity() * sizeof(uint16_t) +
               (wide_.capacity() + start_.capacity() + values_.capacity()) * sizeof(uint32_t) +
               dict_.capacity() * sizeof(std::string);
    for (const std::string &s : dict_)
        n += s.capacity() > 15 ? s.capacity() + 1 : 0; // past the short-string buffer
    return n;
}

void count_values(const column &col, const docset &set, unsigned max,
                  const std::vector<std::string> &keep, tally &t,
                  std::vector<std::pair<std::string, unsigned long>> &out)
{
    if (t.per_combo.size() < col.combos() + 1)
        t.per_combo.resize(col.combos() + 1, 0);
    if (t.per_value.size() < col.values())
        t.per_value.resize(col.values(), 0);
    t.combos.clear();
    t.values.clear();
    set.each([&](Xapian::docid d) {
        uint32_t c = col.combo(d);
        if (c && t.per_combo[c]++ == 0)
            t.combos.push_back(c);
    });
    for (uint32_t c : t.combos) {
        uint32_t n = t.per_combo[c];
        t.per_combo[c] = 0;
        for (const uint32_t *v = col.begin(c); v != col.end(c); ++v) {
            if (t.per_value[*v] == 0)
                t.values.push_back(*v);
            t.per_value[*v] += n;
        }
    }
    auto before = [&](uint32_t a, uint32_t b) {
        return t.per_value[a] != t.per_value[b] ? t.per_value[a] > t.per_value[b] : a < b;
    };
    size_t n = max && t.values.size() > max ? max : t.values.size();
    std::partial_sort(t.values.begin(), t.values.begin() + n, t.values.end(), before);
    out.clear();
    for (size_t i = 0; i < n; i++)
        out.emplace_back(col.value(t.values[i]), t.per_value[t.values[i]]);
    // A value the user selected stays listed, so it can be unticked.
    for (const std::string &k : keep) {
        bool listed = std::any_of(out.begin(), out.end(), [&](const auto &e) { return e.first == k; });
        if (!listed) {
            uint32_t v = col.number(k);
            out.emplace_back(k, v ? t.per_value[v] : 0);
        }
    }
    for (uint32_t v : t.values)
        t.per_value[v] = 0;
}

} // namespace shim
