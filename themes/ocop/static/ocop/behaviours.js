/* Small behaviours declared with data-* attributes, in place of the inline event handlers (onclick=, onload=…)
 * of Oscar's templates: the Content-Security-Policy runs no inline code. Loaded on every page (oscar/base.html)
 * and on the lot label sheet. No jQuery: the label sheet has none. */
(function () {
    // <a data-history-back>: back to the previous page (Oscar's "or cancel" links).
    // <a data-window-close>: close the popup window (Oscar's dashboard popups).
    // <button data-print>: print the page.
    document.addEventListener("click", function (event) {
        var selector = "[data-history-back], [data-window-close], [data-print]";
        var target = event.target.closest ? event.target.closest(selector) : null;
        if (!target) { return; }
        event.preventDefault();
        if (target.hasAttribute("data-print")) {
            window.print();
        } else if (target.hasAttribute("data-window-close")) {
            window.close();
        } else {
            window.history.back();
        }
    });

    // A fallback for any Oscar page we have not overridden that still writes onclick="window.history.go(-1)…"
    // or onclick="window.close()…": the policy blocks the handler (and Chromium reports it as the page is
    // parsed, so the real fix is a template without it), but the link keeps working with the behaviours above.
    function adoptInlineHandlers() {
        document.querySelectorAll("[onclick]").forEach(function (element) {
            var code = element.getAttribute("onclick");
            if (/history\.go\(-1\)/.test(code)) {
                element.setAttribute("data-history-back", "");
            } else if (/window\.close\(\)/.test(code)) {
                element.setAttribute("data-window-close", "");
            } else {
                return;
            }
            element.removeAttribute("onclick");
        });
    }
    // Now (this file is loaded after the page's content) and again once the whole page is parsed.
    adoptInlineHandlers();
    document.addEventListener("DOMContentLoaded", adoptInlineHandlers);

    // The dashboard's image inputs: the chosen file's preview hides the upload button once it loads; a file
    // that is not an image shows the button again and says so. load and error do not bubble: listen while
    // they are captured.
    function imageInputButton(img) {
        var container = img.closest ? img.closest(".image-input") : null;
        return container ? container.querySelector("[data-upload-button]") : null;
    }
    document.addEventListener("load", function (event) {
        var img = event.target;
        if (!img.hasAttribute || !img.hasAttribute("data-image-preview")) { return; }
        var button = imageInputButton(img);
        if (button) { button.hidden = true; }
    }, true);
    document.addEventListener("error", function (event) {
        var img = event.target;
        if (!img.hasAttribute || !img.hasAttribute("data-image-preview") || !img.getAttribute("src")) { return; }
        var button = imageInputButton(img);
        if (button) { button.hidden = false; }
        window.alert(img.getAttribute("data-error-message"));
    }, true);
})();
