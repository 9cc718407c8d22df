// Leaflet maps without external tiles: quartier boundaries and contribution points.
// Every map has an equivalent list or form fields on the page; this is an enhancement.
(function () {
  "use strict";
  if (typeof L === "undefined") return;

  function readJSON(id) {
    var node = id && document.getElementById(id);
    if (!node) return [];
    try { return JSON.parse(node.textContent); } catch (e) { return []; }
  }

  // Leaflet's own texts (« Zoom in », « Zoom out ») come from the page, in its language.
  var texts = (document.getElementById("map") || document.getElementById("map-picker") || {}).dataset || {};
  if (texts.zoomIn && texts.zoomOut) {
    L.Control.Zoom.mergeOptions({ zoomInTitle: texts.zoomIn, zoomOutTitle: texts.zoomOut });
  }

  function drawQuartiers(map, quartiers) {
    var layers = [];
    quartiers.forEach(function (q) {
      var layer = L.geoJSON(q.boundary, { style: { color: "#1d4e89", weight: 2, fillOpacity: 0.06 } });
      layer.bindTooltip(q.name);
      layer.addTo(map);
      layers.push(layer);
    });
    if (layers.length) {
      map.fitBounds(L.featureGroup(layers).getBounds(), { padding: [10, 10] });
    } else {
      map.setView([46.6, 2.4], 5);
    }
  }

  var display = document.getElementById("map");
  if (display) {
    var map = L.map(display, { scrollWheelZoom: false });
    drawQuartiers(map, readJSON(display.dataset.quartiers));
    readJSON(display.dataset.points).forEach(function (p) {
      var marker = L.circleMarker([p.lat, p.lon], { radius: 7, color: "#7a3b00", weight: 2, fillOpacity: 0.7 });
      var link = document.createElement("a");
      link.href = "/contributions/" + p.id + "/";
      link.textContent = p.title;
      marker.bindPopup(link);
      marker.addTo(map);
    });
  }

  var picker = document.getElementById("map-picker");
  if (picker) {
    var latInput = document.getElementById(picker.dataset.lat);
    var lonInput = document.getElementById(picker.dataset.lon);
    var pickMap = L.map(picker, { scrollWheelZoom: false });
    drawQuartiers(pickMap, readJSON(picker.dataset.quartiers));
    var marker = null;
    function place(lat, lon) {
      if (marker) { marker.setLatLng([lat, lon]); }
      else { marker = L.marker([lat, lon], { keyboard: false }).addTo(pickMap); }
    }
    if (latInput && lonInput && latInput.value && lonInput.value) {
      place(parseFloat(latInput.value), parseFloat(lonInput.value));
    }
    pickMap.on("click", function (event) {
      var lat = event.latlng.lat.toFixed(6), lon = event.latlng.lng.toFixed(6);
      place(lat, lon);
      if (latInput) { latInput.value = lat; }
      if (lonInput) { lonInput.value = lon; }
    });
    [latInput, lonInput].forEach(function (input) {
      if (!input) return;
      input.addEventListener("change", function () {
        var lat = parseFloat(latInput.value), lon = parseFloat(lonInput.value);
        if (!isNaN(lat) && !isNaN(lon)) { place(lat, lon); }
      });
    });
  }
})();
