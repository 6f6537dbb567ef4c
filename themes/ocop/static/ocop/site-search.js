// Suggestions under the header search box, from the second letter typed (/search/suggest/).
// Without JavaScript the box is a plain form posting to /search/.
(function () {
  "use strict";
  var form = document.querySelector("form.site-search[data-suggest-url]");
  if (!form) return;
  var input = form.querySelector("input[name=q]");
  var list = form.querySelector(".site-search__suggestions");
  var timer = null;
  var latest = 0;

  function close() {
    list.hidden = true;
    list.innerHTML = "";
    input.setAttribute("aria-expanded", "false");
  }

  function show(suggestions) {
    list.innerHTML = "";
    suggestions.forEach(function (item, index) {
      var li = document.createElement("li");
      li.setAttribute("role", "option");
      li.id = "site-search-suggestion-" + index;
      var link = document.createElement("a");
      link.href = item.url;
      link.textContent = item.title;  // text, never HTML: titles come from producers
      if (item.kind_label) {
        // What the suggestion is (product, producer, place, fair, tour): titles alone can be ambiguous.
        var kind = document.createElement("small");
        kind.className = "site-search__kind";
        kind.textContent = " · " + item.kind_label;
        link.appendChild(kind);
      }
      li.appendChild(link);
      list.appendChild(li);
    });
    list.hidden = suggestions.length === 0;
    input.setAttribute("aria-expanded", suggestions.length ? "true" : "false");
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    var query = input.value.trim();
    if (query.length < 2) { close(); return; }
    timer = setTimeout(function () {
      var ticket = ++latest;
      fetch(form.dataset.suggestUrl + "?q=" + encodeURIComponent(query), { headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : { suggestions: [] }; })
        .then(function (data) { if (ticket === latest) show(data.suggestions || []); })
        .catch(close);
    }, 150);
  });
  input.addEventListener("keydown", function (event) { if (event.key === "Escape") close(); });
  document.addEventListener("click", function (event) { if (!form.contains(event.target)) close(); });
})();
