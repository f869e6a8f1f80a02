/* Material's search worker, with Swedish inflections in the query and a quick lookup of generated pages.
 *
 * 1. Material adds a wildcard to every query word and then skips lunr's stemmer, so "lösenordet"
 *    finds nothing where the pages say "lösenord". Before Material's own message handler runs,
 *    each query word gets its Swedish stem (lunr-languages' Snowball stemmer, which Material loads
 *    for `lang: sv`) as an extra word: "incidenterna" also searches "incident*", "avtalen" "avtal*".
 *    The stems are taken out of each result's "missing words" again, so readers see what they typed.
 * 2. Generated pages (one per system and förvaltningsobjekt) are not in lunr's index: at city
 *    scale, building it over thousands of them on every page load made the first search slow.
 *    They come in a file of their own (search/lis-sidor.json: [address, name, id, description])
 *    and are matched here, word by word against name, id and description. A page whose name or id
 *    is what the reader typed comes first; other matches come after the handbook's own pages.
 * Material's worker file is named in this worker's address (?material=...).
 */
"use strict";

var QUERY = 2;
var RESULT = 3;
var PAGES = "../../../search/lis-sidor.json"; // from assets/javascripts/workers/ to the site root
var MORE = 50; // generated pages listed after the handbook's pages, at most

var added = {}; // stem -> the word the reader typed, for the query in progress
var typed = []; // the words of the query in progress
var generated = []; // {doc, name: [tokens of name and id], all: [tokens of name, id and text]}

function stem(word) {
  if (!self.lunr || !self.lunr.sv || !self.lunr.sv.stemmer) return word;
  return self.lunr.sv.stemmer(new self.lunr.Token(word)).toString();
}

function roots(word) {
  // The Snowball stemmer keeps the definite "-et" (lösenordet, avtalet, systemet): drop it too.
  var found = [stem(word)];
  if (/[^aeiouyåäö]et$/.test(word) && word.length > 5) found.push(word.slice(0, -2));
  return found.filter(function (root) { return root && root !== word && root.length >= 3; });
}

function words(text) {
  return text.toLowerCase()
    .replace(/&amp;/g, "&").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, "\"").replace(/&#39;/g, "'")
    .split(/[^0-9a-zåäöéüæø]+/).filter(Boolean);
}

function expand(query) {
  added = {};
  typed = words(query);
  if (/["+\-~^:*]/.test(query.replace(/(\w)-(\w)/g, "$1 $2"))) return query; // lunr syntax: leave as typed
  var list = query.toLowerCase().split(/[\s\-]+/).filter(Boolean);
  var extra = [];
  list.forEach(function (word) {
    roots(word).forEach(function (root) {
      if (list.indexOf(root) < 0 && !added[root]) {
        added[root] = word;
        extra.push(root);
      }
    });
  });
  return extra.length ? query + " " + extra.join(" ") : query;
}

function matchesAll(tokens, query) {
  // query: for each word typed, the word and its stems; each word must start some token
  return query.every(function (alternatives) {
    return tokens.some(function (token) {
      return alternatives.some(function (alt) { return token.indexOf(alt) === 0; });
    });
  });
}

function covers(query, tokens) {
  // Every word typed starts a word of the name (or id), every word of it is typed, and what is
  // typed is at least half of it (so "l" does not put "Lönesystem" first while the reader types).
  var typedLength = query.reduce(function (sum, alternatives) { return sum + alternatives[0].length; }, 0);
  return tokens.length > 0 && 2 * typedLength >= tokens.join("").length && matchesAll(tokens, query) &&
    tokens.every(function (token) {
      return query.some(function (alternatives) { return token.indexOf(alternatives[0]) === 0; });
    });
}

function lookup() {
  var first = [], after = [];
  if (!typed.length) return { first: first, after: after };
  var query = typed.map(function (word) { return [word].concat(roots(word)); });
  generated.forEach(function (page) {
    if (covers(query, page.name) || covers(query, page.id)) first.push(page.doc);
    else if (after.length < MORE && matchesAll(page.all, query)) after.push(page.doc);
  });
  return { first: first, after: after };
}

function item(doc) {
  var terms = {};
  typed.forEach(function (word) { terms[word] = true; });
  return [{ location: doc[0], title: doc[1], text: doc[2] + (doc[3] ? " · " + doc[3] : ""), score: 0, terms: terms }];
}

function keepTyped(result) {
  // Show the words the reader typed as found or missing, not the stems added to the query.
  (result.items || []).forEach(function (group) {
    group.forEach(function (entry) {
      var terms = entry.terms || {};
      Object.keys(added).forEach(function (root) {
        if (root in terms) {
          var word = added[root];
          if (word in terms) terms[word] = terms[word] || terms[root];
          delete terms[root];
        }
      });
    });
  });
}

function addGenerated(result) {
  var found = lookup();
  result.items = found.first.map(item).concat(result.items || [], found.after.map(item));
}

var post = self.postMessage.bind(self);

// Fetched while Material builds lunr's index. Results that come before it has arrived are shown
// at once, without generated pages; the latest of them is sent again, complete, when it arrives.
var loaded = false;
var waiting = null; // the latest result sent without generated pages, with its query
fetch(new URL(PAGES, self.location.href))
  .then(function (response) { return response.ok ? response.json() : []; })
  .catch(function () { return []; })
  .then(function (docs) {
    generated = docs.map(function (doc) {
      var name = words(doc[1]), id = words(doc[2]);
      return { doc: doc, name: name, id: id, all: name.concat(id, words(doc[3])) };
    });
    loaded = true;
    if (waiting) {
      var now = { added: added, typed: typed };
      added = waiting.added;
      typed = waiting.typed;
      addGenerated(waiting.message.data);
      post(waiting.message);
      added = now.added;
      typed = now.typed;
      waiting = null;
    }
  });

// Registered before Material's listener, so it runs first and changes the query in place.
addEventListener("message", function (ev) {
  if (ev.data && ev.data.type === QUERY && typeof ev.data.data === "string") {
    ev.data.data = expand(ev.data.data);
  }
});

self.postMessage = function (message) {
  if (message && message.type === RESULT && message.data) {
    keepTyped(message.data);
    if (loaded) addGenerated(message.data);
    else waiting = { message: message, added: added, typed: typed };
  }
  post(message);
};

importScripts(new URL(self.location.href).searchParams.get("material"));
