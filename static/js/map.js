// Leaflet maps: a basemap when one is configured (data-tiles, data-attribution), the quartier
// outlines labelled with their names (readable without tiles, offline), contribution points,
// the point picker of the contribution form (address search through the server's geocoder
// proxy, « Utiliser ma position », the quartier of the point shown at once) and the small map
// of a contribution's place. Every map has an equivalent list or form fields on the page.
(function () {
  "use strict";
  if (typeof L === "undefined") return;

  function readJSON(id) {
    var node = id && document.getElementById(id);
    if (!node) return null;
    try { return JSON.parse(node.textContent); } catch (e) { return null; }
  }

  function escapeHTML(text) {
    var span = document.createElement("span");
    span.textContent = text;
    return span.innerHTML;
  }

  function fill(template, values) {
    return (template || "").replace(/\{(\w+)\}/g, function (all, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? values[key] : all;
    });
  }

  // A Leaflet map on `element`, with the configured basemap (or none) and zoom buttons named
  // in the page's language.
  function makeMap(element, options) {
    var map = L.map(element, Object.assign({ scrollWheelZoom: false, zoomControl: false, zoomSnap: 0.25 }, options || {}));
    if (map.attributionControl) { map.attributionControl.setPrefix(false); }
    if (!options || options.zoomControl !== false) {
      L.control.zoom({
        zoomInTitle: element.dataset.zoomIn || "+",
        zoomOutTitle: element.dataset.zoomOut || "-",
      }).addTo(map);
    }
    var tiles = element.dataset.tiles;
    if (tiles) {
      L.tileLayer(tiles, {
        maxZoom: 19,
        attribution: escapeHTML(element.dataset.attribution || ""),
      }).addTo(map);
      element.classList.add("map--tiles");
    } else {
      element.classList.add("map--offline");
    }
    return map;
  }

  function drawQuartiers(map, quartiers) {
    var layers = [];
    (quartiers || []).forEach(function (q) {
      var outside = q.in_scope === false;
      var layer = L.geoJSON(q.boundary, {
        style: {
          color: outside ? "#4d4d4d" : "#1d4e89",
          weight: outside ? 2 : 3,
          dashArray: outside ? "6 4" : null,
          fillColor: outside ? "#767676" : "#1d4e89",
          fillOpacity: outside ? 0.12 : 0.06,
        },
      });
      // The name stays on the map (no tiles offline: the names are the only landmarks).
      var label = document.createElement("span");
      label.textContent = q.name;  // text, never HTML: a name typed in the admin stays a name
      layer.bindTooltip(label, { permanent: true, direction: "center", className: "map-label" });
      layer.addTo(map);
      layers.push(layer);
    });
    if (layers.length) {
      map.fitBounds(L.featureGroup(layers).getBounds(), { padding: [10, 10] });
    } else {
      map.setView([46.6, 2.4], 5);
    }
    return layers;
  }

  // Point in polygon (GeoJSON Polygon or MultiPolygon, [lon, lat]): ray casting, as the server.
  function inRing(lon, lat, ring) {
    var inside = false;
    for (var i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      var xi = ring[i][0], yi = ring[i][1], xj = ring[j][0], yj = ring[j][1];
      if ((yi > lat) !== (yj > lat) && lon < (xj - xi) * (lat - yi) / (yj - yi) + xi) { inside = !inside; }
    }
    return inside;
  }
  function contains(geometry, lon, lat) {
    if (!geometry) return false;
    if (geometry.type === "Feature") return contains(geometry.geometry, lon, lat);
    var polygons = geometry.type === "Polygon" ? [geometry.coordinates]
      : geometry.type === "MultiPolygon" ? geometry.coordinates : [];
    return polygons.some(function (polygon) {
      return inRing(lon, lat, polygon[0]) && !polygon.slice(1).some(function (hole) { return inRing(lon, lat, hole); });
    });
  }
  function quartierAt(quartiers, lat, lon) {
    for (var i = 0; i < (quartiers || []).length; i++) {
      if (contains(quartiers[i].boundary, lon, lat)) return quartiers[i];
    }
    return null;
  }

  // --- The contributions' map --------------------------------------------------------------
  var display = document.getElementById("map");
  if (display) {
    var map = makeMap(display);
    drawQuartiers(map, readJSON(display.dataset.quartiers));
    (readJSON(display.dataset.points) || []).forEach(function (p) {
      var marker = L.circleMarker([p.lat, p.lon], { radius: 7, color: "#7a3b00", weight: 2, fillOpacity: 0.7 });
      var link = document.createElement("a");
      link.href = p.url || "/contributions/" + p.id + "/";
      link.textContent = p.title;
      marker.bindPopup(link);
      marker.addTo(map);
    });
  }

  // --- A contribution's place ----------------------------------------------------------------
  var placeMapElement = document.getElementById("place-map");
  if (placeMapElement) {
    var lat = parseFloat(placeMapElement.dataset.lat), lon = parseFloat(placeMapElement.dataset.lon);
    if (!isNaN(lat) && !isNaN(lon)) {
      var placeMap = makeMap(placeMapElement, {
        zoomControl: false, dragging: false, touchZoom: false, doubleClickZoom: false,
        boxZoom: false, keyboard: false, tap: false,
      });
      var outline = readJSON(placeMapElement.dataset.quartier);
      if (outline) {
        drawQuartiers(placeMap, [{ name: placeMapElement.dataset.quartierName || "", boundary: outline }]);
      }
      if (placeMapElement.dataset.tiles || !outline) { placeMap.setView([lat, lon], 16); }
      L.circleMarker([lat, lon], { radius: 9, color: "#7a3b00", weight: 3, fillColor: "#7a3b00", fillOpacity: 0.8, interactive: false })
        .addTo(placeMap);
    }
  }

  // --- The point picker of the contribution form -------------------------------------------
  var picker = document.getElementById("map-picker");
  if (!picker) return;
  var latInput = document.getElementById(picker.dataset.lat);
  var lonInput = document.getElementById(picker.dataset.lon);
  var quartierSelect = document.getElementById(picker.dataset.quartierField);
  var status = document.getElementById("map-status");
  var texts = status ? status.dataset : {};
  var quartiers = readJSON(picker.dataset.quartiers) || [];
  var pickMap = makeMap(picker);
  drawQuartiers(pickMap, quartiers);
  var marker = null;

  function say(text, kind) {
    if (!status) return;
    status.textContent = text;
    status.classList.toggle("map-status--warning", kind === "warning");
    status.classList.toggle("map-status--ok", kind === "ok");
  }

  function scopeNames() {
    return quartiers.filter(function (q) { return q.in_scope !== false; })
      .map(function (q) { return q.name; }).join(", ");
  }

  // The feedback once a point is placed: its quartier, at once, and the quartier field follows.
  function describe(lat, lon, address) {
    if (!quartiers.length) {
      say(address ? texts.placedNoQuartier + " " + address : texts.placedNoQuartier, "ok");
      return;
    }
    var q = quartierAt(quartiers, lat, lon);
    if (!q) {
      if (quartierSelect) { quartierSelect.value = ""; }
      say(fill(texts.outsideCommune, {}), "warning");
      return;
    }
    if (q.in_scope === false) {
      if (quartierSelect) { quartierSelect.value = ""; }
      say(fill(texts.outsideDemarche, { quartier: q.name, names: scopeNames() }), "warning");
      return;
    }
    if (quartierSelect) { quartierSelect.value = String(q.id); }
    say(address ? fill(texts.placedAddress, { address: address, quartier: q.name }) : fill(texts.placed, { quartier: q.name }), "ok");
  }

  function place(lat, lon, options) {
    options = options || {};
    if (marker) { marker.setLatLng([lat, lon]); }
    else { marker = L.marker([lat, lon], { keyboard: false, title: texts.marker || "" }).addTo(pickMap); }
    if (options.fields !== false) {
      if (latInput) { latInput.value = Number(lat).toFixed(6); }
      if (lonInput) { lonInput.value = Number(lon).toFixed(6); }
    }
    if (options.zoom) {
      // With tiles, close enough to see the street; without, the quartiers stay in view.
      if (picker.dataset.tiles) { pickMap.setView([lat, lon], Math.max(pickMap.getZoom(), 17)); }
      else { pickMap.panTo([lat, lon]); }
    }
    if (options.describe !== false) { describe(Number(lat), Number(lon), options.address || ""); }
  }

  if (latInput && lonInput && latInput.value && lonInput.value) {
    var lat0 = parseFloat(latInput.value.replace(",", ".")), lon0 = parseFloat(lonInput.value.replace(",", "."));
    // After a refused submission the server's message stays; otherwise the quartier is said.
    if (!isNaN(lat0) && !isNaN(lon0)) { place(lat0, lon0, { fields: false, describe: !(status && status.textContent.trim()) }); }
  }
  pickMap.on("click", function (event) {
    place(event.latlng.lat, event.latlng.lng);
  });
  [latInput, lonInput].forEach(function (input) {
    if (!input) return;
    input.addEventListener("change", function () {
      var lat = parseFloat(latInput.value.replace(",", ".")), lon = parseFloat(lonInput.value.replace(",", "."));
      if (!isNaN(lat) && !isNaN(lon)) { place(lat, lon, { fields: false }); }
    });
  });

  // --- Address search: a combobox over the server's proxy to the geocoder -----------------
  var search = document.getElementById("address-search");
  if (!search) return;
  search.hidden = false;
  var input = document.getElementById("adresse");
  var list = document.getElementById("adresse-resultats");
  var searchStatus = document.getElementById("adresse-etat");
  var findButton = document.getElementById("adresse-chercher");
  var locateButton = document.getElementById("ma-position");
  var stexts = search.dataset;
  var results = [], active = -1, timer = null, sequence = 0;

  function sayFound(text) { searchStatus.textContent = text; }

  function close() {
    list.hidden = true;
    list.innerHTML = "";
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  }

  function highlight(index) {
    var options = list.querySelectorAll("[role=option]");
    options.forEach(function (option, i) { option.setAttribute("aria-selected", i === index ? "true" : "false"); });
    active = index;
    if (index >= 0 && options[index]) {
      input.setAttribute("aria-activedescendant", options[index].id);
      options[index].scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }

  function choose(index) {
    var result = results[index];
    if (!result) return;
    input.value = result.label;
    close();
    sayFound("");
    place(result.lat, result.lon, { zoom: true, address: result.label });
  }

  function show(found) {
    results = found;
    list.innerHTML = "";
    found.forEach(function (result, i) {
      var option = document.createElement("li");
      option.id = "adresse-option-" + i;
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      option.textContent = result.label;
      if (result.quartier) {
        var where = document.createElement("span");
        where.className = "address-search__quartier";
        where.textContent = " — " + result.quartier.name;
        option.appendChild(where);
      }
      option.addEventListener("mousedown", function (event) { event.preventDefault(); });
      option.addEventListener("click", function () { choose(i); });
      list.appendChild(option);
    });
    list.hidden = !found.length;
    input.setAttribute("aria-expanded", found.length ? "true" : "false");
    active = -1;
    sayFound(found.length ? fill(stexts.found, { n: found.length }) : stexts.none);
  }

  function fetchJSON(url) {
    return fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        return response.json().catch(function () { return {}; }).then(function (body) {
          if (!response.ok) {
            throw new Error((body && body.error && body.error.message) || stexts.failed);
          }
          return body;
        });
      });
  }

  function run(query) {
    var mine = ++sequence;
    if (query.length < 3) { close(); sayFound(query ? stexts.tooShort : ""); return; }
    sayFound(stexts.searching);
    fetchJSON(search.dataset.url + "?q=" + encodeURIComponent(query)).then(function (body) {
      if (mine !== sequence) return;
      show(Array.isArray(body.results) ? body.results : []);
    }).catch(function (error) {
      if (mine !== sequence) return;
      close();
      sayFound(error.message || stexts.failed);
    });
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    var query = input.value.trim();
    timer = setTimeout(function () { run(query); }, 350);
  });
  input.addEventListener("keydown", function (event) {
    var count = results.length;
    if (event.key === "ArrowDown" && !list.hidden && count) {
      event.preventDefault();
      highlight((active + 1) % count);
    } else if (event.key === "ArrowUp" && !list.hidden && count) {
      event.preventDefault();
      highlight((active - 1 + count) % count);
    } else if (event.key === "Enter") {
      // Never submits the contribution form: picks the highlighted address, or searches.
      event.preventDefault();
      if (!list.hidden && active >= 0) { choose(active); }
      else { clearTimeout(timer); run(input.value.trim()); }
    } else if (event.key === "Escape") {
      if (!list.hidden) { event.preventDefault(); close(); }
    }
  });
  input.addEventListener("blur", function () { setTimeout(close, 150); });
  if (findButton) {
    findButton.addEventListener("click", function () { clearTimeout(timer); run(input.value.trim()); input.focus(); });
  }

  if (locateButton) {
    locateButton.addEventListener("click", function () {
      if (!navigator.geolocation) { say(stexts.geoUnsupported, "warning"); return; }
      say(stexts.locating);
      navigator.geolocation.getCurrentPosition(function (position) {
        var lat = position.coords.latitude, lon = position.coords.longitude;
        place(lat, lon, { zoom: true });
        fetchJSON(search.dataset.reverseUrl + "?lat=" + lat.toFixed(6) + "&lon=" + lon.toFixed(6)).then(function (body) {
          var found = Array.isArray(body.results) && body.results[0];
          if (found) { input.value = found.label; describe(lat, lon, found.label); }
        }).catch(function () { /* the point is placed; its address is only a help */ });
      }, function () {
        say(stexts.geoDenied, "warning");
      }, { enableHighAccuracy: true, timeout: 10000, maximumAge: 60000 });
    });
  }
})();
