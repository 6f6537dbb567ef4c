/* Search results: the filters panel (a <details>) starts open on wide screens, where it is a sidebar;
 * on phones it stays closed above the results. A static file, not an inline script: the CSP allows no
 * inline script without the request's nonce. */
(function () {
    if (!window.matchMedia || !window.matchMedia("(min-width: 768px)").matches) { return; }
    document.querySelectorAll("details[data-open-wide]").forEach(function (panel) { panel.open = true; });
})();
