// "Near me" on the search page: the browser's location fills lat/lon and results sort nearest first.
// The page works without it (search by place name); the button only shows where geolocation exists.
(function () {
  "use strict";
  var button = document.querySelector("[data-search-near]");
  if (!button || !("geolocation" in navigator)) return;
  var form = button.form;
  button.hidden = false;

  function field(name, value) {
    var input = form.querySelector("input[name=" + name + "]");
    if (!input) {
      input = document.createElement("input");
      input.type = "hidden";
      input.name = name;
      form.appendChild(input);
    }
    input.value = value;
  }

  button.addEventListener("click", function () {
    button.disabled = true;
    navigator.geolocation.getCurrentPosition(
      function (position) {
        // Three decimals (about 100 m) are enough to rank producers and say less about the shopper.
        field("lat", position.coords.latitude.toFixed(3));
        field("lon", position.coords.longitude.toFixed(3));
        form.querySelector("select[name=sort]").value = "distance";
        form.submit();
      },
      function () {
        button.disabled = false;
        window.alert(button.dataset.error);
      },
      { timeout: 10000, maximumAge: 600000 }
    );
  });
})();
