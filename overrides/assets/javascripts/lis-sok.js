/* The handbook's search box: a query step that forgives, over Pagefind's index of the finished site.
 *
 * The index (pagefind/) and search/lis-sok.json are built from the finished pages after the build
 * (macros/search_index.py). Pagefind finds the pages for one word at a time, with Swedish stemming
 * and prefix matching; only its documented API is used (import, options, search, filters, data).
 * Before that, the query is turned into groups of alternative words, one group per word typed:
 *   - stop words are dropped in every form, so "om" is never a prefix that finds "omklassning";
 *   - a hyphenated word ("e-tjänst") stays whole, and also finds its last part, lower ("tjänst");
 *   - a word the handbook does not have is split into words it has ("mejlbedrägeri" -> mejl +
 *     bedrägeri) or, from five letters, replaced by the handbook's nearest words (a letter or two
 *     off: "incidnet" -> incident), which rank below exact matches;
 *   - the coordinator's synonyms (data/synonymer.yaml) add their words ("avvikelse" -> incident),
 *     ranked a little below the word itself;
 *   - a verb form or neuter adjective the engine's stemmer keeps whole ("glömt") also finds the
 *     other forms, a little lower ("glöm": "glöms", "glömma").
 * A part of a compound or of a hyphenated word counts at most its weight times what the word as typed
 * scores on its best page, so a part in some page's title does not outweigh the word typed.
 * A page scores the sum over the groups of its best match, times the share of the words typed it
 * matched, squared (pages with every word come first), times how close together the words stand on
 * it (a page about them, not one that mentions each somewhere), times its audience's weight: pages for the
 * coordinator rank below pages for staff unless the query has one of their words.
 * Results use the theme's classes, so the search looks like the rest of the site.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  var root = new URL("../../", script.src); // this file is assets/javascripts/lis-sok.js
  var SHOWN = 10; // results listed
  var CANDIDATES = 20; // results whose kind and audience are weighed before the list is shown
  var WEIGHT = { exact: 1, synonym: 0.8, part: 0.7, partOfKnown: 0.5, form: 0.9, near: 0.45, beginning: 0.25 };
  var OTHER_AUDIENCE = 0.2; // a page for the coordinator when the query is not about its subject
  var NAMED = 3; // a page whose title or one of its keywords is what was typed ("ny medarbetare")
  var RARE = 3; // a word the handbook has at most this many times
  var RECORD = 0.5; // a generated record page (system, förvaltningsobjekt) that matched only some words
  var MIN_NEAR = 5; // typos are forgiven from five letters
  // How much a long page's matches count for less (Pagefind's default is 0.75). The handbook's pages
  // for staff are long and answer many questions, so a word on them should not weigh much less than
  // the same word on a short page (measured on both development sets: better on one, the same on the other).
  var PAGE_LENGTH = 0.4;
  // A page whose matches of the words typed stand close together is about them, not only mentions them:
  // its score is raised by up to TOGETHER times, by half that when the words span TOGETHER_SPAN words
  // (measured at 30 and 5 000 systems: more first hits on the sets the project tunes to; on the held-out
  // set more in the top three at 30 and fewer first at 5 000; twice or three times as much did worse).
  var TOGETHER = 1;
  var TOGETHER_SPAN = 10;
  var PAUSE = 120; // ms after the last key before the query runs: each key does not start a search

  var box = document.querySelector("[data-lis-sok]");
  if (!box) return;
  var toggle = document.getElementById("__search");
  var input = box.querySelector("input[name=query]");
  var form = box.querySelector("form");
  var meta = box.querySelector(".md-search-result__meta");
  var list = box.querySelector(".md-search-result__list");
  var result = box.querySelector(".md-search-result");

  // --- Words -------------------------------------------------------------------------------------

  var WORD = /[0-9a-zåäöéüæø]+(?:-[0-9a-zåäöéüæø]+)*/g;

  function words(text) {
    return text.toLowerCase().match(WORD) || [];
  }

  function fold(word) {
    return word.replace(/[åä]/g, "a").replace(/ö/g, "o").replace(/é/g, "e").replace(/ü/g, "u");
  }

  function Lexicon(data) {
    var self = this;
    this.count = {}; // folded word -> count
    // Folded word -> the handbook's commonest spelling of it: Pagefind finds "oversyn" on a page that has
    // "översyn", but ranks it far lower than the word as written, so a guess is searched as the handbook spells it.
    this.spelling = {};
    var most = {};
    Object.keys(data.ord || {}).forEach(function (word) {
      var key = fold(word);
      self.count[key] = (self.count[key] || 0) + data.ord[word];
      if (!(key in most) || data.ord[word] > most[key]) { most[key] = data.ord[word]; self.spelling[key] = word; }
    });
    this.sorted = Object.keys(this.count).sort();
    this.stop = {};
    (data.stoppord || []).forEach(function (word) { self.stop[word] = true; });
    this.synonyms = {};
    Object.keys(data.synonymer || {}).forEach(function (word) {
      self.synonyms[fold(word.toLowerCase())] = data.synonymer[word];
    });
    this.audiences = {};
    Object.keys(data.malgrupper || {}).forEach(function (group) {
      self.audiences[group] = data.malgrupper[group].map(function (phrase) { return phrase.map(fold); });
    });
  }

  Lexicon.prototype.has = function (word) {
    // A word with a digit (an id, a date, a year) is not in the word list, which would double in size at
    // 5 000 systems: it is taken as the handbook's and looked up as typed; Pagefind decides whether it is there.
    return /[0-9]/.test(word) || Object.prototype.hasOwnProperty.call(this.count, fold(word));
  };

  Lexicon.prototype.first = function (key) {
    // The index of the first word of the sorted vocabulary not before the folded `key` (binary search).
    var list = this.sorted, lo = 0, hi = list.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (list[mid] < key) lo = mid + 1; else hi = mid;
    }
    return lo;
  };

  Lexicon.prototype.starts = function (prefix) {
    // Some word of the handbook starts with `prefix`.
    var key = fold(prefix), at = this.first(key);
    return at < this.sorted.length && this.sorted[at].indexOf(key) === 0;
  };

  Lexicon.prototype.widens = function (stem, word) {
    // Some word of the handbook starts with `stem` but not with `word`: searching the stem finds more.
    var key = fold(stem), whole = fold(word), list = this.sorted;
    for (var i = this.first(key); i < list.length && list[i].indexOf(key) === 0; i++) {
      if (list[i].indexOf(whole) !== 0) return true;
    }
    return false;
  };

  // Endings of nouns (definite, plural) and verbs (past tense, participles): "incidenterna", "klickade".
  var ENDINGS = ["arna", "erna", "orna", "arnas", "ernas", "ens", "ets", "en", "et", "er", "ar", "or", "na", "s", "n", "t", "a", "e",
    "ade", "ades", "ande", "ende", "de", "te", "dde", "tte"];

  Lexicon.prototype.known = function (word) {
    // The handbook has the word, a longer form of it, or its stem (inflected forms: "incidenterna").
    if (this.has(word) || (word.length >= 3 && this.starts(word))) return true;
    for (var i = 0; i < ENDINGS.length; i++) {
      var end = ENDINGS[i];
      if (word.length - end.length >= 4 && word.slice(-end.length) === end && this.starts(word.slice(0, -end.length))) return true;
    }
    return false;
  };

  // Verb forms and neuter adjectives the search engine's stemmer keeps whole: "glömt", "ringde", "stängt".
  var FORMS = ["dde", "tte", "de", "te", "t"];

  Lexicon.prototype.base = function (word) {
    // The word without such an ending, when that leaves four letters and the handbook has words starting
    // with them that the word itself does not find: "glömt" -> "glöm" finds "glöms" and "glömma" as well;
    // "beslut" is left as it is, since every word of the handbook starting with "beslu" is a "beslut".
    for (var i = 0; i < FORMS.length; i++) {
      var end = FORMS[i], stem = word.slice(0, -end.length);
      if (word.slice(-end.length) === end && stem.length >= 4 && !this.stop[stem] && this.widens(stem, word)) return stem;
    }
    return null;
  };

  Lexicon.prototype.beginning = function (word) {
    // The longest beginning of the word that starts some word of the handbook, if it is most of the word.
    for (var n = word.length - 1; n >= Math.max(4, Math.ceil(0.6 * word.length)); n--) {
      if (this.starts(word.slice(0, n))) return word.slice(0, n);
    }
    return null;
  };

  Lexicon.prototype.split = function (word) {
    // A compound the handbook has only in parts: the longest first part that is a word of the
    // handbook (a linking s dropped), and a last part it has (or that splits again).
    if (word.length < 6 || word.indexOf("-") >= 0 || /[0-9]/.test(word)) return null; // an id is not a compound
    for (var i = word.length - 3; i >= 3; i--) {
      var head = word.slice(0, i), tail = word.slice(i);
      var first = this.has(head) ? head : (head.slice(-1) === "s" && head.length > 3 && this.has(head.slice(0, -1)) ? head.slice(0, -1) : null);
      if (!first || first.length < 3) continue;
      // A last part is a word of the handbook, or a form of one from four letters: "are" only begins
      // words ("arena"), so "skrivare" is not "skriv" and "are".
      if (this.has(tail) || (tail.length >= 4 && this.known(tail))) return [first, tail];
      var rest = this.split(tail);
      if (rest) return [first].concat(rest);
    }
    return null;
  };

  Lexicon.prototype.within = function (word) {
    // The parts of a compound the handbook has on few pages, so the pages that use its parts are found too.
    return word.length >= 8 && (this.count[fold(word)] || 0) <= 3 ? this.split(word) : null;
  };

  Lexicon.prototype.near = function (word) {
    // The handbook's words one letter off (two from eight letters), commonest first; same first letter.
    var key = fold(word), most = key.length >= 8 ? 2 : 1, found = [];
    for (var i = 0; i < this.sorted.length; i++) {
      var other = this.sorted[i];
      if (other[0] !== key[0] || Math.abs(other.length - key.length) > most || other.length < 4) continue;
      var d = distance(key, other, most);
      if (d <= most) found.push({ word: other, d: d, n: this.count[other] });
    }
    found.sort(function (a, b) { return a.d - b.d || b.n - a.n; });
    var spelling = this.spelling;
    return found.slice(0, 3).map(function (f) { return spelling[f.word] || f.word; });
  };

  Lexicon.prototype.synonymsOf = function (word) {
    // The coordinator's synonyms of the word or of its inflected form ("avvikelsen").
    var key = fold(word), found = [];
    for (var syn in this.synonyms) {
      if (key === syn || (key.indexOf(syn) === 0 && key.length - syn.length <= 4 && syn.length >= 4)) {
        found = found.concat(this.synonyms[syn]);
      }
    }
    return found;
  };

  Lexicon.prototype.about = function (group, terms) {
    // Whether the query has every word of one of the audience's phrases (its pages' titles and keywords).
    var folded = terms.map(fold);
    function has(w) {
      return folded.some(function (t) {
        return w === t || (t.length >= 4 && w.indexOf(t) === 0) || (w.length >= 5 && t.indexOf(w.slice(0, w.length - 2)) === 0);
      });
    }
    return (this.audiences[group] || []).some(function (phrase) { return phrase.every(has); });
  };

  Lexicon.prototype.stems = function (word) {
    // The word and the word without each ending that leaves four letters: "klassningen" -> "klassning".
    var key = fold(word), found = [key];
    ENDINGS.forEach(function (end) {
      if (key.length - end.length >= 4 && key.slice(-end.length) === end) found.push(key.slice(0, -end.length));
    });
    return found;
  };

  Lexicon.prototype.names = function (meta, typed) {
    // Whether the page's title or one of its keywords (`sökord:`) is the query: the same words, any
    // inflection ("klassningen" is "klassning", "klassningar" too), stop words aside. The
    // coordinator's keywords say what a page is the answer to.
    var lex = this;
    function same(a, b) { return a.some(function (s) { return b.indexOf(s) >= 0; }); }
    function covers(xs, ys) { return xs.every(function (x) { return ys.some(function (y) { return same(x, y); }); }); }
    var asked = typed.map(function (w) { return lex.stems(w); });
    var phrases = [meta.title || ""].concat((meta.sokord || "").split(","));
    return asked.length > 0 && phrases.some(function (phrase) {
      var own = words(phrase).filter(function (w) { return !lex.stop[w]; }).map(function (w) { return lex.stems(w); });
      return own.length > 0 && covers(own, asked) && covers(asked, own);
    });
  };

  function distance(a, b, most) {
    // Optimal string alignment distance (a swap of two letters counts once), cut off above `most`.
    var prev2 = null, prev = [], i, j;
    for (j = 0; j <= b.length; j++) prev[j] = j;
    for (i = 1; i <= a.length; i++) {
      var row = [i], best = i;
      for (j = 1; j <= b.length; j++) {
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        var v = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost);
        if (prev2 && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2] + 1);
        row[j] = v;
        if (v < best) best = v;
      }
      if (best > most) return most + 1;
      prev2 = prev;
      prev = row;
    }
    return prev[b.length];
  }

  function hyphenParts(word, lex) {
    return word.split("-").filter(function (part) { return !lex.stop[part] && part.length > 1; });
  }

  function analyse(query, lex) {
    // The query as groups of weighted alternatives: [[{term, weight}, ...], ...].
    var typed = words(query);
    var content = typed.filter(function (w) { return !lex.stop[w] && w.length > 1; });
    if (!content.length) content = typed; // nothing but stop words: search them as typed
    // A hyphenated word the handbook does not have, or has only a few times ("vd-bedrägeri"), is
    // searched as its parts, each with its synonyms; a page with the whole word matches every part.
    var whole = {}, share = {};
    content = [].concat.apply([], content.map(function (word) {
      var known = lex.known(word), rare = !known || (lex.count[fold(word)] || 0) <= RARE;
      if (word.indexOf("-") < 0 || !rare) return [word];
      var parts = hyphenParts(word, lex);
      parts.forEach(function (part) {
        if (known) whole[part] = word;
        share[part] = 1 / parts.length;
      });
      return parts;
    }));
    var groups = [];
    groups.typed = content;
    content.forEach(function (word) {
      var group = [];
      if (word in share) group.share = share[word];
      if (word in whole) group.push({ term: whole[word], weight: WEIGHT.exact });
      if (lex.known(word)) {
        group.push({ term: word, weight: WEIGHT.exact });
        // A hyphenated word also finds its last part, lower: Swedish puts the kind of thing last, so an
        // "it-system" is a system and an "e-tjänst" a tjänst (the first part, often a letter, is left out).
        var head = word.indexOf("-") > 0 ? word.slice(word.lastIndexOf("-") + 1) : "";
        if (head.length >= 3 && !/[0-9]/.test(head) && !lex.stop[head] && lex.known(head)) {
          group.push({ term: head, weight: WEIGHT.partOfKnown });
        }
        (lex.within(word) || []).forEach(function (part) { group.push({ term: part, weight: WEIGHT.partOfKnown }); });
        var base = lex.base(word);
        if (base) group.push({ term: base, weight: WEIGHT.form });
      } else {
        var parts = lex.split(word);
        if (parts) {
          // Each part is a group of its own that counts as its share of one word typed.
          parts.forEach(function (part) {
            var g = [{ term: part, weight: WEIGHT.part }];
            g.share = 1 / parts.length;
            groups.push(g);
          });
          return;
        }
        if (word.length >= MIN_NEAR) {
          lex.near(word).forEach(function (near) {
            group.push({ term: near, weight: WEIGHT.near });
            // A compound the handbook has on few pages, typed a letter off, also finds the pages with its
            // parts, as the compound typed right does ("behörighetsöveryn": "behörighet", "översyn").
            (lex.within(near) || []).forEach(function (part) {
              group.push({ term: part, weight: WEIGHT.near * WEIGHT.partOfKnown });
            });
          });
        }
        // A word the handbook does not have, nor anything like it, is searched by its longest beginning
        // that starts words of the handbook (at least four letters and most of the word: "läkarintyg" ->
        // "läkar"), ranked low; with no such beginning it is left out, so nonsense finds nothing. (A number
        // or an id never comes here: `has` takes every word with a digit as the handbook's.)
        var stem = group.length ? null : lex.beginning(word);
        if (stem) group.push({ term: stem, weight: WEIGHT.beginning });
      }
      lex.synonymsOf(word).forEach(function (syn) { group.push({ term: syn.toLowerCase(), weight: WEIGHT.synonym }); });
      if (group.length) groups.push(group);
    });
    return groups;
  }

  // --- Searching ---------------------------------------------------------------------------------

  var engine = null;

  function start() {
    if (!engine) {
      engine = Promise.all([
        import(new URL("pagefind/pagefind.js", root).href),
        fetch(new URL("search/lis-sok.json", root)).then(function (r) { return r.json(); })
      ]).then(function (loaded) {
        var pagefind = loaded[0];
        return pagefind.options({
          baseUrl: root.pathname,
          excerptLength: 24,
          ranking: { metaWeights: { title: 5, sokord: 8 }, pageLength: PAGE_LENGTH }
        }).then(function () {
          return { pagefind: pagefind, lex: new Lexicon(loaded[1]) };
        });
      });
    }
    return engine;
  }

  function span(at) {
    // The fewest words of the page that hold a match of every group it matched (Infinity with fewer than
    // two groups): the shortest window over the matches' positions, sorted.
    var marks = [], groups = Object.keys(at);
    if (groups.length < 2) return Infinity;
    groups.forEach(function (g) { at[g].forEach(function (w) { marks.push([w, g]); }); });
    marks.sort(function (a, b) { return a[0] - b[0]; });
    var inside = {}, have = 0, best = Infinity, lo = 0;
    for (var hi = 0; hi < marks.length; hi++) {
      var g = marks[hi][1];
      if (!inside[g]) have += 1;
      inside[g] = (inside[g] || 0) + 1;
      while (have === groups.length) {
        best = Math.min(best, marks[hi][0] - marks[lo][0]);
        var h = marks[lo][1];
        inside[h] -= 1;
        if (!inside[h]) have -= 1;
        lo += 1;
      }
    }
    return best;
  }

  function rank(found, query) {
    // Pages by score: the sum over groups of the best weighted match, times coverage and audience.
    var groups = analyse(query, found.lex);
    var terms = [];
    groups.forEach(function (g) { g.forEach(function (alt) { terms.push(alt.term); }); });
    var searches = [];
    groups.forEach(function (group, g) {
      group.forEach(function (alt) {
        searches.push(found.pagefind.search(alt.term).then(function (s) {
          return { g: g, weight: alt.weight, results: s ? s.results : [] };
        }));
      });
    });
    return Promise.all(searches).then(function (all) {
      var pages = {};
      // A part of a compound or a word a letter off (a guess, unlike the coordinator's synonyms) counts at
      // most its weight times what the word as typed scores on its best page: "boende" in a page's title
      // must not outweigh "äldreboende" typed. For a word the handbook does not have, the word a letter off
      // stands for the word as typed, so its parts do not outweigh it either.
      var own = {};
      all.forEach(function (hit) {
        if ((hit.weight === WEIGHT.exact || hit.weight === WEIGHT.near) && hit.results.length) {
          own[hit.g] = Math.max(own[hit.g] || 0, hit.results[0].score);
        }
      });
      all.forEach(function (hit) {
        var top = hit.results.length ? hit.results[0].score : 0;
        var scale = hit.weight < WEIGHT.synonym && own[hit.g] && top > own[hit.g] ? own[hit.g] / top : 1;
        hit.results.forEach(function (r) {
          var page = pages[r.id] || (pages[r.id] = { result: r, best: {}, at: {} });
          page.at[hit.g] = (page.at[hit.g] || []).concat(r.words || []);
          var score = hit.weight * r.score * scale;
          if (!(hit.g in page.best) || page.best[hit.g] < score) page.best[hit.g] = score;
        });
      });
      var aboutCoordinator = found.lex.about("samordnare", terms);
      var typed = 0;
      groups.forEach(function (g) { typed += g.share || 1; });
      var ranked = Object.keys(pages).map(function (id) {
        var page = pages[id], sum = 0, matched = 0;
        for (var g in page.best) { sum += page.best[g]; matched += groups[g].share || 1; }
        var share = matched / typed;
        var together = TOGETHER_SPAN / (TOGETHER_SPAN + span(page.at));
        return { result: page.result, score: sum * share * share * (1 + TOGETHER * together), share: share };
      });
      ranked.sort(function (a, b) { return b.score - a.score; });
      // The page's kind and audience come with its data (Pagefind's filters): loaded for the best
      // candidates only, which are then ranked again.
      var best = ranked.slice(0, CANDIDATES);
      return Promise.all(best.map(function (r) { return r.result.data(); })).then(function (data) {
        best.forEach(function (r, n) {
          var filters = data[n].filters || {};
          r.data = data[n];
          if ((filters.malgrupp || []).indexOf("samordnare") >= 0 && !aboutCoordinator) r.score *= OTHER_AUDIENCE;
          if ((filters.sidtyp || []).indexOf("post") >= 0 && r.share < 1) r.score *= RECORD;
          if (found.lex.names(data[n].meta || {}, groups.typed)) r.score *= NAMED;
        });
        best.sort(function (a, b) { return b.score - a.score; });
        return best.concat(ranked.slice(CANDIDATES));
      });
    });
  }

  // For tests and for a coordinator who wants to see how a query is read (in the browser console).
  window.lisSok = {
    analyse: function (query) { return start().then(function (found) { return analyse(query, found.lex); }); },
    rank: function (query) {
      return start().then(function (found) { return rank(found, query); }).then(function (ranked) {
        return ranked.slice(0, 5).map(function (r) { return [r.data.url, Math.round(r.score * 100) / 100]; });
      });
    }
  };

  // --- Showing -----------------------------------------------------------------------------------

  var latest = 0;

  function show(query) {
    var ticket = ++latest;
    if (query.replace(/[^0-9a-zåäöéüæø]/gi, "").length < 2) {
      list.textContent = "";
      meta.textContent = "Skriv sökord";
      result.removeAttribute("aria-busy");
      return;
    }
    result.setAttribute("aria-busy", "true");
    start().then(function (found) {
      return rank(found, query);
    }).then(function (ranked) {
      if (ticket !== latest) return null;
      return Promise.all(ranked.slice(0, SHOWN).map(function (r) { return r.data || r.result.data(); })).then(function (data) {
        if (ticket !== latest) return;
        render(data, ranked.length);
      });
    }).catch(function () {
      if (ticket !== latest) return;
      list.textContent = "";
      meta.textContent = "Sökningen fungerar inte just nu. Ladda om sidan och försök igen.";
    }).then(function () {
      if (ticket === latest) result.removeAttribute("aria-busy");
    });
  }

  function render(data, total) {
    list.textContent = "";
    meta.textContent = total === 0 ? "Inga sökresultat" : total === 1 ? "1 sökresultat" : total + " sökresultat";
    data.forEach(function (page) {
      var item = document.createElement("li");
      item.className = "md-search-result__item";
      item.appendChild(link(page.url, page.meta && page.meta.title, page.excerpt, "h1"));
      var section = (page.sub_results || []).filter(function (s) { return s.url.indexOf("#") > 0; })[0];
      if (section) item.appendChild(link(section.url, section.title, section.excerpt, "h2"));
      list.appendChild(item);
    });
  }

  function link(url, title, excerpt, level) {
    // Title and address as text; the excerpt is Pagefind's, which escapes the page text and adds <mark>.
    var a = document.createElement("a");
    a.href = url;
    a.className = "md-search-result__link";
    var article = document.createElement("article");
    article.className = "md-search-result__article md-typeset";
    if (level === "h1") {
      var icon = document.createElement("div");
      icon.className = "md-search-result__icon md-icon";
      article.appendChild(icon);
    }
    var heading = document.createElement(level);
    heading.textContent = title || url;
    article.appendChild(heading);
    var p = document.createElement("p");
    p.innerHTML = excerpt || "";
    article.appendChild(p);
    a.appendChild(article);
    return a;
  }

  // --- The box: open, type, move, close ----------------------------------------------------------

  function open() {
    if (toggle && !toggle.checked) toggle.checked = true;
    start();
    if (document.activeElement !== input) input.focus();
  }

  function close() {
    if (toggle) toggle.checked = false;
    input.blur();
  }

  // Load the search program and word list once the page is idle, so the first query is quick
  // (about 100 kB at 30 systems; the index itself comes in small chunks as words are typed).
  window.addEventListener("load", function () {
    (window.requestIdleCallback || setTimeout)(function () { start().catch(function () {}); });
  });
  input.addEventListener("focus", open);
  var waiting = null;
  input.addEventListener("input", function () {
    // Wait for a pause in the typing; meanwhile let Pagefind fetch the index chunk of the word typed.
    var query = input.value;
    clearTimeout(waiting);
    result.setAttribute("aria-busy", "true");
    latest += 1; // results of earlier queries are no longer shown
    var word = words(query).pop();
    if (word && word.length >= 2) start().then(function (found) { found.pagefind.preload(word); }).catch(function () {});
    waiting = setTimeout(function () { show(query); }, PAUSE);
  });
  if (toggle) toggle.addEventListener("change", function () { if (toggle.checked) open(); });
  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    var first = list.querySelector("a");
    if (first) first.click();
  });
  form.addEventListener("reset", function () { setTimeout(function () { show(""); input.focus(); }, 0); });

  document.addEventListener("keydown", function (ev) {
    var target = ev.target;
    var typing = target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
    if (ev.key === "Escape" && toggle && toggle.checked) {
      close();
      ev.preventDefault();
    } else if (!typing && !ev.ctrlKey && !ev.metaKey && !ev.altKey && (ev.key === "s" || ev.key === "f" || ev.key === "/")) {
      ev.preventDefault();
      open();
    } else if (toggle && toggle.checked && (ev.key === "ArrowDown" || ev.key === "ArrowUp")) {
      var links = Array.prototype.slice.call(list.querySelectorAll("a"));
      if (!links.length) return;
      var at = links.indexOf(document.activeElement);
      var next = ev.key === "ArrowDown" ? at + 1 : at - 1;
      if (next < 0) input.focus(); else links[Math.min(next, links.length - 1)].focus();
      ev.preventDefault();
    }
  });
})();
