// Progressive enhancement only: every page works without this file.
// When a tile URL is configured and Leaflet is installed, an interactive map replaces the server-drawn SVG.
(function () {
  "use strict";
  function enhance(figure) {
    var url = figure.getAttribute("data-map");
    if (!url || typeof window.L === "undefined") { return; }
    var dataNode = figure.querySelector("script.map-data");
    if (!dataNode) { return; }
    var data = JSON.parse(dataNode.textContent);
    var holder = document.createElement("div");
    holder.className = "leaflet-map";
    var svg = figure.querySelector("svg");
    figure.insertBefore(holder, svg);
    svg.style.display = "none";  // SVG elements have no "hidden" property
    var map = window.L.map(holder).fitBounds(data.bounds);
    window.L.tileLayer(url, { attribution: figure.getAttribute("data-attribution") || "" }).addTo(map);
    data.corridors.forEach(function (c) {
      var style = c.mode === "route" ? { color: "#0b5394", weight: 5 }
        : { color: c.mode === "road" ? "#6b4aa8" : "#b35900", dashArray: "8 4" };
      window.L.polyline(c.points, style)
        .bindTooltip(c.name).addTo(map);
    });
    var markers = data.points.map(function (p) {
      var m = window.L.circleMarker([p.lat, p.lon], { radius: 7, color: "#fff", fillColor: "#c4002b", fillOpacity: 1 });
      m.bindTooltip(p.label);
      if (p.href) { m.on("click", function () { window.location.href = p.href; }); }
      return m.addTo(map);
    });
    if (markers.length) { map.fitBounds(window.L.featureGroup(markers).getBounds().pad(0.5), { maxZoom: 9 }); }
  }
  function run() { document.querySelectorAll("figure.map").forEach(enhance); }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", run); } else { run(); }
})();
