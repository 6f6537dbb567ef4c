// Chained address selects: choosing a province loads its communes and wards.
// Without JavaScript the form offers a button that re-renders with the same list.
(function () {
  "use strict";
  var form = document.querySelector("form[data-wards-url]");
  if (!form) return;
  var province = form.querySelector("select[name=province]");
  var ward = form.querySelector("select[name=ward]");
  if (!province || !ward) return;
  var placeholder = ward.options.length ? ward.options[0].text : "";

  province.addEventListener("change", function () {
    ward.disabled = true;
    ward.length = 0;
    ward.add(new Option(placeholder, ""));
    if (!province.value) { ward.disabled = false; return; }
    fetch(form.dataset.wardsUrl + "?province=" + encodeURIComponent(province.value), { headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : { wards: [] }; })
      .then(function (data) {
        data.wards.forEach(function (item) { ward.add(new Option(item.name, item.code)); });
      })
      .finally(function () { ward.disabled = false; });
  });
})();
