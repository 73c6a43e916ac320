/* app.js — the Polis page, enhanced.  No dependency, no build step.
 *
 * The page works without this file: a GET form, links for every state.
 * With it:
 *  - suggestions from /api/suggest while typing (debounced), in an ARIA
 *    combobox: arrows move, Enter picks, Escape closes;
 *  - results follow the typing (debounced), and facet ticks, sort, pages
 *    and chips apply without a full reload: the server renders the same
 *    URL and the columns are swapped in, so the HTML is made in one place;
 *  - history.pushState keeps one URL per state, so back and forward work;
 *  - an aria-live region says how many results there are after each change.
 * The server's HTML is escaped there; this file writes data only with
 * textContent.
 */
(function () {
  'use strict';

  var form = document.getElementById('search-form');
  var input = document.getElementById('q');
  var list = document.getElementById('suggestions');
  if (!form || !input || !list || !window.fetch || !window.DOMParser || !window.URLSearchParams ||
      !window.AbortController || !history.pushState) {
    return;
  }
  document.documentElement.classList.add('js');

  var SUGGEST_DELAY = 150;  /* ms after the last key before asking for suggestions */
  var SEARCH_DELAY = 400;   /* ... and before refreshing the results */
  var MAX_SUGGESTIONS = 8;

  /* ---- Live region --------------------------------------------------- */

  var live = document.createElement('p');
  live.id = 'live';
  live.className = 'sr';
  live.setAttribute('role', 'status');
  live.setAttribute('aria-live', 'polite');
  document.body.appendChild(live);

  function announce(doc) {
    var status = doc.getElementById('status');
    live.textContent = status ? status.textContent : '';
  }

  /* ---- Loading a state ----------------------------------------------- */

  var loading = null;     /* AbortController of the page being fetched */
  var typingEntry = false; /* the current history entry was made by typing */

  /* The URL of the form's state: empty fields left out, page 1 (no field
   * holds the page). */
  function formUrl() {
    var params = new URLSearchParams();
    var data = new FormData(form);
    data.forEach(function (value, key) {
      if (typeof value === 'string' && value.trim() !== '') {
        params.append(key, value.trim());
      }
    });
    var qs = params.toString();
    return '/search' + (qs ? '?' + qs : '');
  }

  /* Where focus was, so it can be put back on the new copy of a control. */
  function focusKey() {
    var el = document.activeElement;
    if (!el || el === document.body || el === input) {
      return null;
    }
    if (el.name && el.type === 'checkbox') {
      return { name: el.name, value: el.value };
    }
    return el.id ? { id: el.id } : null;
  }

  function restoreFocus(key) {
    if (!key) {
      return;
    }
    var el = null;
    if (key.id) {
      el = document.getElementById(key.id);
    } else {
      var boxes = form.querySelectorAll('input[type="checkbox"]');
      for (var i = 0; i < boxes.length && !el; i++) {
        if (boxes[i].name === key.name && boxes[i].value === key.value) {
          el = boxes[i];
        }
      }
    }
    if (el) {
      el.focus({ preventScroll: true });
    }
  }

  /* Replace the children of the element with this id by those of the same
   * element in doc. */
  function swap(doc, id) {
    var mine = document.getElementById(id);
    var theirs = doc.getElementById(id);
    if (!mine || !theirs) {
      return false;
    }
    var nodes = [];
    while (theirs.firstChild) {
      nodes.push(document.adoptNode(theirs.firstChild));
    }
    mine.replaceChildren.apply(mine, nodes);
    return true;
  }

  function render(doc) {
    var key = focusKey();
    /* "Afficher plus" lists the user opened stay open. */
    var open = {};
    Array.prototype.forEach.call(document.querySelectorAll('.facet details[open]'), function (d) {
      open[d.parentNode.id] = true;
    });
    var ok = swap(doc, 'filters') && swap(doc, 'results') && swap(doc, 'filters-summary');
    Object.keys(open).forEach(function (id) {
      var d = document.querySelector('#' + id + ' details');
      if (d) {
        d.open = true;
      }
    });
    document.title = doc.title;
    announce(doc);
    restoreFocus(key);
    return ok;
  }

  /* Fetch url from the server and show it.  how: 'push' (a new history
   * entry), 'replace', or 'none' (back/forward). */
  function load(url, how, focusResults) {
    if (loading) {
      loading.abort();
    }
    var ctl = new AbortController();
    loading = ctl;
    var results = document.getElementById('results');
    results.setAttribute('aria-busy', 'true');
    return fetch(url, { signal: ctl.signal, headers: { Accept: 'text/html' }, credentials: 'same-origin' })
      .then(function (resp) {
        return resp.text();
      })
      .then(function (text) {
        if (loading !== ctl) {
          return;
        }
        var doc = new DOMParser().parseFromString(text, 'text/html');
        if (!render(doc)) {
          location.assign(url); /* not one of our pages: let the browser show it */
          return;
        }
        if (how === 'push') {
          history.pushState({ polis: 1 }, '', url);
        } else if (how === 'replace') {
          history.replaceState({ polis: 1 }, '', url);
        }
        if (focusResults) {
          results.focus({ preventScroll: true });
          results.scrollIntoView({ block: 'start' });
        }
      })
      .catch(function (err) {
        if (err && err.name === 'AbortError') {
          return;
        }
        location.assign(url); /* the network failed: a full load shows why */
      })
      .finally(function () {
        if (loading === ctl) {
          loading = null;
          results.removeAttribute('aria-busy');
        }
      });
  }

  /* A committed change (a tick, a page, Enter): a new history entry. */
  function go(url, focusResults) {
    typingEntry = false;
    return load(url, 'push', focusResults);
  }

  /* ---- Suggestions --------------------------------------------------- */

  var items = [];
  var active = -1;
  var suggestTimer = 0;
  var searchTimer = 0;
  var suggesting = null;

  function closeList() {
    list.hidden = true;
    list.replaceChildren();
    items = [];
    active = -1;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
  }

  function setActive(i) {
    if (active >= 0 && items[active]) {
      items[active].setAttribute('aria-selected', 'false');
    }
    active = i;
    if (active >= 0 && items[active]) {
      items[active].setAttribute('aria-selected', 'true');
      input.setAttribute('aria-activedescendant', items[active].id);
      items[active].scrollIntoView({ block: 'nearest' });
    } else {
      input.removeAttribute('aria-activedescendant');
    }
  }

  /* data: ["q", [completions], [descriptions], [URLs]] (OpenSearch); a
   * completion described "Notice" is a document's title: picking it opens
   * the notice. */
  function showSuggestions(data) {
    closeList();
    var descs = Array.isArray(data[2]) ? data[2] : [];
    var urls = Array.isArray(data[3]) ? data[3] : [];
    data[1].slice(0, MAX_SUGGESTIONS).forEach(function (word, i) {
      if (typeof word !== 'string' || word === '') {
        return;
      }
      var notice = null;
      if (descs[i] === 'Notice' && typeof urls[i] === 'string') {
        var u = new URL(urls[i], location.href);
        notice = /^\/doc\//.test(u.pathname) ? u.pathname : null;
      }
      var li = document.createElement('li');
      li.id = 'suggestion-' + i;
      li.setAttribute('role', 'option');
      li.setAttribute('aria-selected', 'false');
      li.textContent = word;
      if (notice) {
        li.setAttribute('data-notice', notice);
        var kind = document.createElement('span');
        kind.className = 'suggestion-kind';
        kind.textContent = ' — notice';
        li.appendChild(kind);
      }
      /* mousedown, not click: it comes before the input's blur. */
      li.addEventListener('mousedown', function (ev) {
        ev.preventDefault();
        pick(word, notice);
      });
      list.appendChild(li);
      items.push(li);
    });
    if (items.length > 0) {
      list.hidden = false;
      input.setAttribute('aria-expanded', 'true');
    }
  }

  function suggest() {
    var text = input.value;
    if (suggesting) {
      suggesting.abort();
      suggesting = null;
    }
    if (text.trim().length < 2) {
      closeList();
      return;
    }
    var ctl = new AbortController();
    suggesting = ctl;
    fetch('/api/suggest?q=' + encodeURIComponent(text), { signal: ctl.signal })
      .then(function (resp) {
        return resp.ok ? resp.json() : null;
      })
      .then(function (data) {
        /* An answer for older text is dropped. */
        if (suggesting !== ctl || input.value !== text || !Array.isArray(data) ||
            !Array.isArray(data[1]) || document.activeElement !== input) {
          return;
        }
        showSuggestions(data);
      })
      .catch(function () {
        /* Suggestions are a convenience: without them the box still works. */
      });
  }

  function pick(word, notice) {
    closeList();
    window.clearTimeout(searchTimer);
    window.clearTimeout(suggestTimer);
    if (notice) {
      location.assign(notice);
      return;
    }
    input.value = word;
    go(formUrl(), false);
  }

  input.addEventListener('input', function () {
    window.clearTimeout(suggestTimer);
    window.clearTimeout(searchTimer);
    suggestTimer = window.setTimeout(suggest, SUGGEST_DELAY);
    searchTimer = window.setTimeout(function () {
      /* The first keystroke after a committed state makes a new entry,
       * later ones update it: back returns to the state before typing. */
      var how = typingEntry ? 'replace' : 'push';
      typingEntry = true;
      load(formUrl(), how, false);
    }, SEARCH_DELAY);
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
    } else if (ev.key === 'Escape' && open) {
      ev.preventDefault();
      closeList();
    }
  });

  input.addEventListener('blur', function () {
    closeList();
  });

  /* ---- The form and the links ---------------------------------------- */

  form.addEventListener('submit', function (ev) {
    ev.preventDefault();
    closeList();
    window.clearTimeout(searchTimer);
    window.clearTimeout(suggestTimer);
    var url = formUrl();
    var fromFilters = ev.submitter && ev.submitter.closest && ev.submitter.closest('.apply');
    if (fromFilters) {
      /* Phones: the ticks are applied already; fold the filters and show
       * the results they give. */
      var filters = document.getElementById('filters-panel');
      if (filters) {
        filters.open = false;
      }
      if (url === location.pathname + location.search) {
        var results = document.getElementById('results');
        results.focus({ preventScroll: true });
        results.scrollIntoView({ block: 'start' });
        return;
      }
    }
    go(url, !!fromFilters);
  });

  form.addEventListener('change', function (ev) {
    var t = ev.target;
    if (t === input) {
      return; /* typing has its own timer; Enter submits */
    }
    if (t.type === 'text' && !t.checkValidity()) {
      return; /* a half-typed date: the browser shows why on submit */
    }
    go(formUrl(), false);
  });

  /* Links to other states of the page (pages, chips, spelling, filters to
   * remove) are loaded in place; anything else is left to the browser. */
  form.addEventListener('click', function (ev) {
    var a = ev.target.closest ? ev.target.closest('a[href]') : null;
    if (!a || ev.defaultPrevented || ev.button !== 0 || ev.metaKey || ev.ctrlKey ||
        ev.shiftKey || ev.altKey) {
      return;
    }
    var url = new URL(a.href, location.href);
    if (url.origin !== location.origin || url.pathname !== '/search') {
      return;
    }
    ev.preventDefault();
    var inPages = !!a.closest('.pages');
    go(url.pathname + url.search, inPages);
  });

  window.addEventListener('popstate', function () {
    input.value = new URLSearchParams(location.search).get('q') || '';
    closeList();
    typingEntry = false;
    load(location.pathname + location.search, 'none', false);
  });

  /* The first entry gets a state too, so coming back to it is handled. */
  history.replaceState({ polis: 1 }, '', location.href);

  /* The filters come folded (phones see the results first); wide screens
   * open them, and a window that widens does too. */
  var panel = document.getElementById('filters-panel');
  if (panel && window.matchMedia) {
    var wide = window.matchMedia('(min-width: 761px)');
    var follow = function () {
      if (wide.matches) {
        panel.open = true;
      }
    };
    follow();
    if (wide.addEventListener) {
      wide.addEventListener('change', follow);
    }
  }
})();

/* The notice's "Copier la citation": the button is hidden until this runs,
 * as without a script it could do nothing.  The citation's text goes to the
 * clipboard, and a status line says so (aria-live). */
(function () {
  'use strict';

  Array.prototype.forEach.call(document.querySelectorAll('button[data-copy]'), function (button) {
    var source = document.getElementById(button.getAttribute('data-copy'));
    var status = button.parentNode.querySelector('.copy-status');
    if (!source || !status) {
      return;
    }
    button.hidden = false;
    button.addEventListener('click', function () {
      var text = source.textContent.replace(/\s+/g, ' ').trim();
      var done = function () {
        status.textContent = 'Citation copiée dans le presse-papiers.';
      };
      var fallback = function () {
        /* No Clipboard API (an http page, an old browser): select the
         * citation so that Ctrl+C copies it. */
        var range = document.createRange();
        range.selectNodeContents(source);
        var sel = window.getSelection();
        sel.removeAllRanges();
        sel.addRange(range);
        status.textContent = 'Citation sélectionnée : copiez-la avec Ctrl+C.';
      };
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(text).then(done, fallback);
      } else {
        fallback();
      }
    });
  });
})();
