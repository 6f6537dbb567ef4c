/* The producer application form: choosing a province loads its communes and wards into the next select
 * (the URL comes from the JSON in <script id="onboarding-options-url">). Without JavaScript the form's
 * "show communes" button reloads the page instead. */
(function () {
    var province = document.getElementById("id_province");
    var region = document.getElementById("id_region");
    var button = document.getElementById("show-communes");
    var urlData = document.getElementById("onboarding-options-url");
    if (!province || !region || !urlData || !window.fetch) { return; }
    if (button) { button.parentNode.hidden = true; }
    var url = JSON.parse(urlData.textContent);
    province.addEventListener("change", function () {
        var placeholder = region.options[0];
        region.innerHTML = "";
        region.appendChild(placeholder);
        if (!province.value) { return; }
        region.disabled = true;
        fetch(url + "?province=" + encodeURIComponent(province.value), {credentials: "same-origin"})
            .then(function (response) { return response.ok ? response.json() : {results: []}; })
            .then(function (data) {
                data.results.forEach(function (unit) {
                    var option = document.createElement("option");
                    option.value = unit.id;
                    option.textContent = unit.name;
                    region.appendChild(option);
                });
            })
            .catch(function () { if (button) { button.parentNode.hidden = false; } })
            .then(function () { region.disabled = false; });
    });
})();
