// cache.cc — the process-wide cache of match sets and facet columns (docset.h).
#include <list>
#include <mutex>
#include <unordered_map>

#include "docset.h"

namespace shim
{
namespace cache
{
namespace
{

// What an entry costs beyond its own bytes and its key's: the list node,
// the map node and its bucket, the shared pointer's control block.
constexpr size_t kEntryOverhead = 128;

class lru
{
  public:
    std::shared_ptr<const cached> find(const std::string &key)
    {
        std::lock_guard<std::mutex> lock(mu_);
        auto it = map_.find(key);
        if (it == map_.end())
            return nullptr;
        hits_++;
        order_.splice(order_.begin(), order_, it->second.at);
        return it->second.entry;
    }
    bool put(const std::string &key, std::shared_ptr<const cached> entry, size_t most)
    {
        size_t cost = entry->bytes() + key.size() + kEntryOverhead;
        std::lock_guard<std::mutex> lock(mu_);
        misses_++;
        if (cost > (most ? most : limit_ / 4) || cost > limit_ || map_.count(key))
            return false;
        order_.push_front(key);
        map_.emplace(key, slot{ std::move(entry), order_.begin(), cost });
        used_ += cost;
        shrink();
        return map_.count(key) != 0;
    }
    void drop(const std::string &gen_key)
    {
        std::string head = gen_key + '\n';
        std::lock_guard<std::mutex> lock(mu_);
        for (auto it = order_.begin(); it != order_.end();) {
            if (it->compare(0, head.size(), head) == 0) {
                auto m = map_.find(*it);
                used_ -= m->second.cost;
                map_.erase(m);
                it = order_.erase(it);
            } else {
                ++it;
            }
        }
    }
    void set_limit(size_t bytes)
    {
        std::lock_guard<std::mutex> lock(mu_);
        limit_ = bytes;
        shrink();
    }
    size_t limit()
    {
        std::lock_guard<std::mutex> lock(mu_);
        return limit_;
    }
    size_t used()
    {
        std::lock_guard<std::mutex> lock(mu_);
        return used_;
    }
    void stats(unsigned long long *hits, unsigned long long *misses, size_t *bytes)
    {
        std::lock_guard<std::mutex> lock(mu_);
        if (hits)
            *hits = hits_;
        if (misses)
            *misses = misses_;
        if (bytes)
            *bytes = used_;
    }

  private:
    struct slot {
        std::shared_ptr<const cached> entry;
        std::list<std::string>::iterator at;
        size_t cost;
    };
    // Drop the least recently used entries until they fit.  Call with mu_ held.
    void shrink()
    {
        while (used_ > limit_ && !order_.empty()) {
            auto it = map_.find(order_.back());
            used_ -= it->second.cost;
            map_.erase(it);
            order_.pop_back();
        }
    }

    std::mutex mu_;
    size_t limit_ = size_t(64) << 20; // searchd's --set-cache-mb default too
    size_t used_ = 0;
    // A hit is counted by find(), a miss by put(): an entry is put only when
    // it was not found and is worth keeping, so a rare term's postings, read
    // again each time by design, are neither and the ratio means something.
    unsigned long long hits_ = 0, misses_ = 0; // since the process started
    std::list<std::string> order_; // most recent first
    std::unordered_map<std::string, slot> map_;
};

lru &the()
{
    static lru *c = new lru; // never destroyed: handles may outlive static destructors
    return *c;
}

} // namespace

std::shared_ptr<const cached> find(const std::string &key)
{
    return the().find(key);
}

bool put(const std::string &key, std::shared_ptr<const cached> entry, size_t most)
{
    return the().put(key, std::move(entry), most);
}

void drop(const std::string &gen_key)
{
    the().drop(gen_key);
}

size_t limit()
{
    return the().limit();
}

size_t used()
{
    return the().used();
}

} // namespace cache
} // namespace shim

extern "C" void polis_index_set_cache_limit(size_t bytes)
{
    shim::cache::the().set_limit(bytes);
}

extern "C" void polis_index_set_cache_stats(unsigned long long *hits, unsigned long long *misses,
                                            size_t *bytes)
{
    shim::cache::the().stats(hits, misses, bytes);
}
