/* Region pages: draw the producers' map with Leaflet (progressive enhancement).
 *
 * The page already lists every producer with its address; this only adds a map when Leaflet has
 * loaded. Markers come from the JSON in <script id="region-map-markers"> (json_script), the tile
 * server and the map's centre from data attributes on #region-map.
 */
(function () {
  "use strict";

  function text(tag, value, className) {
    var node = document.createElement(tag);
    node.textContent = value;
    if (className) node.className = className;
    return node;
  }

  function popup(marker) {
    var box = document.createElement("div");
    var link = text("a", marker.name, "region-map__name");
    link.href = marker.url;
    box.appendChild(link);
    if (marker.address) box.appendChild(text("div", marker.address, "region-map__address"));
    return box;
  }

  function draw() {
    var element = document.getElementById("region-map");
    var data = document.getElementById("region-map-markers");
    if (!element || !data || typeof window.L === "undefined") return;
    var L = window.L;
    var markers = JSON.parse(data.textContent) || [];
    var lat = parseFloat(element.dataset.lat);
    var lon = parseFloat(element.dataset.lon);
    if (!markers.length && (isNaN(lat) || isNaN(lon))) return;

    element.hidden = false;
    var map = L.map(element, { scrollWheelZoom: false });
    var attribution = document.createElement("a");
    attribution.href = "https://www.openstreetmap.org/copyright";
    attribution.textContent = element.dataset.attribution;
    L.tileLayer(element.dataset.tiles, { maxZoom: 19, attribution: attribution.outerHTML }).addTo(map);

    var icon = L.icon({
      iconUrl: element.dataset.icon,
      iconRetinaUrl: element.dataset.iconRetina,
      shadowUrl: element.dataset.iconShadow,
      iconSize: [25, 41],
      iconAnchor: [12, 41],
      popupAnchor: [1, -34],
      tooltipAnchor: [16, -28],
      shadowSize: [41, 41],
    });
    var points = markers.map(function (marker) {
      var point = [marker.lat, marker.lon];
      L.marker(point, { icon: icon, title: marker.name, alt: marker.name }).addTo(map).bindPopup(popup(marker));
      return point;
    });
    var zoom = parseInt(element.dataset.zoom, 10) || 10;
    if (points.length > 1) {
      // More room at the top: a marker's pin stands 41 px above its point.
      map.fitBounds(points, { paddingTopLeft: [24, 48], paddingBottomRight: [24, 16], maxZoom: 15 });
    } else if (points.length === 1) {
      map.setView(points[0], Math.max(zoom, 13));
    } else {
      map.setView([lat, lon], zoom);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
