// syntax.cc — what the query language refuses, said in a user's words.
//
// Xapian's QueryParser is lenient by design: an unclosed quote or parenthesis
// or a dangling OR is retried as plain words, which answers a query the user
// did not write.  This pass runs first on the text as typed and names the
// first real mistake, with its place counted in characters.  It accepts
// everything the parser reads as meant: "Emploi - Insertion" (a lone dash is
// punctuation), "l'emploi", "dev*", "NOT x" at the start.
#include <algorithm>
#include <cstring>

#include "query.h"

namespace
{

enum class tok { word, binary_op, not_op, open, close };

struct token {
    tok kind;
    size_t at; // byte offset in the text
    std::string text;
};

// Character number (1-based, UTF-8 aware) of byte offset at.
size_t char_pos(const std::string &s, size_t at)
{
    size_t n = 0;
    for (size_t i = 0; i < at && i < s.size(); i++)
        n += (static_cast<unsigned char>(s[i]) & 0xC0) != 0x80;
    return n + 1;
}

bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

// AND, OR, XOR, NEAR, ADJ (also NEAR/3, ADJ/3) join two terms; NOT needs one
// after it.  Only the upper-case forms are operators, as for the parser
// (polis_text_is_operator(), the one list).
tok word_kind(const std::string &w)
{
    if (w == "NOT")
        return tok::not_op;
    if (polis_text_is_operator(w.data(), w.size()))
        return tok::binary_op;
    for (const char *op : { "NEAR", "ADJ" }) {
        size_t n = strlen(op);
        if (w.compare(0, n, op) != 0)
            continue;
        if (w.size() == n)
            return tok::binary_op;
        if (w[n] == '/' && w.size() > n + 1 &&
            w.find_first_not_of("0123456789", n + 1) == std::string::npos)
            return tok::binary_op;
    }
    return tok::word;
}

// A known field name followed by ':' at s[at..], or "" when there is none.
std::string field_at(const std::string &s, size_t at)
{
    auto named = [&](const char *f) {
        size_t n = strlen(f);
        return s.compare(at, n, f) == 0 && at + n < s.size() && s[at + n] == ':';
    };
    for (const shim::search_field &f : shim::kSearchFields)
        if (named(f.name))
            return f.name;
    for (polis_facet_t f : shim::kFilterFields)
        if (named(polis_facet_name(f)))
            return polis_facet_name(f);
    return std::string();
}

// Split text into words, operators and parentheses; a "phrase" (with its
// field prefix, if any) is one word.  Returns "" or the first error.
std::string tokenize(const std::string &s, std::vector<token> &out)
{
    size_t i = 0;
    while (i < s.size()) {
        char c = s[i];
        if (is_space(c)) {
            i++;
            continue;
        }
        if (c == '(' || c == ')') {
            out.push_back({ c == '(' ? tok::open : tok::close, i, std::string(1, c) });
            i++;
            continue;
        }
        size_t start = i;
        std::string field = field_at(s, i);
        if (!field.empty()) {
            i += field.size() + 1;
            if (i == s.size() || is_space(s[i]) || s[i] == ')')
                return field + ": needs a word after it, as in " + field + ":quartier";
        }
        while (i < s.size() && !is_space(s[i]) && s[i] != '(' && s[i] != ')') {
            if (s[i] != '"') {
                i++;
                continue;
            }
            size_t close = s.find('"', i + 1);
            if (close == std::string::npos)
                return "the quote (\") at character " + std::to_string(char_pos(s, i)) +
                       " is never closed";
            i = close + 1;
        }
        std::string w = s.substr(start, i - start);
        out.push_back({ word_kind(w), start, w });
    }
    return std::string();
}

} // namespace

namespace shim
{

std::string syntax_error(const std::string &text)
{
    std::vector<token> toks;
    std::string why = tokenize(text, toks);
    if (!why.empty())
        return why;
    std::vector<size_t> opened; // offsets of the open parentheses
    for (size_t k = 0; k < toks.size(); k++) {
        const token &t = toks[k];
        const token *prev = k > 0 ? &toks[k - 1] : nullptr;
        const token *next = k + 1 < toks.size() ? &toks[k + 1] : nullptr;
        std::string where = " (character " + std::to_string(char_pos(text, t.at)) + ")";
        switch (t.kind) {
        case tok::open:
            opened.push_back(t.at);
            if (next && next->kind == tok::close)
                return "the parentheses at character " + std::to_string(char_pos(text, t.at)) +
                       " hold nothing";
            break;
        case tok::close:
            if (opened.empty())
                return "the closing parenthesis at character " +
                       std::to_string(char_pos(text, t.at)) + " has no opening one";
            opened.pop_back();
            break;
        case tok::binary_op: {
            bool left = prev && (prev->kind == tok::word || prev->kind == tok::close);
            bool right = next && (next->kind == tok::word || next->kind == tok::open ||
                                  next->kind == tok::not_op);
            if (!left || !right)
                return t.text + " needs a search term on each side" + where;
            break;
        }
        case tok::not_op:
            if (!next || (next->kind != tok::word && next->kind != tok::open))
                return "NOT needs a search term after it" + where;
            break;
        case tok::word: break;
        }
    }
    if (!opened.empty())
        return "the parenthesis at character " + std::to_string(char_pos(text, opened.back())) +
               " is never closed";
    return std::string();
}

bool has_operator(const std::string &text)
{
    for (size_t i = 0; (i = text.find_first_not_of(" \t", i)) != std::string::npos;) {
        size_t end = std::min(text.find_first_of(" \t", i), text.size());
        if (word_kind(text.substr(i, end - i)) != tok::word)
            return true;
        i = end;
    }
    return false;
}

} // namespace shim
