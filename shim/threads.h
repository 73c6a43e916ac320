// threads.h — work spread over a sharded index's shards, one thread a shard
// (shim only).  Used by the counts (counts.cc) and the ranking (spread.cc).
#ifndef POLIS_SHIM_THREADS_H
#define POLIS_SHIM_THREADS_H

#include <algorithm>
#include <atomic>
#include <exception>
#include <thread>
#include <vector>

namespace shim
{

// The threads that walk n shards at once: one a shard, at most one a core,
// and at least the caller's.  Read once: hardware_concurrency() reads /sys.
// Under load, searchd's workers (one a core) already fill the cores, and
// these threads only share them: the work costs the same CPU either way.
inline unsigned shard_threads(unsigned n)
{
    static const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
    return std::max(1u, std::min(n, cores));
}

// Calls walk(k, t) once for every shard k < n: the constructor has
// `helpers` threads (t = 1 to helpers) claim shards, finish() has the
// caller's thread (t = 0) claim those left, waits for the helpers and
// rethrows the exception of the lowest-numbered thread that failed.  Between
// the two the caller is free for other work.  A thread that cannot be had
// leaves its shards to the others.  Shards are handed out one at a time, so
// shard k is read by one thread only; walk(k, t) must touch nothing another
// thread reads (Xapian's cursors and block caches are not thread-safe, and
// Xapian counts references without atomics).  Destroyed unfinished, it lets
// no helper claim another shard and waits for them.
template <class F> class shard_walk
{
  public:
    shard_walk(unsigned n, unsigned helpers, F walk)
        : n_(n), walk_(std::move(walk)), failed_(helpers + 1)
    {
        helpers_.reserve(helpers); // before any starts: no throw while one runs
        for (unsigned t = 1; t <= helpers; t++) {
            try {
                helpers_.emplace_back(&shard_walk::work, this, t);
            } catch (...) { // no thread (system_error) or no memory for one
                break;
            }
        }
    }
    ~shard_walk()
    {
        next_ = n_;
        join();
    }
    shard_walk(const shard_walk &) = delete;
    shard_walk &operator=(const shard_walk &) = delete;

    void finish()
    {
        work(0);
        join();
        for (const std::exception_ptr &e : failed_)
            if (e)
                std::rethrow_exception(e);
    }

  private:
    void work(unsigned t)
    {
        try {
            for (unsigned k; (k = next_++) < n_;)
                walk_(k, t);
        } catch (...) {
            failed_[t] = std::current_exception();
            next_ = n_; // the others stop after the shard they walk
        }
    }
    void join()
    {
        for (std::thread &h : helpers_)
            h.join();
        helpers_.clear();
    }

    const unsigned n_;
    F walk_;
    std::atomic<unsigned> next_{ 0 };
    std::vector<std::exception_ptr> failed_;
    std::vector<std::thread> helpers_;
};

// shard_walk's walk(k, t) over n shards on up to `threads` threads, the
// caller's included, and back when every shard is walked.
template <class F> void on_shards(unsigned n, unsigned threads, F walk)
{
    shard_walk<F> w(n, threads > 0 ? threads - 1 : 0, std::move(walk));
    w.finish();
}

} // namespace shim

#endif
