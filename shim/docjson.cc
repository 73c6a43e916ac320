// docjson.cc — polis_doc_from_json(): a document read back from its JSON.
//
// Every hit of every search decodes its document's JSON, so the reader is
// simdjson's DOM parser (Debian's libsimdjson-dev, dispatching to the
// machine's vector instructions at run time) rather than jansson, which
// took 12 µs for a 1 KB record, a tenth of an uncached search over HTTP
// (docs/architecture.md, "Hits").  It reads what polis_doc_to_json()
// (doc.c, jansson) writes, by the same field table (docfields.h), and
// refuses what jansson's reader refused: a text that is not one JSON
// object, and a field it reads holding U+0000.
#include <simdjson.h>

#include <cstring>
#include <string_view>

extern "C" {
#include "docfields.h"
#include "polis/doc.h"
}

namespace
{

// A parser keeps its buffers from one document to the next; one per thread,
// and a passing one for a record larger than kKeepBytes, so a thread does
// not keep a large buffer for good.
constexpr size_t kKeepBytes = 1 << 20;

// s as a NUL-terminated string, or nullptr when e is not a string or holds
// a NUL (jansson's reader refuses those).
const char *c_string(simdjson::dom::element e, bool *bad)
{
    std::string_view v;
    if (e.get(v) != simdjson::SUCCESS)
        return nullptr;
    if (std::memchr(v.data(), '\0', v.size()) != nullptr) {
        *bad = true;
        return nullptr;
    }
    return v.data(); // simdjson's DOM strings end with a NUL
}

int read_field(polis_doc_t *doc, std::string_view key, simdjson::dom::element value, bool *bad)
{
    char *base = reinterpret_cast<char *>(doc);
    for (size_t i = 0; i < shim_doc_n_str_fields; i++) {
        const shim_doc_str_field_t &f = shim_doc_str_fields[i];
        if (key != f.key)
            continue;
        const char *s = c_string(value, bad);
        if (!s)
            return 0;
        if (f.inline_array) {
            // A date's field: what does not fit is cut, on a character's
            // boundary so the writer can write it again.
            size_t n = std::strlen(s);
            if (n >= sizeof doc->published) {
                n = sizeof doc->published - 1;
                while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80)
                    n--;
            }
            std::memcpy(base + f.off, s, n);
            base[f.off + n] = '\0';
            return 0;
        }
        return polis_str_set(reinterpret_cast<char **>(base + f.off), s, (size_t)-1);
    }
    for (size_t i = 0; i < shim_doc_n_strv_fields; i++) {
        const shim_doc_strv_field_t &f = shim_doc_strv_fields[i];
        if (key != f.key)
            continue;
        simdjson::dom::array a;
        if (value.get(a) != simdjson::SUCCESS)
            return 0;
        auto *v = reinterpret_cast<polis_strv_t *>(base + f.off);
        polis_strv_clear(v);
        for (simdjson::dom::element item : a) {
            const char *s = c_string(item, bad);
            if (s && polis_strv_push(v, s) != 0)
                return -1;
        }
        return 0;
    }
    if (key == "kind") {
        doc->kind = polis_kind_from_name(c_string(value, bad));
    } else if (key == "position") {
        int64_t pos = 0;
        if (value.get(pos) != simdjson::SUCCESS)
            pos = 0;
        doc->position = pos > 0 && pos <= 0x7fffffff ? static_cast<unsigned>(pos) : 0;
    } else if (key == "links") {
        simdjson::dom::array a;
        if (value.get(a) != simdjson::SUCCESS)
            return 0;
        for (simdjson::dom::element l : a) {
            // A link that is not an object is kept empty, as before.
            simdjson::dom::object o;
            const char *text = nullptr, *url = nullptr;
            if (l.get(o) == simdjson::SUCCESS) {
                simdjson::dom::element t, u;
                if (o.at_key("text").get(t) == simdjson::SUCCESS)
                    text = c_string(t, bad);
                if (o.at_key("url").get(u) == simdjson::SUCCESS)
                    url = c_string(u, bad);
            }
            if (polis_doc_add_link(doc, text, url) != 0)
                return -1;
        }
    }
    return 0;
}

int from_json(simdjson::dom::parser &parser, polis_doc_t *doc, const char *json, size_t len)
{
    simdjson::dom::object o;
    if (parser.parse(json, len, true).get(o) != simdjson::SUCCESS)
        return -1;
    bool bad = false;
    doc->kind = POLIS_KIND_UNKNOWN;
    for (simdjson::dom::key_value_pair kv : o)
        if (read_field(doc, kv.key, kv.value, &bad) != 0)
            return -1;
    return bad ? -1 : 0;
}

} // namespace

extern "C" int polis_doc_from_json(polis_doc_t *doc, const char *json, size_t len)
{
    polis_doc_clear(doc);
    int rc = -1;
    try {
        if (json && len <= kKeepBytes) {
            static thread_local simdjson::dom::parser parser;
            rc = from_json(parser, doc, json, len);
        } else if (json) {
            simdjson::dom::parser parser;
            rc = from_json(parser, doc, json, len);
        }
    } catch (...) {
        rc = -1;
    }
    if (rc != 0)
        polis_doc_clear(doc);
    return rc;
}
