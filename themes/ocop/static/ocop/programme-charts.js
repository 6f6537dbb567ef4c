/*
 * The programme office's progress charts (/dashboard/programme/). Reads the figures from the JSON endpoint
 * named by [data-charts-url] and draws one Chart.js chart per <canvas data-chart="KEY">; each chart has a
 * table beside it, so the page says the same without JavaScript. No inline script (strict CSP): everything
 * the script needs is in data-* attributes.
 */
(function () {
    "use strict";

    var PALETTE = ["#1b6e3a", "#e0a100", "#2f6db5", "#b5452f", "#6c4bb5", "#2fa5a5", "#8a8a8a"];

    function dataset(label, values, index) {
        return {
            label: label,
            data: values,
            backgroundColor: values.map(function (_, i) { return PALETTE[(index + i) % PALETTE.length]; }),
            borderWidth: 1
        };
    }

    function config(key, data, canvas) {
        var type = canvas.getAttribute("data-type") || "bar";
        var label = canvas.getAttribute("data-label") || "";
        if (key === "targets") {
            return {
                type: "bar",
                data: {
                    labels: data.targets.labels,
                    datasets: [
                        { label: canvas.getAttribute("data-label-target") || "", data: data.targets.target,
                          backgroundColor: "#c8c8c8" },
                        { label: canvas.getAttribute("data-label-actual") || "", data: data.targets.actual,
                          backgroundColor: "#1b6e3a" }
                    ]
                },
                options: { responsive: true, aspectRatio: 2 }
            };
        }
        var series = data[key];
        if (!series) {
            return null;
        }
        var options = { responsive: true, aspectRatio: 2 };
        if (type === "bar") {
            options.plugins = { legend: { display: false } };
            options.scales = { y: { beginAtZero: true } };
        }
        if (canvas.getAttribute("data-axis") === "y") {
            options.indexAxis = "y";
        }
        return { type: type, data: { labels: series.labels, datasets: [dataset(label, series.values, 0)] },
                 options: options };
    }

    function draw(container) {
        var url = container.getAttribute("data-charts-url");
        if (!url || typeof window.Chart === "undefined") {
            return;
        }
        window.ocopCharts = window.ocopCharts || {};
        fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
            .then(function (response) {
                if (!response.ok) {
                    throw new Error(response.status);
                }
                return response.json();
            })
            .then(function (data) {
                container.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
                    var key = canvas.getAttribute("data-chart");
                    var chartConfig = config(key, data, canvas);
                    if (chartConfig) {
                        window.ocopCharts[key] = new window.Chart(canvas, chartConfig);
                    }
                });
                container.setAttribute("data-charts-drawn", "true");
            })
            .catch(function () {
                container.setAttribute("data-charts-drawn", "failed");  // the tables still say it all
            });
    }

    document.querySelectorAll("[data-charts-url]").forEach(draw);
}());
