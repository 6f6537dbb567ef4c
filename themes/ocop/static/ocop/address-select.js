// Chained address selects, for every address form (checkout, the producer application): choosing a province
// loads its communes and wards from the one endpoint, /regions/wards.json?province=<GSO code>.
// The form marks its province select (marketplace.regions.widgets.address_selects_chain):
//   data-wards-url     the endpoint;
//   data-wards-select  the name of the select to fill, in the same form;
//   data-wards-value   which key of the answer ("id" or "code") the options take as their value.
// An option's GSO code is its data-code (else its value). Without JavaScript each form keeps a button that
// re-renders the page with the list; elements marked data-address-fallback are hidden while the script works
// and shown again if a request fails.
(function () {
  "use strict";
  if (!window.fetch) return;
  document.querySelectorAll("select[data-wards-url]").forEach(function (province) {
    var form = province.form;
    var ward = form && form.elements.namedItem(province.dataset.wardsSelect);
    if (!ward) return;
    var valueKey = province.dataset.wardsValue || "code";
    var fallbacks = form.querySelectorAll("[data-address-fallback]");
    var placeholder = ward.options.length ? ward.options[0].text : "";
    var latest = 0;

    function showFallbacks(shown) {
      fallbacks.forEach(function (element) { element.hidden = !shown; });
    }

    showFallbacks(false);
    province.addEventListener("change", function () {
      var option = province.options[province.selectedIndex];
      var code = option ? option.dataset.code || option.value : "";
      var request = ++latest;
      ward.length = 0;
      ward.add(new Option(placeholder, ""));
      if (!code) return;
      ward.disabled = true;
      fetch(province.dataset.wardsUrl + "?province=" + encodeURIComponent(code), {
        headers: { Accept: "application/json" },
      })
        .then(function (response) {
          if (!response.ok) throw new Error(String(response.status));
          return response.json();
        })
        .then(function (data) {
          if (request !== latest) return;
          data.wards.forEach(function (item) { ward.add(new Option(item.name, item[valueKey])); });
        })
        .catch(function () { showFallbacks(true); })
        .finally(function () { if (request === latest) ward.disabled = false; });
    });
  });
})();
