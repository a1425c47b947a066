// The dashboard's page script: fetches the API (same cookie, same site scope as the pages) and refreshes every few
// seconds, so new readings and alarms appear without a reload. No inline script (the CSP forbids it).
"use strict";

const POLL_MS = 2000;
const body = document.body;
const page = body.dataset.page;
const site = body.dataset.site;
const thing = body.dataset.thing;

function utc(ms) { return new Date(ms).toISOString().replace("T", " ").slice(0, 19); }
function num(v, digits = 1) { return v === null || v === undefined ? "–" : Number(v).toFixed(digits); }
function cell(text, cls) { const td = document.createElement("td"); td.textContent = text; if (cls) td.className = cls; return td; }
function row(cells) { const tr = document.createElement("tr"); cells.forEach(c => tr.appendChild(typeof c === "string" ? cell(c) : c)); return tr; }
function link(href, text) { const td = document.createElement("td"); const a = document.createElement("a"); a.href = href; a.textContent = text; td.appendChild(a); return td; }
function badge(state) { const td = document.createElement("td"); const s = document.createElement("span"); s.className = "state state-" + state; s.textContent = state; td.appendChild(s); return td; }
function lag(ms) { return ms >= 0 ? `${num(ms / 1000)} s` : `device clock ${num(-ms / 1000)} s ahead`; }
const LEVELS = ["clear", "low", "high"];
function fill(tbody, rows) { tbody.replaceChildren(...rows); }

async function getJson(url) {
  const response = await fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } });
  const body = await response.json().catch(() => ({ error: response.statusText }));
  if (response.status === 401) { location.href = "/login?ReturnUrl=" + encodeURIComponent(location.pathname); }
  if (!response.ok) throw new Error(body.error || response.statusText);
  return body;
}

function every(ms, task) {
  let running = false;
  const tick = async () => { if (running) return; running = true; try { await task(); } finally { running = false; } };
  tick();
  return setInterval(tick, ms);
}

// ---------- overview ----------
// The estimate lines come as text from the API (the same text the page prints); a store that gains the estimates table
// while the page is open turns the "not available" line into the list.
function refreshOverviewEstimates(siteSection, estimates) {
  if (!estimates) return;
  let list = siteSection.querySelector("ul.estimate");
  if (!list) {
    list = document.createElement("ul");
    list.className = "estimate";
    const old = siteSection.querySelector("p.estimate");
    if (old) old.replaceWith(list); else siteSection.querySelector("h2").after(list);
  }
  list.replaceChildren(...estimates.map(e => { const li = document.createElement("li"); li.dataset.kind = e.kind; li.textContent = e.text; return li; }));
}

async function refreshOverview() {
  const sites = await getJson("/api/sites");
  for (const s of sites) {
    const siteSection = document.querySelector(`section[data-site-id="${CSS.escape(s.id)}"]`);
    if (!siteSection) continue;
    refreshOverviewEstimates(siteSection, s.estimates);
    const section = siteSection.querySelector("tbody");
    if (!section) continue;
    fill(section, s.sensors.map(x => {
      // A met station's newest wind stands in place of CH4, LEL and ambient (as the server-rendered page has it).
      let values;
      if (x.wind) { const td = cell("wind: " + x.windText, "wind"); td.colSpan = 3; values = [td]; }
      else values = [num(x.ch4Ppm), num(x.lelPct), num(x.ch4AmbPpm, 2)];
      const tr = row([link("/devices/" + encodeURIComponent(x.thing), x.thing), badge(x.state), ...values, utc(x.eventMs), x.flags.join(", ")]);
      tr.dataset.thing = x.thing;
      return tr;
    }));
  }
}

// ---------- site map ----------
// A scatter chart in site metres (east, north; equal metres per pixel on both axes): each sensor coloured by its state
// (the badge colours, read from the stylesheet so both stay one), the met station, the candidate sources, and the
// source(s) the newest 15-min estimate detected, with their rate. Refreshed with the page's polling.
const MAP_STATES = ["ok", "warming", "alarm", "offline", "faulty", "none"];
const MAP_STATE_WORDS = { none: "no reading" };
const MAP_PAD = 0.08;
const stateColours = {};
const siteMaps = {};

function stateColour(state) {
  if (!(state in stateColours)) {
    const probe = document.createElement("span");
    probe.className = "state state-" + state;
    document.body.appendChild(probe);
    stateColours[state] = getComputedStyle(probe).backgroundColor;
    probe.remove();
  }
  return stateColours[state];
}

// Names next to the points (chart.js draws no labels itself); a local plugin of the map charts only. Each label takes the
// first of ten places around its point that overlaps no marker and no label placed before it and is nearer to its own
// point than to any other (detected sources and sensors first), else the place with the least such cost.
const LABEL_PLACES = [[1, -1], [1, 1], [-1, -1], [-1, 1], [0, -1.6], [0, 1.6], [1, 0], [-1, 0], [0, -2.8], [0, 2.8]];

function overlap(a, b) {
  const w = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x), h = Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

const mapLabels = {
  id: "mapLabels",
  afterDatasetsDraw(chart) {
    const ctx = chart.ctx;
    const area = chart.chartArea;
    ctx.save();
    ctx.font = "11px system-ui, sans-serif";
    ctx.fillStyle = "#1d2329";
    ctx.textAlign = "left";
    ctx.textBaseline = "middle";
    const items = [];
    chart.data.datasets.forEach((ds, i) => {
      if (!chart.isDatasetVisible(i)) return;
      chart.getDatasetMeta(i).data.forEach((el, j) => items.push({ el, text: ds.data[j].text, r: ds.pointRadius || 5, rank: ds.key === "detected" ? 0 : ds.key.startsWith("state:") ? 1 : 2 }));
    });
    const taken = items.map(it => ({ x: it.el.x - it.r, y: it.el.y - it.r, w: 2 * it.r, h: 2 * it.r }));
    items.sort((a, b) => a.rank - b.rank);
    const h = 12;
    for (const it of items) {
      const w = ctx.measureText(it.text).width;
      let best = null, bestCost = Infinity;
      for (const [dx, dy] of LABEL_PLACES) {
        const gap = it.r + 3;
        const x = dx > 0 ? it.el.x + gap : dx < 0 ? it.el.x - gap - w : it.el.x - w / 2;
        const y = it.el.y + dy * (gap + h / 2 - (dx === 0 ? 0 : gap / 2)) - h / 2;
        const box = { x, y, w, h };
        let cost = 4 * taken.reduce((sum, t) => sum + overlap(box, t), 0);
        if (x < area.left || x + w > area.right || y < area.top || y + h > area.bottom) cost += w * h;
        // A label nearer to another marker than to its own would name the wrong point.
        const cx = x + w / 2, cy = y + h / 2, own = Math.hypot(cx - it.el.x, cy - it.el.y);
        if (items.some(o => o !== it && Math.hypot(cx - o.el.x, cy - o.el.y) < own)) cost += w * h / 2;
        if (cost < bestCost) { best = box; bestCost = cost; }
        if (cost === 0) break;
      }
      taken.push(best);
      ctx.fillText(it.text, best.x, best.y + h / 2);
    }
    ctx.restore();
  },
};

// Equal scaling: after each layout the axis ranges are set so that a metre is as many pixels east as north (the chart
// area is not square: axis labels and legend take room); a few re-layouts converge as tick labels change width.
function equalisedRanges(chart) {
  const b = chart.$bounds, a = chart.chartArea;
  if (!b || !a || a.width <= 0 || a.height <= 0) return null;
  const spanE = (b.eastMax - b.eastMin) * (1 + 2 * MAP_PAD), spanN = (b.northMax - b.northMin) * (1 + 2 * MAP_PAD);
  const mpp = Math.max(spanE / a.width, spanN / a.height);
  const cE = (b.eastMin + b.eastMax) / 2, cN = (b.northMin + b.northMax) / 2;
  return { mpp, x: [cE - mpp * a.width / 2, cE + mpp * a.width / 2], y: [cN - mpp * a.height / 2, cN + mpp * a.height / 2] };
}

const equalScale = {
  id: "equalScale",
  afterUpdate(chart) {
    const want = equalisedRanges(chart);
    if (!want) return;
    const x = chart.options.scales.x, y = chart.options.scales.y;
    const near = (p, q) => p !== undefined && Math.abs(p - q) < want.mpp * 0.5;
    if (near(x.min, want.x[0]) && near(x.max, want.x[1]) && near(y.min, want.y[0]) && near(y.max, want.y[1])) { chart.$rounds = 0; return; }
    if ((chart.$rounds = (chart.$rounds || 0) + 1) > 4) return;
    [x.min, x.max, y.min, y.max] = [...want.x, ...want.y];
    setTimeout(() => chart.update("none"), 0);
  },
};

function newSiteMap(canvas) {
  const dataset = (key, label, style) => Object.assign({ key, label, data: [], borderColor: "#fff", borderWidth: 1 }, style);
  const datasets = MAP_STATES.map(s => dataset("state:" + s, MAP_STATE_WORDS[s] || s,
    { pointStyle: "circle", pointRadius: 7, pointHoverRadius: 9, backgroundColor: stateColour(s) }));
  datasets.push(
    dataset("met", "met station", { pointStyle: "triangle", pointRadius: 9, pointHoverRadius: 11, backgroundColor: "#1f77b4" }),
    dataset("source", "candidate source", { pointStyle: "rect", pointRadius: 6, pointHoverRadius: 8, backgroundColor: "#34495e" }),
    dataset("detected", "detected source (15-min estimate)", { pointStyle: "rectRot", pointRadius: 13, pointHoverRadius: 15,
      backgroundColor: "rgba(230, 126, 34, 0.9)", borderColor: "#c0392b", borderWidth: 2 }));
  const axis = text => ({ type: "linear", title: { display: true, text }, ticks: { includeBounds: false, callback: v => Math.round(v) } });
  return new Chart(canvas, {
    type: "scatter",
    data: { datasets },
    options: {
      animation: false, maintainAspectRatio: false,
      scales: { x: axis("east (m)"), y: axis("north (m)") },
      plugins: {
        legend: { position: "bottom", labels: { usePointStyle: true, boxHeight: 8, filter: (item, data) => data.datasets[item.datasetIndex].data.length > 0 } },
        tooltip: { callbacks: { label: c => `${c.raw.text} (${c.raw.x} m E, ${c.raw.y} m N)` } },
      },
    },
    plugins: [mapLabels, equalScale],
  });
}

function mapPoints(data) {
  const points = {};
  for (const s of MAP_STATES) points["state:" + s] = [];
  for (const s of data.sensors) {
    points["state:" + (s.state || "none")].push({ x: s.eastM, y: s.northM, thing: s.thing, state: s.stateWords, text: `${s.thing} · ${s.stateWords}` });
  }
  const m = data.metStation;
  points.met = [{ x: m.eastM, y: m.northM, thing: m.thing, text: `${m.thing} (met)` }];
  points.source = data.sources.filter(c => !c.detected).map(c => ({ x: c.eastM, y: c.northM, name: c.name, text: c.label }));
  points.detected = data.sources.filter(c => c.detected).map(c => ({ x: c.eastM, y: c.northM, name: c.name, rateKgH: c.rateKgH, text: c.label }));
  return points;
}

async function refreshSiteMap(figure) {
  const id = figure.dataset.site;
  const note = figure.querySelector(".map-note");
  const box = figure.querySelector(".map-canvas");
  let data;
  try { data = await getJson(`/api/sites/${encodeURIComponent(id)}/map`); } catch (e) { note.textContent = "Site map: " + e.message; return; }
  if (!data.available) { box.hidden = true; note.textContent = "No site map: " + data.reason; return; }
  box.hidden = false;
  const canvas = box.querySelector("canvas");
  const chart = siteMaps[id] || (siteMaps[id] = newSiteMap(canvas));
  const points = mapPoints(data);
  chart.$bounds = data.boundary;
  chart.$rounds = 0;
  chart.data.datasets.forEach(ds => { ds.data = points[ds.key]; });
  chart.update("none");
  // For tests and scripts: each sensor's state word and the highlighted source(s), as drawn.
  canvas.dataset.states = JSON.stringify(Object.fromEntries(data.sensors.map(s => [s.thing, s.stateWords])));
  canvas.dataset.detected = data.sources.filter(c => c.detected).map(c => c.label).join("; ");
  note.textContent = data.note;
}

function refreshSiteMaps() { return Promise.all([...document.querySelectorAll("figure.site-map")].map(refreshSiteMap)); }

// ---------- site ----------
const palette = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf"];
let chart = null;
let windChart = null;
let query = "range=1h";
// null: the server's choice (ambient when any sensor of the site has ambient values in the range, else ppm), until the user picks.
let measure = null;
let live = true;
// The newest chart request wins: a poll answered after a switch of measure or range must not draw the old one.
let chartTicket = 0;

function timeAxis() {
  return { type: "linear", ticks: { callback: v => utc(v).slice(11), maxTicksLimit: 8 }, title: { display: true, text: "UTC" } };
}

function ensureChart() {
  if (chart) return chart;
  const ctx = document.getElementById("ch4-chart");
  chart = new Chart(ctx, {
    type: "line",
    data: { datasets: [] },
    options: {
      animation: false, parsing: false, normalized: true, spanGaps: false, maintainAspectRatio: false,
      interaction: { mode: "nearest", intersect: false },
      scales: {
        x: timeAxis(),
        y: { title: { display: true, text: "CH4 ppm" }, beginAtZero: true },
      },
      plugins: { tooltip: { callbacks: { title: items => items.length ? utc(items[0].parsed.x) : "" } } },
    },
  });
  return chart;
}

async function refreshChart() {
  const err = document.getElementById("chart-error");
  const ticket = ++chartTicket;
  const chosen = measure ? `&measure=${encodeURIComponent(measure)}` : "";
  try {
    const data = await getJson(`/api/sites/${encodeURIComponent(site)}/readings?${query}${chosen}`);
    if (ticket !== chartTicket) return;
    err.hidden = true;
    const c = ensureChart();
    const names = Object.keys(data.series);
    c.data.datasets = names.map((name, i) => {
      const existing = c.data.datasets.find(d => d.label === name);
      const points = data.series[name].map(([t, v]) => ({ x: t, y: v }));
      if (existing) { existing.data = points; return existing; }
      const color = palette[i % palette.length];
      return { label: name, data: points, borderColor: color, backgroundColor: color, pointRadius: 0, borderWidth: 1.5 };
    });
    c.options.scales.x.min = data.from;
    c.options.scales.x.max = data.to;
    c.options.scales.y.title.text = "CH4 " + data.measureLabel;
    // Near the 2 ppm background a leak is tenths of a ppm: an axis from zero would flatten it.
    c.options.scales.y.beginAtZero = data.measure !== "ambient";
    c.update("none");
    const points = names.reduce((n, k) => n + data.series[k].length, 0);
    const canvas = document.getElementById("ch4-chart");
    canvas.dataset.points = String(points);
    canvas.dataset.measure = data.measure;
    document.getElementById("measure").value = data.measure;
    document.getElementById("range-label").textContent =
      `${utc(data.from)} – ${utc(data.to)} UTC · ${points} points` + (data.bucketMs ? ` (averages over ${Math.round(data.bucketMs / 1000)} s)` : "");
    const csv = `/api/sites/${encodeURIComponent(site)}/readings.csv?from=${data.from}&to=${data.to}`;
    document.getElementById("csv").href = `${csv}&measure=${encodeURIComponent(data.measure)}`;
    document.getElementById("csv-all").href = `${csv}&measure=all`;
  } catch (e) {
    if (ticket !== chartTicket) return;
    err.textContent = e.message;
    err.hidden = false;
  }
}

// ---------- wind (met station) ----------
const COMPASS = { 0: "N", 90: "E", 180: "S", 270: "W", 360: "N" };

function ensureWindChart() {
  if (windChart) return windChart;
  windChart = new Chart(document.getElementById("wind-chart"), {
    type: "line",
    data: { datasets: [] },
    options: {
      animation: false, parsing: false, normalized: true, spanGaps: false, maintainAspectRatio: false,
      interaction: { mode: "nearest", intersect: false },
      scales: {
        x: timeAxis(),
        speed: { position: "left", beginAtZero: true, grace: "10%", title: { display: true, text: "speed (m/s)" } },
        dir: { position: "right", min: 0, max: 360, grid: { drawOnChartArea: false }, title: { display: true, text: "direction FROM (°)" },
          ticks: { stepSize: 90, callback: v => `${v}° ${COMPASS[v] ?? ""}` } },
      },
      plugins: { tooltip: { callbacks: { title: items => items.length ? utc(items[0].parsed.x) : "" } } },
    },
  });
  return windChart;
}

// The report's words come from the server (WindWords.Line), the same line the device console prints.
function windLine(s) {
  const l = s.latest;
  if (!l) return `${s.thing}: no report`;
  return `${s.thing} at ${utc(l.eventMs)} UTC: ${l.words}`;
}

async function refreshWind() {
  const data = await getJson(`/api/sites/${encodeURIComponent(site)}/wind?${query}`);
  const c = ensureWindChart();
  const datasets = [];
  data.stations.forEach((s, i) => {
    const color = palette[i % palette.length];
    datasets.push({ label: `${s.thing} speed (m/s)`, yAxisID: "speed", data: s.speed.map(([t, v]) => ({ x: t, y: v })),
      borderColor: color, backgroundColor: color, pointRadius: 0, borderWidth: 1.5 });
    datasets.push({ label: `${s.thing} direction FROM (°)`, yAxisID: "dir", data: s.direction.map(([t, v]) => ({ x: t, y: v })),
      showLine: false, pointRadius: 2.5, borderColor: "#ff7f0e", backgroundColor: "#ff7f0e" });
  });
  c.data.datasets = datasets;
  c.options.scales.x.min = data.from;
  c.options.scales.x.max = data.to;
  c.update("none");
  const canvas = document.getElementById("wind-chart");
  canvas.dataset.speedPoints = String(data.stations.reduce((n, s) => n + s.speed.length, 0));
  canvas.dataset.directionPoints = String(data.stations.reduce((n, s) => n + s.direction.length, 0));
  document.getElementById("wind-latest").textContent = data.stations.length
    ? data.stations.map(windLine).join(" · ") + (data.bucketMs ? ` (chart: averages over ${Math.round(data.bucketMs / 1000)} s)` : "")
    : "no met station reading in this range";
}

async function acknowledge(a, button) {
  const form = new FormData(document.getElementById("ack-token"));
  form.append("thing", a.thing); form.append("seq", a.seq); form.append("eventMs", a.eventMs); form.append("source", a.source);
  button.disabled = true;
  const response = await fetch(`/api/sites/${encodeURIComponent(site)}/alarms/ack`, { method: "POST", body: form, credentials: "same-origin" });
  if (!response.ok) {
    const body = await response.json().catch(() => ({ error: response.statusText }));
    button.disabled = false;
    button.title = body.error;
    alert(body.error);
  }
  await refreshAlarms();
}

async function refreshAlarms() {
  const data = await getJson(`/api/sites/${encodeURIComponent(site)}/alarms`);
  fill(document.querySelector("#active-alarms tbody"), data.active.map(a =>
    row([link("/devices/" + encodeURIComponent(a.thing), a.thing), a.levelName, num(a.ch4Ppm), num(a.lelPct), utc(a.eventMs)])));
  fill(document.querySelector("#alarm-history tbody"), data.history.map(a => {
    let ack;
    if (a.acknowledgedBy) ack = cell(`${a.acknowledgedBy} at ${utc(a.acknowledgedAt)}`, "acked");
    else if (data.canAcknowledge && a.level > 0) {
      ack = document.createElement("td");
      const b = document.createElement("button");
      b.type = "button"; b.textContent = "Acknowledge"; b.className = "ack";
      b.addEventListener("click", () => acknowledge(a, b));
      ack.appendChild(b);
    } else ack = cell(a.level > 0 ? "open" : "");
    const tr = row([utc(a.eventMs), link("/devices/" + encodeURIComponent(a.thing), a.thing), String(a.seq), a.levelName, num(a.ch4Ppm), a.source, ack]);
    tr.dataset.thing = a.thing; tr.dataset.seq = a.seq;
    return tr;
  }));
}

async function refreshHealth() {
  const data = await getJson(`/api/sites/${encodeURIComponent(site)}/health`);
  fill(document.querySelector("#health tbody"), data.map(h => row([
    link("/devices/" + encodeURIComponent(h.thing), h.thing), badge(h.state), utc(h.lastSeenMs), lag(h.lagMs),
    h.fw ?? "–", h.flagWords.join(", ") || "none", String(h.backlogLastHour), String(h.missingReadings), h.outboxWords, h.otaWords])));
}

async function refreshEstimates() {
  const data = await getJson(`/api/sites/${encodeURIComponent(site)}/emissions`);
  if (!data.available) return;
  let table = document.getElementById("estimates");
  if (!table) {
    table = document.createElement("table");
    table.id = "estimates";
    const head = document.createElement("thead");
    head.appendChild(row(["Window (UTC)", "Length", "Estimate (kg/h, 90 % interval)"].map(t => { const th = document.createElement("th"); th.textContent = t; return th; })));
    table.append(head, document.createElement("tbody"));
    const section = document.getElementById("estimates-section");
    const old = section.querySelector("p.estimate");
    if (old) old.replaceWith(table); else section.appendChild(table);
  }
  const rows = data.blocks.concat(data.windows).map(w => { const tr = row([w.span, w.length, w.summary]); tr.dataset.kind = w.kind; return tr; });
  if (rows.length === 0) { const td = cell("no estimate yet"); td.colSpan = 3; rows.push(row([td])); }
  fill(table.querySelector("tbody"), rows);
}

function localInputToIso(value) { return value ? value + (value.length === 16 ? ":00" : "") + "Z" : ""; }

function refreshRange() { return Promise.all([refreshChart(), refreshWind()]); }

function setupSite() {
  document.querySelectorAll("button[data-range]").forEach(b => b.addEventListener("click", () => {
    document.querySelectorAll("button[data-range]").forEach(x => x.classList.toggle("selected", x === b));
    query = "range=" + encodeURIComponent(b.dataset.range);
    live = true;
    document.getElementById("live").hidden = false;
    refreshRange();
  }));
  document.getElementById("custom-range").addEventListener("submit", e => {
    e.preventDefault();
    const f = new FormData(e.target);
    query = `from=${encodeURIComponent(localInputToIso(f.get("from")))}&to=${encodeURIComponent(localInputToIso(f.get("to")))}`;
    live = false;
    document.getElementById("live").hidden = true;
    document.querySelectorAll("button[data-range]").forEach(x => x.classList.remove("selected"));
    refreshRange();
  });
  document.getElementById("measure").addEventListener("change", e => {
    measure = e.target.value;
    refreshChart();
  });
  every(POLL_MS, async () => { if (live) await refreshChart(); });
  every(POLL_MS, async () => { if (live) await refreshWind(); });
  every(POLL_MS, refreshAlarms);
  every(5000, refreshHealth);
  every(5000, refreshEstimates);
  every(5000, refreshSiteMaps);
}

// ---------- device ----------
async function refreshDevice() {
  const d = await getJson(`/api/devices/${encodeURIComponent(thing)}`);
  const h = d.health;
  const latest = d.recent[0];
  document.getElementById("console").textContent = [
    `thing      ${d.thing}`,
    `site       ${d.site}`,
    `state      ${h ? h.state : "–"}`,
    `firmware   ${h && h.fw ? h.fw : "–"}`,
    `last seen  ${h ? utc(h.lastSeenMs) + " UTC (receive lag " + lag(h.lagMs) + ")" : "–"}`,
    `flags      ${h ? (h.flagWords.join(", ") || "none") : "–"}`,
    ...(d.role === "met" ? [] : [`ch4        ${latest ? num(latest.ch4Ppm) + " ppm, LEL " + num(latest.lelPct) + " %" : "–"}`]),
    ...(d.ambient ? [`ambient    ${d.ambient.words}`] : []),
    ...(d.wind ? [`wind       ${utc(d.wind.eventMs)} UTC: ${d.wind.words}`] : []),
    `env        ${latest ? num(latest.tempC) + " °C, " + num(latest.rhPct) + " %RH" : "–"}`,
    `replayed   ${h ? h.backlogLastHour + " readings from the outbox in the last hour" : "–"}`,
    `outbox     ${h ? h.outboxWords : "–"}`,
    `session    ${h && h.outbox ? (h.outbox.sessionState ?? "–") + ", " + (h.outbox.reconnects ?? "–") + " reconnects, last error " + (h.outbox.lastError ?? "–") : "–"}`,
    `ota        ${h ? h.otaWords : "–"}`,
    `seq        ${latest ? latest.seq : "–"} (missing ${h ? h.missingReadings : "–"}, restarts ${h ? h.seqRestarts : "–"})`,
  ].join("\n");
  const recent = document.getElementById("recent");
  fill(recent.querySelector("tbody"), d.recent.map(r => {
    const w = r.wind;
    const values = recent.dataset.kind === "met"
      ? [num(w && w.speedMs), num(w && w.dirDeg, 0), num(w && w.gustMs), num(w && w.sigmaDeg), w ? (w.windFlagWords.join(", ") || "none") : "–"]
      : [num(r.ch4Ppm), num(r.lelPct), num(r.ch4AmbPpm, 2)];
    return row([utc(r.eventMs), String(r.seq), ...values, num(r.tempC), num(r.rhPct), r.quality, String(r.flags), r.source]);
  }));
  fill(document.querySelector("#device-alarms tbody"), d.alarms.map(a => row([utc(a.eventMs), String(a.seq), LEVELS[a.level] ?? `level ${a.level}`, num(a.ch4Ppm), a.source])));
}

if (page === "overview") every(5000, () => Promise.all([refreshOverview(), refreshSiteMaps()]));
else if (page === "site") setupSite();
else if (page === "device") every(POLL_MS, refreshDevice);
