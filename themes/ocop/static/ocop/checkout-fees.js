// Live delivery fees at checkout: when the province or a delivery choice changes, ask the server
// what the basket costs now and show it (each choice's label, the delivery and grand totals).
// The hidden "shown_total" follows what is on screen; the server refuses to charge any other total,
// so if a request fails the shopper is asked to confirm the new amounts after pressing "Place order".
(function () {
  "use strict";
  var form = document.querySelector("form[data-fees-url]");
  if (!form) return;
  var province = form.querySelector("select[name=province]");
  var shown = form.querySelector("input[name=shown_total]");
  var submit = form.querySelector("button[type=submit]:not([name])");
  var note = form.querySelector("[data-fees-note]");
  if (!province || !shown) return;
  var latest = 0;

  function deliveryInputs() {
    return form.querySelectorAll("input[type=radio][name^=delivery_]");
  }

  function labelFor(input) {
    return form.querySelector("label[for='" + input.id + "']");
  }

  function show(data) {
    data.groups.forEach(function (group) {
      group.options.forEach(function (option) {
        var input = form.querySelector("input[type=radio][name='" + group.field + "'][value='" + option.code + "']");
        var label = input && labelFor(input);
        if (label) label.textContent = option.label;
      });
    });
    Object.keys(data.display).forEach(function (key) {
      var cell = form.querySelector("[data-total='" + key + "']");
      if (cell) cell.textContent = data.display[key];
    });
    if (note && data.note) note.textContent = data.note;
    shown.value = String(data.total);
  }

  function refresh() {
    var params = new URLSearchParams();
    params.set("province", province.value);
    deliveryInputs().forEach(function (input) {
      if (input.checked) params.set(input.name, input.value);
    });
    var request = ++latest;
    form.setAttribute("aria-busy", "true");
    if (submit) submit.disabled = true;
    // Never leave "Place order" disabled for long: give up after a few seconds.
    var controller = window.AbortController ? new AbortController() : null;
    var timer = controller ? setTimeout(function () { controller.abort(); }, 8000) : null;
    fetch(form.dataset.feesUrl + "?" + params.toString(), {
      headers: { Accept: "application/json" },
      credentials: "same-origin",
      signal: controller ? controller.signal : undefined,
    })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) { if (data && request === latest) show(data); })
      .catch(function () { /* the server-side check still guards the total */ })
      .finally(function () {
        if (timer) clearTimeout(timer);
        if (request !== latest) return;
        form.removeAttribute("aria-busy");
        if (submit) submit.disabled = false;
      });
  }

  province.addEventListener("change", refresh);
  deliveryInputs().forEach(function (input) { input.addEventListener("change", refresh); });
})();
