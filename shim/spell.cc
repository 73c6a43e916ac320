// spell.cc — "did you mean": the query with its unknown words corrected.
//
// Xapian's own correction (QueryParser's FLAG_SPELLING_CORRECTION) replaces
// any word that has a more frequent neighbour in the spelling table, known
// words included: "delinquence des jeunes" became "delinquance de
// jeunesse", and the corrected search answered another question.  Here
// only a word no document holds is corrected, and not into another
// inflection of itself ("marche exploratoire" finds "exploratoires" by its
// stem already; "renouvelement" finds "renouvellement" too, but is
// misspelt, and hears so); the rest stays as typed.  A word whose stem some document
// holds is most likely a real word ("baisser"), only one edit away from
// what it may be a typo of ("relias", "relais").
// Short words are where typos and real words sit closest ("pre" and "pme"
// are both words of the field), so they get less leeway; and a correction
// is only ever used when the words as typed find nothing (search.cc), so
// it never floods a short query with near words.
#include <cctype>
#include <cstring>

#include "query.h"

namespace
{

bool word_byte(unsigned char c)
{
    return isalnum(c) || c >= 0x80;
}

// Edit distance allowed for a word of n bytes: none under 3, 1 under 7
// (an acronym typed "qvp" is one transposition from "qpv").
unsigned leeway(size_t n)
{
    return n < 3 ? 0 : n < 7 ? 1 : 2;
}

// fix only adds or drops an ending of w that the stemmer drops anyway.
bool inflection(const std::string &w, const std::string &fix, const Xapian::Stem &stem)
{
    bool ending = fix.compare(0, w.size(), w) == 0 || w.compare(0, fix.size(), fix) == 0;
    return ending && stem(fix) == stem(w);
}

// Where the filter value starting at folded[at] ends, as Xapian's parser
// reads it: quoted, up to the closing quote ("" inside is a quote); else up
// to white space or a closing parenthesis.
size_t filter_value_end(const std::string &folded, size_t at)
{
    if (at < folded.size() && folded[at] == '"') {
        for (size_t k = at + 1; k < folded.size(); k++) {
            if (folded[k] != '"')
                continue;
            if (k + 1 < folded.size() && folded[k + 1] == '"')
                k++;
            else
                return k + 1;
        }
        return folded.size();
    }
    size_t k = at;
    while (k < folded.size() && static_cast<unsigned char>(folded[k]) > ' ' && folded[k] != ')')
        k++;
    return k;
}

} // namespace

namespace shim
{

std::string correct_words(const polis_index_t *idx, const std::string &folded)
{
    const Xapian::Database &db = idx->db;
    const Xapian::Stopper &stop = stopper();
    const Xapian::Stem &stem = idx->stem;
    std::string out;
    bool changed = false;
    size_t i = 0;
    while (i < folded.size()) {
        if (!word_byte(static_cast<unsigned char>(folded[i]))) {
            out += folded[i++];
            continue;
        }
        size_t j = i;
        while (j < folded.size() && word_byte(static_cast<unsigned char>(folded[j])))
            j++;
        std::string w = folded.substr(i, j - i);
        bool field = j < folded.size() && folded[j] == ':';    // title:…
        // A filter's value names a theme or a type, as typed or by the
        // start of its name (type:"Chapitre d'ouv", type:chapitre-d-ouv): no
        // word of it is corrected, into another value or into nothing.
        if (field && is_filter_field(w)) {
            j = filter_value_end(folded, j + 1);
            out.append(folded, i, j - i);
            i = j;
            continue;
        }
        bool op = polis_text_is_operator(w.data(), w.size());
        bool value = i > 0 && folded[i - 1] == ':';            // …:value
        bool wildcard = j < folded.size() && folded[j] == '*'; // dev*
        bool number = w.find_first_not_of("0123456789") == std::string::npos;
        std::string fix;
        if (!op && !field && !value && !wildcard && !number && !stop(w) && leeway(w.size()) &&
            !db.term_exists(w)) {
            unsigned edits = leeway(w.size());
            if (edits > 1 && db.term_exists("Z" + stem(w)))
                edits = 1;
            fix = db.get_spelling_suggestion(w, edits);
        }
        if (!fix.empty() && fix != w && !inflection(w, fix, stem)) {
            out += fix;
            changed = true;
        } else {
            out += w;
        }
        i = j;
    }
    return changed ? out : std::string();
}

} // namespace shim
