/* widget.js — a Polis search box for partner sites.
 *
 *   <script src="https://polis.example/widget.js" defer></script>
 *   <div data-polis-search></div>
 *
 * Each [data-polis-search] element gets a search box with suggestions
 * (/api/suggest) and a dropdown of results (/api/search) that follows the
 * typing (debounced; a newer request cancels the older one; the count is
 * announced in an aria-live status), called across origins (the API sends
 * Access-Control-Allow-Origin).  A suggested title opens its notice.  Options, as
 * attributes of the element:
 *   data-polis-results="5"    hits shown in the dropdown (1 to 20)
 *   data-polis-theme="sante"  search within one theme (repeat with commas)
 *   data-polis-label="..."    the label of the box
 * Anything inside the element (a plain <form> for visitors without
 * JavaScript) is replaced.
 *
 * The host page's data never meets innerHTML: every node is made with
 * createElement and textContent, highlighted passages included, and only
 * http(s) URLs become links.  The styles come from /assets/widget.css, all
 * under .polis-w, so the host page's own CSS is left alone.
 */
(function () {
  'use strict';

  var script = document.currentScript ||
    document.querySelector('script[src$="/widget.js"], script[src*="/widget.js?"]');
  if (!script || !window.fetch || !window.URL) {
    return;
  }
  var BASE = new URL(script.src, location.href).origin;
  var SUGGEST_DELAY = 150;  /* ms after the last key before asking for suggestions */
  var SEARCH_DELAY = 400;   /* ... and before showing the results */
  var MIN_CHARS = 2;        /* typed characters before either */
  var MAX_SUGGESTIONS = 8;
  var counter = 0;

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      node.setAttribute(k, attrs[k]);
    });
    if (text !== undefined && text !== null) {
      node.textContent = String(text);
    }
    return node;
  }

  function safeUrl(url) {
    return typeof url === 'string' && /^https?:\/\/[^\s"'<>\\`]+$/i.test(url);
  }

  /* The API's snippets are escaped HTML with <mark>: rebuilt as text nodes
   * and <mark> elements, the references decoded, nothing parsed as HTML. */
  function decode(s) {
    return s.replace(/&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|amp|lt|gt|quot|apos|nbsp);/gi, function (m, ref) {
      var r = ref.toLowerCase();
      if (r === 'amp') { return '&'; }
      if (r === 'lt') { return '<'; }
      if (r === 'gt') { return '>'; }
      if (r === 'quot') { return '"'; }
      if (r === 'apos') { return "'"; }
      if (r === 'nbsp') { return '\u00a0'; }
      var code = r.charAt(1) === 'x' ? parseInt(r.slice(2), 16) : parseInt(r.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '\ufffd';
    });
  }

  function appendMarked(parent, html) {
    var target = parent;
    String(html || '').split(/(<mark>|<\/mark>)/).forEach(function (part) {
      if (part === '<mark>') {
        target = parent.appendChild(document.createElement('mark'));
      } else if (part === '</mark>') {
        target = parent;
      } else if (part !== '') {
        target.appendChild(document.createTextNode(decode(part)));
      }
    });
  }

  function frenchDate(iso) {
    var months = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août',
      'septembre', 'octobre', 'novembre', 'décembre'];
    var m = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?/.exec(iso || '');
    if (!m) {
      return '';
    }
    var out = m[1];
    if (m[2] && +m[2] >= 1 && +m[2] <= 12) {
      out = months[+m[2] - 1] + ' ' + out;
    }
    if (m[3]) {
      out = (+m[3] === 1 ? '1er' : String(+m[3])) + ' ' + out;
    }
    return out;
  }

  function loadStyles() {
    if (document.querySelector('link[data-polis-widget]')) {
      return;
    }
    var link = el('link', { rel: 'stylesheet', href: BASE + '/assets/widget.css', 'data-polis-widget': '' });
    (document.head || document.documentElement).appendChild(link);
  }

  function setup(root) {
    if (root.getAttribute('data-polis-ready') === '1') {
      return;
    }
    root.setAttribute('data-polis-ready', '1');
    var id = 'polis-w' + (++counter);
    var perPage = Math.min(20, Math.max(1, parseInt(root.getAttribute('data-polis-results'), 10) || 5));
    var themes = (root.getAttribute('data-polis-theme') || '').split(',').map(function (t) {
      return t.trim();
    }).filter(Boolean);

    var form = el('form', { 'class': 'polis-w', role: 'search', action: BASE + '/search', method: 'get' });
    var label = el('label', { 'for': id + '-q', 'class': 'polis-w-label' },
      root.getAttribute('data-polis-label') || 'Rechercher dans les ressources de la politique de la ville');
    var row = el('div', { 'class': 'polis-w-row' });
    var combo = el('div', { 'class': 'polis-w-combo' });
    var input = el('input', {
      type: 'search', id: id + '-q', name: 'q', autocomplete: 'off', spellcheck: 'false',
      role: 'combobox', 'aria-autocomplete': 'list', 'aria-expanded': 'false',
      'aria-controls': id + '-list', placeholder: 'ex. emploi des jeunes'
    });
    var list = el('ul', { id: id + '-list', role: 'listbox', 'class': 'polis-w-list', 'aria-label': 'Suggestions' });
    list.hidden = true;
    var button = el('button', { type: 'submit', 'class': 'polis-w-go' }, 'Rechercher');
    var status = el('p', { 'class': 'polis-w-status', role: 'status', 'aria-live': 'polite' });
    var panel = el('div', { 'class': 'polis-w-panel', id: id + '-panel' });
    panel.hidden = true;
    themes.forEach(function (t) {
      form.appendChild(el('input', { type: 'hidden', name: 'theme', value: t }));
    });
    combo.appendChild(input);
    combo.appendChild(list);
    row.appendChild(combo);
    row.appendChild(button);
    form.appendChild(label);
    form.appendChild(row);
    form.appendChild(status);
    form.appendChild(panel);
    root.replaceChildren(form);

    var items = [];
    var active = -1;
    var timer = 0;
    var searchTimer = 0;
    var pending = { suggest: null, search: null };

    function abort(kind) {
      if (pending[kind]) {
        pending[kind].abort();
        pending[kind] = null;
      }
    }

    function fetchJson(kind, path) {
      abort(kind);
      var ctl = new AbortController();
      pending[kind] = ctl;
      return fetch(BASE + path, { signal: ctl.signal, credentials: 'omit' }).then(function (resp) {
        if (pending[kind] !== ctl) {
          throw new Error('stale');
        }
        return resp.ok ? resp.json() : Promise.reject(new Error('HTTP ' + resp.status));
      });
    }

    function query(extra) {
      var params = new URLSearchParams();
      params.set('q', input.value.trim());
      themes.forEach(function (t) { params.append('theme', t); });
      Object.keys(extra || {}).forEach(function (k) { params.set(k, extra[k]); });
      return params.toString();
    }

    function closeList() {
      list.hidden = true;
      list.replaceChildren();
      items = [];
      active = -1;
      input.setAttribute('aria-expanded', 'false');
      input.removeAttribute('aria-activedescendant');
    }

    function closePanel() {
      panel.hidden = true;
      panel.replaceChildren();
    }

    function setActive(i) {
      if (items[active]) { items[active].setAttribute('aria-selected', 'false'); }
      active = i;
      if (items[active]) {
        items[active].setAttribute('aria-selected', 'true');
        input.setAttribute('aria-activedescendant', items[active].id);
      }
    }

    /* data: ["q", [completions], [descriptions], [URLs]]; a completion
     * described "Notice" is a document's title, which opens its notice. */
    function showSuggestions(data) {
      closeList();
      var words = data[1], descs = Array.isArray(data[2]) ? data[2] : [], urls = Array.isArray(data[3]) ? data[3] : [];
      words.slice(0, MAX_SUGGESTIONS).forEach(function (word, i) {
        if (typeof word !== 'string' || !word) { return; }
        var notice = descs[i] === 'Notice' && safeUrl(urls[i]) ? urls[i] : null;
        var li = el('li', { id: id + '-s' + i, role: 'option', 'aria-selected': 'false' }, word);
        if (notice) {
          li.setAttribute('data-notice', notice);
          li.appendChild(el('span', { 'class': 'polis-w-kind' }, ' — notice'));
        }
        li.addEventListener('mousedown', function (ev) {
          ev.preventDefault();
          pick(word, notice);
        });
        list.appendChild(li);
        items.push(li);
      });
      if (items.length) {
        list.hidden = false;
        input.setAttribute('aria-expanded', 'true');
      }
    }

    function suggest() {
      var text = input.value;
      if (text.trim().length < MIN_CHARS) {
        abort('suggest');
        closeList();
        return;
      }
      fetchJson('suggest', '/api/suggest?q=' + encodeURIComponent(text)).then(function (data) {
        if (input.value === text && Array.isArray(data) && Array.isArray(data[1]) &&
            document.activeElement === input) {
          showSuggestions(data);
        }
      }).catch(function () {});
    }

    function hitItem(hit) {
      var li = el('li', { 'class': 'polis-w-hit' });
      /* The source when it is a link, else the notice on Polis; a title
       * looks like a link only when it is one. */
      var notice = typeof hit.notice === 'string' && /^\/doc\//.test(hit.notice) ? BASE + hit.notice : null;
      var href = safeUrl(hit.url) ? hit.url : notice;
      var title = href ? el('a', { href: href, 'class': 'polis-w-title' })
        : el('span', { 'class': 'polis-w-title polis-w-plain' });
      appendMarked(title, hit.title_html || '');
      if (!title.textContent) {
        title.textContent = hit.title || hit.id || 'Sans titre';
      }
      li.appendChild(title);
      var meta = [];
      if (Array.isArray(hit.authors) && hit.authors.length) {
        meta.push(hit.authors.filter(function (a) { return typeof a === 'string'; }).join(', '));
      }
      if (hit.date) { meta.push(frenchDate(hit.date)); }
      if (hit.type) { meta.push(hit.type); }
      if (Array.isArray(hit.themes)) {
        meta.push(hit.themes.map(function (t) { return t && (t.label || t.id); }).filter(Boolean).join(', '));
      }
      var metaText = meta.filter(Boolean).join(' · ');
      if (metaText) { li.appendChild(el('p', { 'class': 'polis-w-meta' }, metaText)); }
      if (hit.snippet) {
        var p = el('p', { 'class': 'polis-w-snippet' });
        appendMarked(p, hit.snippet);
        li.appendChild(p);
      }
      return li;
    }

    /* Show the results of what is typed.  live: while typing, which leaves
     * the suggestions open and says nothing until the results are there. */
    function search(live) {
      var text = input.value.trim();
      if (!live) {
        closeList();
      }
      if (!text || (live && text.length < MIN_CHARS)) {
        abort('search');
        closePanel();
        status.textContent = '';
        return;
      }
      if (!live) {
        status.textContent = 'Recherche en cours…';
      }
      fetchJson('search', '/api/search?' + query({ per_page: perPage, facets: '' })).then(function (ans) {
        var hits = Array.isArray(ans.hits) ? ans.hits : [];
        var total = typeof ans.total === 'number' ? ans.total : hits.length;
        panel.replaceChildren();
        if (hits.length > 0) {
          panel.appendChild(el('p', { 'class': 'polis-w-count' },
            total + (total > 1 ? ' résultats pour « ' : ' résultat pour « ') + text + ' »'));
        }
        if (hits.length === 0) {
          panel.appendChild(el('p', { 'class': 'polis-w-empty' }, 'Aucun document ne correspond à « ' + text + ' ».'));
        } else {
          var ul = el('ul', { 'class': 'polis-w-hits', 'aria-label': 'Résultats' });
          hits.forEach(function (h) { ul.appendChild(hitItem(h || {})); });
          panel.appendChild(ul);
        }
        if (typeof ans.corrected === 'string' && ans.corrected) {
          var fix = el('p', { 'class': 'polis-w-spelling' }, 'Vouliez-vous dire ');
          var a = el('a', { href: BASE + '/search?q=' + encodeURIComponent(ans.corrected) }, ans.corrected);
          a.addEventListener('click', function (ev) {
            ev.preventDefault();
            input.value = ans.corrected;
            search(false);
          });
          fix.appendChild(a);
          fix.appendChild(document.createTextNode(' ?'));
          /* Under the count line when there is one, else first. */
          panel.insertBefore(fix, hits.length > 0 ? panel.children[1] : panel.firstChild);
        }
        var all = el('a', { 'class': 'polis-w-all', href: BASE + '/search?' + query() },
          total > 0 ? 'Voir les ' + total + ' résultats sur Polis' : 'Chercher sur Polis');
        panel.appendChild(all);
        panel.hidden = false;
        status.textContent = total === 0 ? 'Aucun résultat.' : total + (total > 1 ? ' résultats.' : ' résultat.');
      }).catch(function (err) {
        if (err && (err.name === 'AbortError' || err.message === 'stale')) { return; }
        status.textContent = 'La recherche est indisponible pour le moment.';
      });
    }

    function pick(word, notice) {
      window.clearTimeout(timer);
      window.clearTimeout(searchTimer);
      if (notice) {
        window.location.assign(notice);
        return;
      }
      input.value = word;
      search(false);
    }

    input.addEventListener('input', function () {
      window.clearTimeout(timer);
      window.clearTimeout(searchTimer);
      timer = window.setTimeout(suggest, SUGGEST_DELAY);
      searchTimer = window.setTimeout(function () { search(true); }, SEARCH_DELAY);
    });

    input.addEventListener('keydown', function (ev) {
      var open = !list.hidden && items.length > 0;
      if (ev.key === 'ArrowDown' && open) {
        ev.preventDefault();
        setActive(active + 1 < items.length ? active + 1 : 0);
      } else if (ev.key === 'ArrowUp' && open) {
        ev.preventDefault();
        setActive(active > 0 ? active - 1 : items.length - 1);
      } else if (ev.key === 'Enter' && open && active >= 0) {
        ev.preventDefault();
        pick(items[active].firstChild.textContent, items[active].getAttribute('data-notice'));
      } else if (ev.key === 'Escape') {
        if (open) {
          closeList();
        } else {
          closePanel();
        }
      }
    });

    input.addEventListener('blur', function () { closeList(); });

    form.addEventListener('submit', function (ev) {
      ev.preventDefault();
      window.clearTimeout(timer);
      window.clearTimeout(searchTimer);
      search(false);
    });

    /* Escape anywhere in the dropdown closes it and returns to the box;
     * a click outside the widget closes it too. */
    panel.addEventListener('keydown', function (ev) {
      if (ev.key === 'Escape') {
        closePanel();
        input.focus();
      }
    });
    document.addEventListener('click', function (ev) {
      if (!form.contains(ev.target)) {
        closeList();
        closePanel();
      }
    });
  }

  function start() {
    var roots = document.querySelectorAll('[data-polis-search]');
    if (!roots.length) {
      return;
    }
    loadStyles();
    Array.prototype.forEach.call(roots, setup);
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
