// parse.cc — the user's text to a Xapian query, with one parser per handle.
//
// A QueryParser takes its database, stemmer, stop words and the fields of
// the query language (fields.cc) once: the handle keeps it, and makes it
// again when its synonym groups change (they decide which fields exist).
// Each parse sets what varies: the default operator and the wildcards'
// share of the expansion budget.
#include "query.h"

#include <cctype>
#include <cstring>

namespace
{

constexpr unsigned kParseFlags =
    Xapian::QueryParser::FLAG_PHRASE | Xapian::QueryParser::FLAG_BOOLEAN |
    Xapian::QueryParser::FLAG_LOVEHATE | Xapian::QueryParser::FLAG_PURE_NOT |
    Xapian::QueryParser::FLAG_WILDCARD;

Xapian::QueryParser &parser(polis_index_t *idx)
{
    if (!idx->parser) {
        std::unique_ptr<Xapian::QueryParser> qp(new Xapian::QueryParser);
        qp->set_database(idx->db);
        qp->set_stemmer(idx->stem);
        qp->set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
        qp->set_stopper(&shim::stopper());
        // A field's refusal is kept on the handle, read after each parse.
        shim::add_fields(*qp, idx, &idx->parse_error);
        idx->parser = std::move(qp);
    }
    return *idx->parser;
}

// Every document, as a query of this search's own.  Not the static
// Xapian::Query::MatchAll: searchd's threads would all copy and free that
// one object, whose reference count has no atomics (xapian/query.h).
Xapian::Query match_all()
{
    return Xapian::Query(std::string());
}

// A phrase typed without its apostrophes ("acces a l emploi") holds the
// elided letter as a word where no document does: folding drops "l'", the
// letter with its apostrophe (text.c).  So such a phrase is searched both
// ways: as typed, since a legal reference holds a real letter ("article L
// 2121-29"), or as a phrase without the lone letters French would elide
// there, before a vowel or an h.  Only a phrase that stands alone: at the
// start, after a space, "(" or a sign that does, and followed by the end, a
// space or ")"; a search field (title:, author:, place:) goes with each
// reading, and a sign before the pair.  Not a filter (theme:"…" names a
// value, and two filters of one field mean either), nor with a wildcard.
// The second reading's words are the first's: no term is added.
std::string both_readings(const std::string &text)
{
    auto alone_before = [&](size_t at) { // text[at] starts a token
        return at == 0 || text[at - 1] == ' ' || text[at - 1] == '(';
    };
    std::string out;
    size_t i = 0;
    for (size_t open; (open = text.find('"', i)) != std::string::npos;) {
        size_t close = text.find('"', open + 1);
        if (close == std::string::npos)
            break;
        size_t start = open; // the field's first letter, or the quote
        bool field_ok = true;
        if (start > i && text[start - 1] == ':') {
            size_t f = start - 1;
            while (f > i && isalpha(static_cast<unsigned char>(text[f - 1])))
                f--;
            field_ok = shim::is_search_field(std::string_view(text).substr(f, start - 1 - f));
            start = f;
        }
        bool alone = alone_before(start) ||
                     ((text[start - 1] == '+' || text[start - 1] == '-') && alone_before(start - 1));
        bool ends = close + 1 == text.size() || text[close + 1] == ' ' || text[close + 1] == ')';
        std::string inner = text.substr(open + 1, close - open - 1), kept;
        int dropped = 0;
        kept = shim::drop_elisions(inner, &dropped);
        std::string typed = text.substr(start, close + 1 - start);
        out.append(text, i, start - i);
        if (dropped > 0 && !kept.empty() && field_ok && alone && ends &&
            inner.find('*') == std::string::npos) {
            // Quoted even when one word is left: a word alone would be
            // stemmed, or dropped as a stop word ("c est": "est").
            std::string field = text.substr(start, open - start);
            out += "(" + typed + " OR " + field + '"' + kept + '"' + ")";
        } else {
            out += typed;
        }
        i = close + 1;
    }
    return out.append(text, i, std::string::npos);
}

} // namespace

namespace shim
{

std::string readable_syntax_error(const std::string &msg)
{
    const std::string head = "Syntax: <expression> ";
    if (msg.compare(0, head.size(), head) == 0) {
        std::string op = msg.substr(head.size());
        op = op.substr(0, op.find(' '));
        return op + " needs a search term on each side";
    }
    return msg;
}

Xapian::Query parse_user_query(polis_index_t *idx, const polis_query &q, const std::string &text,
                               Xapian::Query::op default_op, std::string *corrected)
{
    if (text.find_first_not_of(" \t\r\n") == std::string::npos)
        return match_all();
    // Xapian's parser never fails: it reads what it cannot parse as plain
    // words.  A user who left a quote open should hear so rather than get
    // the hits of something else.
    std::string why = syntax_error(text);
    if (!why.empty())
        throw Xapian::QueryParserError(why);
    polis_buf_t b = {};
    std::string folded = take_text(polis_text_fold_query(text.data(), text.size(), &b), b);
    std::string expanded =
        both_readings(expand_synonyms(folded, idx->synonyms, idx->concepts_indexed));

    Xapian::QueryParser &qp = parser(idx);
    qp.set_default_op(default_op);
    // The wildcards share one budget (bounds.cc).
    unsigned wildcards = count_wildcards(expanded);
    unsigned share = wildcard_share(q, wildcards);
    qp.set_max_expansion(share, Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT);
    idx->parse_error.clear();
    Xapian::Query query = qp.parse_query(expanded, kParseFlags);
    if (!idx->parse_error.empty())
        throw Xapian::QueryParserError(idx->parse_error);
    check_terms(q, query, wildcards, share);
    // A suggestion is only worth showing for an unknown word (spell.cc).
    if (corrected)
        *corrected = correct_words(idx, folded);
    if (query.empty()) // only stop words: browse rather than find nothing
        query = match_all();
    return query;
}

} // namespace shim
