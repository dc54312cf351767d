// avocet dashboard.
//
// Reads the JSON API under /api/v1 and draws the header stats, the
// conflict/cooperation timeline (uPlot), the event table with highlighted
// evidence, the actor network (Cytoscape.js), the map of event locations
// (d3-geo + topojson-client) and the people, organisations, places and
// themes of the matching articles. The filter state lives in the query
// string.
//
// Safety rules for this file: text from the API goes into the page only
// through textContent, createTextNode or setAttribute on non-URL
// attributes; never by parsing strings as HTML. A URL from the data
// becomes an href only after safeHref accepts it (http and https only).
//
// For tests: window.avocetReady is set once the first load has finished,
// and document.body.dataset carries counts (events, seriesTotal, nodes,
// edges, located, people, orgs, places, themes) after every load.
(function () {
  'use strict';

  const API = '/api/v1';
  const PAGE_SIZE = 50; // rows per table page, unless the URL says limit=N (1-1000)
  const SVGNS = 'http://www.w3.org/2000/svg';

  // QuadClass 1-4, in GDELT's order. Colours are shared by the chart, the
  // table badges and the filter checkboxes (app.css .q1-.q4).
  const QUADS = [
    { n: 1, label: 'Verbal cooperation', short: 'VCoop', color: '#5fa55a' },
    { n: 2, label: 'Material cooperation', short: 'MCoop', color: '#1b6b3a' },
    { n: 3, label: 'Verbal conflict', short: 'VConf', color: '#e8892b' },
    { n: 4, label: 'Material conflict', short: 'MConf', color: '#c7271f' },
  ];
  const GOLD_COLOR = '#5b4a9e';

  // Filters shown in the form; each is one query-string parameter.
  const FORM_FIELDS = ['source', 'target', 'actor', 'code', 'from', 'to', 'q', 'person', 'org', 'place', 'theme'];
  // Filters the API understands that the form does not show; they are kept
  // when present in the URL (links such as ?article=ID use them).
  const EXTRA_FIELDS = ['country', 'sector', 'min_goldstein', 'max_goldstein', 'article', 'entity'];
  const FILTER_FIELDS = FORM_FIELDS.concat(EXTRA_FIELDS);

  // The knowledge panels: what the matching articles name, each list with
  // the filter parameter its entries set. person, org and theme filter
  // events by their article; place by the event's own place.
  const KNOWLEDGE = [
    { panel: 'people', param: 'person', label: 'Person', types: ['PER'], verb: 'name' },
    { panel: 'orgs', param: 'org', label: 'Organisation', types: ['ORG'], verb: 'name' },
    { panel: 'places', param: 'place', label: 'Place', types: ['GPE', 'LOC'], verb: 'name' },
    { panel: 'themes', param: 'theme', label: 'Theme', types: null, verb: 'have' },
  ];
  const KNOWLEDGE_N = 10; // entries per list
  const INTERVALS = ['day', 'week', 'month'];

  const $ = (id) => document.getElementById(id);

  // ---------------------------------------------------------------- state

  function readState(search) {
    const p = new URLSearchParams(search);
    const st = { quad: [], interval: 'month' };
    for (const f of FILTER_FIELDS) st[f] = (p.get(f) || '').trim();
    const quads = (p.get('quad') || '').split(',');
    st.quad = QUADS.map((q) => String(q.n)).filter((n) => quads.includes(n));
    const iv = p.get('interval');
    if (INTERVALS.includes(iv)) st.interval = iv;
    const limit = Number(p.get('limit'));
    st.limit = Number.isInteger(limit) && limit >= 1 && limit <= 1000 ? limit : PAGE_SIZE;
    return st;
  }

  // queryString returns the page URL's query for st (filters only).
  function queryString(st) {
    const p = new URLSearchParams();
    for (const f of FILTER_FIELDS) if (st[f]) p.set(f, st[f]);
    if (st.quad.length) p.set('quad', st.quad.join(','));
    if (st.interval !== 'month') p.set('interval', st.interval);
    if (st.limit !== PAGE_SIZE) p.set('limit', String(st.limit));
    const s = p.toString();
    return s ? '?' + s : '';
  }

  // apiParams returns the API filter parameters for st, leaving out the
  // fields named in omit.
  function apiParams(st, omit) {
    const p = new URLSearchParams();
    const skip = new Set(omit || []);
    for (const f of FILTER_FIELDS) {
      if (st[f] && !skip.has(f)) p.set(f, st[f]);
    }
    if (st.quad.length && !skip.has('quad')) p.set('quad', st.quad.join(','));
    return p;
  }

  let state = readState(location.search);
  let generation = 0; // bumps on every load; stale answers are dropped

  // ---------------------------------------------------------------- helpers

  // el builds an element. attrs may hold className, dataset (object),
  // text (textContent) and plain attributes; never pass an href here.
  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k === 'className') e.className = v;
      else if (k === 'text') e.textContent = String(v);
      else if (k === 'dataset') Object.assign(e.dataset, v);
      else if (k === 'href' || k === 'src' || k.startsWith('on')) throw new Error('el: ' + k + ' not allowed');
      else e.setAttribute(k, String(v));
    }
    for (const c of children) {
      if (c === undefined || c === null || c === false) continue;
      e.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return e;
  }

  function svg(tag, attrs) {
    const e = document.createElementNS(SVGNS, tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, String(v));
    return e;
  }

  // safeHref returns url when it is an absolute http or https URL, else null.
  function safeHref(url) {
    if (typeof url !== 'string' || url === '') return null;
    let u;
    try {
      u = new URL(url);
    } catch (e) {
      return null;
    }
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  }

  // link shows url as a link when it is safe, else as plain text.
  function link(url, label) {
    const href = safeHref(url);
    if (!href) return el('span', { className: 'url-text', text: label || url });
    const a = el('a', { rel: 'noopener noreferrer', target: '_blank', text: label || url });
    a.href = href;
    return a;
  }

  // pageLink links to this dashboard with the filters of st.
  function pageLink(st, label, title) {
    const a = el('a', { className: 'filter-link', text: label, title: title });
    a.href = location.pathname + queryString(st);
    a.addEventListener('click', (ev) => {
      if (ev.button !== 0 || ev.metaKey || ev.ctrlKey || ev.shiftKey) return;
      ev.preventDefault();
      navigate(st);
    });
    return a;
  }

  // field reads obj[name], falling back to a key that differs only in case
  // and underscores ("quad_class", "QuadClass", "quadClass").
  function field(obj, name) {
    if (!obj || typeof obj !== 'object') return undefined;
    if (name in obj) return obj[name];
    const want = name.toLowerCase().replace(/_/g, '');
    for (const k of Object.keys(obj)) {
      if (k.toLowerCase().replace(/_/g, '') === want) return obj[k];
    }
    return undefined;
  }

  function str(v) {
    return v === undefined || v === null ? '' : String(v);
  }

  // day returns the YYYY-MM-DD part of an API date, or '' for none (Go's
  // zero time included).
  function day(v) {
    const s = str(v);
    if (s === '' || s.startsWith('0001-01-01')) return '';
    return s.slice(0, 10);
  }

  function num(v) {
    const n = Number(v);
    return Number.isFinite(n) ? n : null;
  }

  function fmtInt(n) {
    return n === null || n === undefined ? '–' : Number(n).toLocaleString('en-US');
  }

  function plural(n, word) {
    return fmtInt(n) + ' ' + word + (n === 1 ? '' : 's');
  }

  function fmtGold(g) {
    if (g === null) return '–';
    return (g > 0 ? '+' : g < 0 ? '−' : '') + Math.abs(g).toFixed(1);
  }

  async function getJSON(path, params) {
    const q = params && params.toString();
    const url = q ? path + '?' + q : path;
    const res = await fetch(url, { headers: { Accept: 'application/json' } });
    if (!res.ok) {
      let msg = res.status + ' ' + res.statusText;
      try {
        const body = await res.json();
        const detail = body && (body.error || body.detail || body.title || body.message);
        if (detail) msg += ': ' + detail;
      } catch (e) {
        // not JSON; the status says enough
      }
      throw new Error(path + ': ' + msg);
    }
    return res.json();
  }

  function showError(err) {
    const box = $('alert');
    const line = el('div', { text: 'Could not load: ' + (err && err.message ? err.message : String(err)) });
    box.append(line);
    box.hidden = false;
  }

  function clearError() {
    const box = $('alert');
    box.replaceChildren();
    box.hidden = true;
  }

  // ---------------------------------------------------------------- codes

  // The CAMEO codebook, from /cameo.json: code -> {name, quad, goldstein}.
  const codesPromise = getJSON('cameo.json').catch((err) => {
    showError(err);
    return {};
  });

  // codeName returns the codebook name of code, or of its base or root.
  function codeName(codes, code) {
    for (const k of [code, code.slice(0, 3), code.slice(0, 2)]) {
      const c = codes[k];
      if (c && c.name) return prettyName(c.name);
    }
    return '';
  }

  // Root names are in capitals in the codebook ("CONSULT").
  function prettyName(name) {
    if (name !== name.toUpperCase()) return name;
    const s = name.toLowerCase();
    return s.charAt(0).toUpperCase() + s.slice(1);
  }

  async function fillCodeList() {
    const codes = await codesPromise;
    const list = $('root-codes');
    const roots = Object.keys(codes).filter((k) => k.length === 2).sort();
    list.replaceChildren(...roots.map((k) => {
      const o = el('option', { text: k + ' ' + prettyName(codes[k].name) });
      o.value = k;
      return o;
    }));
  }

  // ---------------------------------------------------------------- form

  function fillForm(st) {
    const form = $('filters');
    for (const f of FORM_FIELDS) form.elements[f].value = st[f];
    for (const box of form.querySelectorAll('input[name=quad]')) box.checked = st.quad.includes(box.value);
    form.elements.interval.value = st.interval;

    fillChips(st);

    const extra = $('extra-filters');
    const shown = EXTRA_FIELDS.filter((f) => st[f]);
    extra.replaceChildren();
    extra.hidden = shown.length === 0;
    if (shown.length) {
      extra.append('Also filtered by ');
      shown.forEach((f, i) => {
        if (i) extra.append(', ');
        extra.append(el('code', { text: f + '=' + st[f] }));
      });
      const clear = Object.assign({}, st);
      for (const f of EXTRA_FIELDS) clear[f] = '';
      extra.append(' ', pageLink(clear, 'clear', 'Remove these filters'));
    }
  }

  // fillChips shows the knowledge filters of st as chips, each with a
  // button that removes it.
  function fillChips(st) {
    const box = $('chips');
    const set = KNOWLEDGE.filter((k) => st[k.param]);
    box.replaceChildren(...set.map((k) => {
      const without = Object.assign({}, st, { [k.param]: '' });
      const remove = el('button', {
        type: 'button', className: 'chip-remove', title: 'Remove this filter',
        'aria-label': 'Remove the ' + k.label.toLowerCase() + ' filter', dataset: { testid: 'chip-remove' }, text: '×',
      });
      remove.addEventListener('click', () => navigate(without));
      return el('span', { className: 'chip', dataset: { testid: 'chip-' + k.param } },
        el('span', { className: 'chip-label', text: k.label }),
        el('span', { className: 'chip-value', text: st[k.param] }),
        remove);
    }));
    box.hidden = set.length === 0;
  }

  function formState() {
    const form = $('filters');
    const st = readState(''); // defaults
    for (const f of FORM_FIELDS) st[f] = form.elements[f].value.trim();
    for (const f of EXTRA_FIELDS) st[f] = state[f];
    st.limit = state.limit;
    st.quad = Array.from(form.querySelectorAll('input[name=quad]:checked'), (b) => b.value);
    st.interval = form.elements.interval.value;
    return st;
  }

  function navigate(st) {
    state = st;
    history.pushState(null, '', location.pathname + queryString(st));
    fillForm(st);
    load();
  }

  // ---------------------------------------------------------------- stats

  async function loadStats() {
    const s = await getJSON(API + '/stats');
    const set = (key, text) => {
      document.querySelector('[data-stat="' + key + '"]').textContent = text;
    };
    set('articles', fmtInt(num(field(s, 'articles'))));
    set('events', fmtInt(num(field(s, 'events'))));
    set('errors', fmtInt(num(field(s, 'errors'))));
    const first = day(field(s, 'first_event'));
    const last = day(field(s, 'last_event'));
    set('range', first ? first + ' – ' + last : '–');
    const ingest = str(field(s, 'last_ingest'));
    set('ingest', day(ingest) ? ingest.slice(0, 16).replace('T', ' ') + ' UTC' : '–');
  }

  // ---------------------------------------------------------------- timeline

  let plot = null;

  function dyadTitle(st) {
    if (st.source || st.target) return (st.source || 'any') + ' → ' + (st.target || 'any');
    if (st.actor) return st.actor + ' (either side)';
    return 'all actors';
  }

  async function loadSeries(gen) {
    const p = apiParams(state);
    p.set('interval', state.interval);
    const data = await getJSON(API + '/series', p);
    if (gen !== generation) return;
    drawSeries(Array.isArray(data.points) ? data.points : []);
  }

  // nextBucket returns the start of the bucket after the one starting at
  // t (milliseconds, UTC midnight).
  function nextBucket(t, interval) {
    const d = new Date(t);
    if (interval === 'month') return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
    return t + (interval === 'week' ? 7 : 1) * 86400000;
  }

  // MAX_BUCKETS bounds the gap filling: past it, empty buckets stay out.
  const MAX_BUCKETS = 5000;

  // seriesData turns the API's points (empty buckets left out) into uPlot
  // columns with every bucket from the first to the last: zero events and
  // no mean Goldstein where the API had no point.
  function seriesData(points, interval) {
    const byTime = new Map();
    for (const pt of points) {
      const start = str(field(pt, 'start'));
      const t = Date.parse(start.length === 10 ? start + 'T00:00:00Z' : start);
      if (Number.isFinite(t)) byTime.set(t, pt);
    }
    let times = Array.from(byTime.keys()).sort((a, b) => a - b);
    if (times.length > 1) {
      const all = [];
      for (let t = times[0]; t <= times[times.length - 1] && all.length <= MAX_BUCKETS; t = nextBucket(t, interval)) all.push(t);
      if (all.length <= MAX_BUCKETS && all[all.length - 1] === times[times.length - 1]) times = all;
    }
    const xs = [];
    const quads = QUADS.map(() => []);
    const gold = [];
    for (const t of times) {
      const pt = byTime.get(t);
      xs.push(t / 1000);
      const q = (pt && field(pt, 'quad')) || [];
      QUADS.forEach((_, i) => quads[i].push(num(q[i]) || 0));
      gold.push(pt && num(field(pt, 'events')) ? num(field(pt, 'goldstein')) : null);
    }
    return { xs, quads, gold };
  }

  function drawSeries(points) {
    const interval = state.interval;
    const { xs, quads, gold } = seriesData(points, interval);
    const perQuad = quads.map((arr) => arr.reduce((a, b) => a + b, 0));
    const total = perQuad.reduce((a, b) => a + b, 0);
    document.body.dataset.seriesTotal = String(total);
    document.body.dataset.seriesQuads = perQuad.join(',');
    $('dyad').textContent = dyadTitle(state);
    $('series-note').textContent = total
      ? plural(total, 'event') + ' by ' + interval + ' · ' + perQuad.map((n, i) => QUADS[i].short + ' ' + fmtInt(n)).join(' · ')
      : '';
    $('event-count').textContent = total ? '(' + fmtInt(total) + ')' : '';

    const box = $('chart');
    if (plot) {
      plot.destroy();
      plot = null;
    }
    restoreEmpty('chart-empty');
    $('chart-empty').hidden = xs.length > 0;
    box.hidden = xs.length === 0;
    if (!xs.length) return;

    // Half a bucket of room on either side, so the end points are not
    // drawn on the frame.
    const half = { day: 43200, week: 3.5 * 86400, month: 15 * 86400 }[interval];
    const opts = {
      width: Math.max(300, box.clientWidth),
      height: 260,
      tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
      cursor: { points: { size: 7 } },
      scales: {
        x: { time: true, auto: false, range: [xs[0] - half, xs[xs.length - 1] + half] },
        n: { range: (u, min, max) => [0, Math.max(1, Math.ceil(max * 1.15))] },
        g: { range: [-10, 10] },
      },
      series: [
        { label: periodName(interval), value: (u, v) => (v === null ? '–' : periodLabel(v, interval)) },
        ...QUADS.map((q) => ({
          label: q.label,
          scale: 'n',
          stroke: q.color,
          width: 2,
          points: { show: true, size: 6, fill: q.color },
          value: (u, v) => (v === null ? '–' : String(v)),
        })),
        {
          label: 'Mean Goldstein',
          scale: 'g',
          stroke: GOLD_COLOR,
          width: 1.5,
          dash: [6, 4],
          spanGaps: false,
          points: { show: true, size: 4 },
          value: (u, v) => (v === null ? '–' : fmtGold(v)),
        },
      ],
      axes: [
        {
          stroke: '#555',
          grid: { stroke: '#eceef1' },
          ticks: { stroke: '#eceef1' },
          // one tick per bucket, thinned to fit the width
          splits: (u) => {
            const room = Math.max(2, Math.floor(u.bbox.width / devicePixelRatio / 78));
            const step = Math.ceil(xs.length / room);
            return xs.filter((_, i) => i % step === 0);
          },
          values: (u, splits) => splits.map((v, i) => tickLabel(v, interval, i === 0 ? v : null)),
        },
        {
          scale: 'n',
          label: 'Events',
          stroke: '#555',
          grid: { stroke: '#eceef1' },
          ticks: { stroke: '#eceef1' },
          incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 50000, 100000],
          values: (u, ticks) => ticks.map((v) => fmtInt(v)),
        },
        {
          scale: 'g',
          side: 1,
          label: 'Mean Goldstein',
          stroke: GOLD_COLOR,
          grid: { show: false },
          ticks: { stroke: '#eceef1' },
          incrs: [5],
          values: (u, ticks) => ticks.map((v) => (v > 0 ? '+' + v : String(v))),
        },
      ],
    };
    plot = new uPlot(opts, [xs, ...quads, gold], box);
  }

  const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

  function periodName(interval) {
    return { day: 'Day', week: 'Week', month: 'Month' }[interval];
  }

  // periodLabel names the bucket starting at ts (seconds) in the legend.
  function periodLabel(ts, interval) {
    const d = new Date(ts * 1000);
    if (interval === 'month') return MONTHS[d.getUTCMonth()] + ' ' + d.getUTCFullYear();
    const iso = d.toISOString().slice(0, 10);
    return interval === 'week' ? 'from ' + iso : iso;
  }

  // tickLabel names the bucket starting at ts (seconds) on the axis; the
  // first tick and the first of each year also carry the year.
  function tickLabel(ts, interval, first) {
    const d = new Date(ts * 1000);
    const month = MONTHS[d.getUTCMonth()];
    const label = interval === 'month' ? month : d.getUTCDate() + ' ' + month;
    const newYear = d.getUTCMonth() === 0 && (interval === 'month' || d.getUTCDate() <= (interval === 'week' ? 7 : 1));
    return ts === first || newYear ? label + '\n' + d.getUTCFullYear() : label;
  }

  // ---------------------------------------------------------------- events

  const pages = { stack: [], cursor: '', next: '' }; // cursors of earlier pages
  let pageEvents = []; // events of the current page
  const cache = new Map(); // API path -> promise of its JSON, for details

  async function loadEvents(gen, cursor) {
    const p = apiParams(state);
    p.set('limit', String(state.limit));
    if (cursor) p.set('cursor', cursor);
    const data = await getJSON(API + '/events', p);
    if (gen !== generation) return;
    pages.cursor = cursor || '';
    pages.next = str(data.next);
    pageEvents = Array.isArray(data.events) ? data.events : [];
    await renderEvents(gen);
  }

  async function renderEvents(gen) {
    const codes = await codesPromise;
    if (gen !== generation) return;
    const body = $('event-rows');
    body.replaceChildren();
    for (const ev of pageEvents) {
      const r = eventRow(ev, codes);
      body.append(r.row, r.detail);
    }
    document.body.dataset.events = String(pageEvents.length);
    restoreEmpty('table-empty');
    $('table-empty').hidden = pageEvents.length > 0;
    const first = pages.stack.length * state.limit + 1;
    $('page').textContent = pageEvents.length
      ? 'Page ' + (pages.stack.length + 1) + ' · events ' + first + '–' + (first + pageEvents.length - 1)
      : '';
    $('prev').disabled = pages.stack.length === 0;
    $('next').disabled = !pages.next;
  }

  function actorCell(actor, role) {
    const code = str(field(actor, 'code')) || '---';
    const name = str(field(actor, 'name'));
    const st = Object.assign({}, state, { source: '', target: '', actor: '' });
    st[role] = code;
    return el('td', { className: 'c-actor' },
      pageLink(st, code, 'Show events with ' + code + ' as ' + role),
      name ? el('span', { className: 'actor-name', text: name }) : null);
  }

  function quadBadge(quad) {
    const q = QUADS[quad - 1];
    if (!q) return null;
    return el('span', { className: 'quad-badge q' + q.n, title: q.label, text: q.short });
  }

  function eventRow(ev, codes) {
    const id = str(field(ev, 'id'));
    const code = str(field(ev, 'code'));
    const gold = num(field(ev, 'goldstein'));
    const quad = num(field(ev, 'quad_class'));
    const sentence = sentenceOf(ev);
    const flags = flagList(field(ev, 'flags'));

    // Every event of the API carries its highlights (UTF-16 offsets).
    const sentenceCell = el('td', { className: 'c-sentence', dataset: { testid: 'sentence' } },
      highlighted(sentence, field(ev, 'highlights')));
    if (flags.length) {
      sentenceCell.append(el('span', { className: 'flags' },
        ...flags.map((f) => el('span', { className: 'flag', text: f }))));
    }
    const more = el('button', {
      type: 'button', className: 'more', title: 'Show details', 'aria-expanded': 'false', text: '▸',
    });
    const row = el('tr', { dataset: { testid: 'event-row', id: id } },
      el('td', { className: 'c-date', text: day(field(ev, 'date')) || '–' }),
      actorCell(field(ev, 'source'), 'source'),
      el('td', { className: 'c-code' },
        quadBadge(quad),
        el('span', { className: 'code', text: code }),
        el('span', { className: 'code-name', text: codeName(codes, code) })),
      actorCell(field(ev, 'target'), 'target'),
      el('td', { className: 'c-gold ' + (gold > 0 ? 'pos' : gold < 0 ? 'neg' : ''), text: fmtGold(gold) }),
      sentenceCell,
      el('td', { className: 'c-more' }, more));
    const detail = el('tr', { className: 'detail', hidden: 'hidden', dataset: { testid: 'event-detail' } },
      el('td', { colspan: '7' }));
    more.addEventListener('click', () => toggleDetail(ev, row, detail, more));
    return { row, detail };
  }

  function sentenceOf(ev) {
    for (const k of ['text', 'sentence_text', 'sentence']) {
      const v = field(ev, k);
      if (typeof v === 'string') return v;
    }
    return '';
  }

  function flagList(flags) {
    if (!flags || typeof flags !== 'object') return [];
    return Object.keys(flags).filter((k) => flags[k] === true).map((k) => k.toLowerCase());
  }

  // cached fetches getJSON(path) once; a failure is forgotten so that a
  // later view retries.
  function cached(path) {
    if (!cache.has(path)) {
      const p = getJSON(path);
      cache.set(path, p);
      p.catch(() => cache.delete(path));
    }
    return cache.get(path);
  }

  // highlighted returns the sentence as text nodes with <mark>s around the
  // highlighted ranges (UTF-16 offsets start_char..end_char). Overlapping
  // ranges keep the first.
  function highlighted(sentence, highlights) {
    const frag = document.createDocumentFragment();
    const hs = (Array.isArray(highlights) ? highlights : [])
      .map((h) => ({ role: str(field(h, 'role')), start: num(field(h, 'start_char')), end: num(field(h, 'end_char')) }))
      .filter((h) => h.start !== null && h.end !== null && h.start >= 0 && h.start < h.end && h.end <= sentence.length)
      .sort((a, b) => a.start - b.start || b.end - a.end);
    let pos = 0;
    for (const h of hs) {
      if (h.start < pos) continue;
      if (h.start > pos) frag.append(document.createTextNode(sentence.slice(pos, h.start)));
      const role = ['source', 'verb', 'target'].includes(h.role) ? h.role : 'other';
      frag.append(el('mark', {
        className: 'hl hl-' + role,
        title: role,
        dataset: { testid: 'hl-' + role },
        text: sentence.slice(h.start, h.end),
      }));
      pos = h.end;
    }
    if (pos < sentence.length) frag.append(document.createTextNode(sentence.slice(pos)));
    return frag;
  }

  async function toggleDetail(ev, row, detail, button) {
    const open = detail.hidden;
    detail.hidden = !open;
    row.classList.toggle('open', open);
    button.setAttribute('aria-expanded', String(open));
    button.textContent = open ? '▾' : '▸';
    if (!open || detail.dataset.filled) return;
    const cell = detail.firstChild;
    cell.replaceChildren(el('span', { className: 'note', text: 'Loading…' }));
    const articleID = str(field(ev, 'article_id'));
    let article = {};
    if (articleID) {
      try {
        article = await cached(API + '/articles/' + encodeURIComponent(articleID));
      } catch (err) {
        // The event is shown without its article's metadata.
        article = { error: String(err.message || err) };
      }
    }
    detail.dataset.filled = '1';
    cell.replaceChildren(detailList(ev, article));
  }

  function detailList(ev, article) {
    const dl = el('dl', { className: 'detail-list' });
    const add = (term, ...value) => {
      if (value.every((v) => v === '' || v === null || v === undefined)) return;
      dl.append(el('div', {}, el('dt', { text: term }), el('dd', {}, ...value)));
    };
    const id = str(field(ev, 'id'));
    const articleID = str(field(ev, 'article_id'));
    add('Event', el('code', { text: id }), ' ', apiLink(API + '/events/' + encodeURIComponent(id)));
    if (articleID) {
      const st = Object.assign(readState(''), { article: articleID });
      add('Article', el('code', { text: articleID }), ' ', pageLink(st, 'all its events'));
    }
    add('Title', str(field(article, 'title')));
    add('Publisher', str(field(article, 'publisher')));
    const url = str(field(article, 'url'));
    if (url) add('URL', link(url));
    add('Published', day(field(article, 'date')));
    if (article.error) add('Article data', el('span', { className: 'error-text', text: article.error }));
    for (const role of ['source', 'target']) {
      const a = field(ev, role) || {};
      const parts = [str(field(a, 'code')), str(field(a, 'name'))];
      const country = str(field(a, 'country'));
      if (country) parts.push('country ' + country);
      const sectors = field(a, 'sectors');
      if (Array.isArray(sectors) && sectors.length) parts.push(sectors.join(' '));
      const canon = str(field(a, 'canonical'));
      if (canon) parts.push('“' + canon + '”');
      add(role === 'source' ? 'Source' : 'Target', parts.filter(Boolean).join(' · '));
    }
    const plover = [str(field(ev, 'plover_type')), str(field(ev, 'plover_mode'))].filter(Boolean).join(' / ');
    add('PLOVER', plover);
    const rule = field(ev, 'rule') || {};
    const where = str(field(rule, 'file')) + (num(field(rule, 'line')) ? ':' + field(rule, 'line') : '');
    add('Rule', el('code', { text: str(field(rule, 'pattern')) || str(field(rule, 'id')) }), where ? ' ' + where : '');
    add('Flags', flagList(field(ev, 'flags')).join(', '));
    const loc = field(ev, 'location');
    if (loc) add('Location', locationLabel(loc));
    add('Mentions', str(field(ev, 'mentions')));
    const conf = num(field(ev, 'confidence'));
    add('Confidence', conf === null ? '' : conf.toFixed(2));
    return dl;
  }

  function apiLink(path) {
    const a = el('a', { className: 'api-link', text: 'JSON' });
    a.href = path; // same origin, built from our own path and an encoded id
    return a;
  }

  function locationLabel(loc) {
    const name = str(field(loc, 'name'));
    const lat = num(field(loc, 'lat'));
    const lon = num(field(loc, 'lon'));
    const at = lat !== null && lon !== null ? ' (' + lat.toFixed(2) + ', ' + lon.toFixed(2) + ')' : '';
    return (name || 'unnamed place') + at;
  }

  // ---------------------------------------------------------------- network

  let graph = null;

  async function loadNetwork(gen) {
    const p = apiParams(state, ['source', 'target']);
    const pa = new URLSearchParams(p);
    pa.set('n', '20');
    const pd = new URLSearchParams(p);
    pd.set('n', '50');
    const [a, d] = await Promise.all([getJSON(API + '/top/actors', pa), getJSON(API + '/top/dyads', pd)]);
    if (gen !== generation) return;
    drawNetwork(Array.isArray(a.actors) ? a.actors : [], Array.isArray(d.dyads) ? d.dyads : []);
  }

  // matches reports whether an actor code matches a filter pattern as the
  // store does ("USA", "USA*", "*").
  function matches(pattern, code) {
    if (!pattern) return false;
    if (pattern.endsWith('*')) return code.startsWith(pattern.slice(0, -1));
    return code === pattern;
  }

  function drawNetwork(actors, dyads) {
    const nodes = new Map(); // code -> events
    for (const a of actors) {
      const code = str(field(a, 'code')) || str(field(a, 'key'));
      if (code) nodes.set(code, num(field(a, 'events')) || 0);
    }
    const edges = [];
    const extra = new Map(); // code -> events, for dyad endpoints not in actors
    for (const dy of dyads) {
      let s = str(field(dy, 'source'));
      let t = str(field(dy, 'target'));
      if (!s && !t) [s, t] = str(field(dy, 'key')).split('>');
      if (!s || !t) continue;
      const n = num(field(dy, 'events')) || 0;
      edges.push({ s, t, n });
      // endpoints outside the top actors are sized by their dyads
      for (const c of new Set([s, t])) if (!nodes.has(c)) extra.set(c, (extra.get(c) || 0) + n);
    }
    for (const [c, n] of extra) nodes.set(c, n);
    const maxNode = Math.max(1, ...nodes.values());
    const maxEdge = Math.max(1, ...edges.map((e) => e.n));
    const elements = [];
    for (const [code, n] of nodes) {
      const chosen = matches(state.source, code) || matches(state.target, code) || matches(state.actor, code);
      elements.push({
        group: 'nodes',
        data: { id: code, label: code, events: n, size: 22 + 38 * Math.sqrt(n / maxNode) },
        classes: chosen ? 'chosen' : '',
      });
    }
    for (const e of edges) {
      const chosen = (matches(state.source, e.s) || !state.source) && (matches(state.target, e.t) || !state.target) &&
        Boolean(state.source || state.target);
      elements.push({
        group: 'edges',
        data: {
          id: e.s + '>' + e.t, source: e.s, target: e.t, events: e.n,
          width: 2 + 6 * (e.n / maxEdge), color: ramp(e.n / maxEdge), label: String(e.n),
        },
        classes: chosen ? 'chosen' : '',
      });
    }

    if (graph) {
      graph.destroy();
      graph = null;
    }
    const box = $('graph');
    restoreEmpty('graph-empty');
    $('graph-empty').hidden = nodes.size > 0;
    box.hidden = nodes.size === 0;
    document.body.dataset.nodes = String(nodes.size);
    document.body.dataset.edges = String(edges.length);
    if (!nodes.size) return;

    graph = cytoscape({
      container: box,
      elements: elements,
      // Busiest actors in the middle, then a force-directed pass from
      // there: the same data always gives the same picture.
      layout: {
        name: 'concentric',
        concentric: (n) => n.data('events'),
        levelWidth: () => Math.max(1, maxNode / 4),
        minNodeSpacing: 30,
        animate: false,
      },
      minZoom: 0.3,
      maxZoom: 3,
      style: [
        {
          selector: 'node',
          style: {
            'background-color': '#4c6a92',
            width: 'data(size)',
            height: 'data(size)',
            label: 'data(label)',
            color: '#1d2733',
            'font-size': 11,
            'font-family': 'system-ui, sans-serif',
            'font-weight': 600,
            'text-valign': 'bottom',
            'text-margin-y': 3,
            'text-background-color': '#ffffff',
            'text-background-opacity': 0.8,
            'text-background-padding': 1,
          },
        },
        { selector: 'node.chosen', style: { 'background-color': '#c7271f', 'border-width': 3, 'border-color': '#7a1611' } },
        {
          selector: 'edge',
          style: {
            width: 'data(width)',
            'line-color': 'data(color)',
            'target-arrow-color': 'data(color)',
            'target-arrow-shape': 'triangle',
            'arrow-scale': 1.1,
            'curve-style': 'bezier',
            opacity: 0.85,
            label: 'data(label)',
            'font-size': 10,
            'font-family': 'system-ui, sans-serif',
            color: '#1d2733',
            'text-background-color': '#ffffff',
            'text-background-opacity': 1,
            'text-background-padding': 2,
            'text-background-shape': 'roundrectangle',
            'text-border-color': '#c3cad2',
            'text-border-width': 1,
            'text-border-opacity': 1,
          },
        },
        { selector: 'edge.chosen', style: { 'line-style': 'solid', opacity: 1, 'z-index': 10 } },
      ],
    });
    graph.layout({
      name: 'cose',
      randomize: false,
      animate: false,
      padding: 28,
      nodeRepulsion: () => 9000,
      idealEdgeLength: () => 90,
      nodeDimensionsIncludeLabels: true,
    }).run();
    graph.on('tap', 'node', (e) => {
      const code = e.target.id();
      navigate(Object.assign({}, state, { source: '', target: '', actor: code }));
    });
    graph.on('tap', 'edge', (e) => {
      const d = e.target.data();
      navigate(Object.assign({}, state, { source: d.source, target: d.target, actor: '' }));
    });
  }

  // ramp maps 0..1 to a light-to-dark blue for edge counts.
  function ramp(x) {
    const a = [140, 170, 205];
    const b = [20, 45, 95];
    const c = a.map((v, i) => Math.round(v + (b[i] - v) * Math.min(1, Math.max(0, x))));
    return 'rgb(' + c.join(',') + ')';
  }

  // ---------------------------------------------------------------- knowledge

  // loadKnowledge fills the people, organisations, places and themes lists
  // from the articles the current filter selects.
  async function loadKnowledge(gen) {
    const base = apiParams(state);
    const top = async (path, key, type) => {
      const p = new URLSearchParams(base);
      if (type) p.set('type', type);
      p.set('n', String(KNOWLEDGE_N));
      const data = await getJSON(API + path, p);
      return Array.isArray(data[key]) ? data[key] : [];
    };
    const lists = await Promise.all(KNOWLEDGE.map(async (k) => {
      if (!k.types) return (await top('/top/themes', 'themes')).map(themeItem);
      const parts = await Promise.all(k.types.map((t) => top('/top/entities', 'entities', t)));
      return mergeEntities(parts.flat().map(entityItem));
    }));
    if (gen !== generation) return;
    KNOWLEDGE.forEach((k, i) => drawList(k, lists[i]));
  }

  function entityItem(e) {
    const name = str(field(e, 'name'));
    return {
      name, value: name, code: str(field(e, 'code')), type: str(field(e, 'type')),
      articles: num(field(e, 'articles')) || 0, mentions: num(field(e, 'mentions')) || 0,
    };
  }

  function themeItem(t) {
    const code = str(field(t, 'theme'));
    return {
      name: code, value: code, code: '', type: '',
      articles: num(field(t, 'articles')) || 0, mentions: num(field(t, 'mentions')) || 0,
    };
  }

  // mergeEntities joins lists of several types (places are GPE or LOC):
  // one entry a name, with the larger counts, most articles first.
  function mergeEntities(items) {
    const byName = new Map();
    for (const it of items) {
      if (!it.name) continue;
      const key = it.name.toLowerCase();
      const had = byName.get(key);
      if (!had || it.articles > had.articles) byName.set(key, it);
    }
    return Array.from(byName.values())
      .sort((a, b) => b.articles - a.articles || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
      .slice(0, KNOWLEDGE_N);
  }

  // chosen reports whether value is the current filter of k.
  function chosen(k, value) {
    return state[k.param] !== '' && state[k.param].toLowerCase() === value.toLowerCase();
  }

  function drawList(k, items) {
    const max = Math.max(1, ...items.map((it) => it.articles));
    $(k.panel + '-list').replaceChildren(...items.map((it) => listItem(k, it, max)));
    restoreEmpty(k.panel + '-empty');
    $(k.panel + '-empty').hidden = items.length > 0;
    $(k.panel + '-list').hidden = items.length === 0;
    document.body.dataset[k.panel] = String(items.length);
  }

  // listItem is one entry: a link that sets (or, when set, removes) its
  // filter, its article count, and a bar of that count behind it.
  function listItem(k, it, max) {
    const on = chosen(k, it.value);
    const st = Object.assign({}, state, { [k.param]: on ? '' : it.value });
    let title = on ? 'Remove this filter' : 'Show events whose articles ' + k.verb + ' ' + it.name;
    if (!on && k.param === 'place') title = 'Show events located in ' + it.name;
    const a = pageLink(st, '', title);
    a.classList.add('k-link');
    a.append(el('span', { className: 'k-name', dataset: { testid: 'k-name' }, text: it.name }));
    if (it.code) a.append(el('span', { className: 'k-code', title: 'CAMEO actor code', text: it.code }));
    // The bar's width is set through the CSSOM, which the CSP allows; no
    // style attribute is parsed.
    const bar = el('span', { className: 'k-bar', 'aria-hidden': 'true' });
    bar.style.width = (100 * it.articles / max).toFixed(1) + '%';
    const count = el('span', {
      className: 'k-count', dataset: { testid: 'k-count' },
      title: plural(it.articles, 'article') + ' · ' + plural(it.mentions, 'mention'), text: fmtInt(it.articles),
    });
    return el('li', { className: 'k-item' + (on ? ' chosen' : ''), dataset: { testid: 'k-item', value: it.value } }, bar, a, count);
  }

  function clearKnowledge() {
    for (const k of KNOWLEDGE) {
      $(k.panel + '-list').replaceChildren();
      $(k.panel + '-list').hidden = true;
      delete document.body.dataset[k.panel];
      showEmpty(null, k.panel + '-empty', 'Could not be loaded.');
    }
  }

  // ---------------------------------------------------------------- map

  let projection = null;

  // The base map is drawn once; points are redrawn after each load.
  const worldPromise = (async () => {
    const topo = await getJSON('vendor/world-atlas/countries-110m.json');
    const map = $('map');
    projection = d3.geoEqualEarth().fitExtent([[8, 8], [952, 492]], { type: 'Sphere' });
    const path = d3.geoPath(projection);
    map.append(svg('path', { class: 'sphere', d: path({ type: 'Sphere' }) }));
    map.append(svg('path', { class: 'graticule', d: path(d3.geoGraticule10()) }));
    const land = svg('g', { class: 'countries' });
    for (const f of topojson.feature(topo, topo.objects.countries).features) {
      const p = svg('path', { d: path(f) || '' });
      const title = document.createElementNS(SVGNS, 'title');
      title.textContent = (f.properties && f.properties.name) || '';
      p.append(title);
      land.append(p);
    }
    map.append(land);
    map.append(svg('path', {
      class: 'borders',
      d: path(topojson.mesh(topo, topo.objects.countries, (a, b) => a !== b)),
    }));
    map.append(svg('g', { class: 'points', id: 'map-points' }));
  })();

  async function drawPoints(gen) {
    await worldPromise;
    if (gen !== generation) return;
    const layer = $('map-points');
    layer.replaceChildren();
    const places = new Map(); // "lat,lon" -> {loc, n}
    let located = 0;
    for (const ev of pageEvents) {
      const loc = field(ev, 'location');
      const lat = num(field(loc, 'lat'));
      const lon = num(field(loc, 'lon'));
      if (lat === null || lon === null || Math.abs(lat) > 90 || Math.abs(lon) > 180) continue;
      located++;
      const key = lat.toFixed(3) + ',' + lon.toFixed(3);
      const p = places.get(key) || { loc, lat, lon, n: 0 };
      p.n++;
      places.set(key, p);
    }
    for (const p of places.values()) {
      const xy = projection([p.lon, p.lat]);
      if (!xy) continue;
      const c = svg('circle', { cx: xy[0].toFixed(1), cy: xy[1].toFixed(1), r: (3 + 2.5 * Math.sqrt(p.n)).toFixed(1) });
      const title = document.createElementNS(SVGNS, 'title');
      title.textContent = locationLabel(p.loc) + ' · ' + p.n + (p.n === 1 ? ' event' : ' events');
      c.append(title);
      layer.append(c);
    }
    document.body.dataset.located = String(located);
    $('map-empty').hidden = located > 0;
    $('map-note').textContent = located
      ? located + ' of ' + pageEvents.length + ' events on this page are located'
      : 'events on the current page';
  }

  // ---------------------------------------------------------------- loading

  async function load(opts) {
    const gen = ++generation;
    const first = Boolean(opts && opts.first);
    document.body.dataset.loading = '1';
    clearError();
    pages.stack = [];
    const tasks = [
      loadSeries(gen).catch(failed(gen, clearSeries)),
      loadEvents(gen, '').then(() => drawPoints(gen), failed(gen, clearEvents)),
      loadNetwork(gen).catch(failed(gen, clearNetwork)),
      loadKnowledge(gen).catch(failed(gen, clearKnowledge)),
    ];
    if (first) tasks.push(loadStats(), fillCodeList(), worldPromise);
    const results = await Promise.allSettled(tasks);
    if (gen !== generation) return;
    for (const r of results) if (r.status === 'rejected') showError(r.reason);
    delete document.body.dataset.loading;
    window.avocetReady = true;
  }

  // failed returns a rejection handler that empties a panel whose data
  // could not be loaded, so it shows nothing stale, and passes the error on.
  function failed(gen, clear) {
    return (err) => {
      if (gen === generation) clear();
      throw err;
    };
  }

  function clearSeries() {
    if (plot) {
      plot.destroy();
      plot = null;
    }
    $('dyad').textContent = dyadTitle(state);
    $('series-note').textContent = '';
    $('event-count').textContent = '';
    delete document.body.dataset.seriesTotal;
    showEmpty('chart', 'chart-empty', 'The timeline could not be loaded.');
  }

  function clearEvents() {
    pageEvents = [];
    $('event-rows').replaceChildren();
    $('page').textContent = '';
    $('prev').disabled = true;
    $('next').disabled = true;
    delete document.body.dataset.events;
    showEmpty(null, 'table-empty', 'The events could not be loaded.');
  }

  function clearNetwork() {
    if (graph) {
      graph.destroy();
      graph = null;
    }
    delete document.body.dataset.nodes;
    delete document.body.dataset.edges;
    showEmpty('graph', 'graph-empty', 'The network could not be loaded.');
  }

  // showEmpty hides a panel's content box and shows its note instead; the
  // note's usual text comes back on the next successful draw.
  function showEmpty(boxID, noteID, text) {
    if (boxID) $(boxID).hidden = true;
    const note = $(noteID);
    note.dataset.text = note.dataset.text || note.textContent;
    note.textContent = text;
    note.hidden = false;
  }

  // restoreEmpty puts a panel's note back to its usual text.
  function restoreEmpty(noteID) {
    const note = $(noteID);
    if (note.dataset.text) note.textContent = note.dataset.text;
  }

  async function turnPage(forward) {
    const gen = generation;
    let cursor;
    if (forward) {
      if (!pages.next) return;
      pages.stack.push(pages.cursor);
      cursor = pages.next;
    } else {
      if (!pages.stack.length) return;
      cursor = pages.stack.pop();
    }
    document.body.dataset.loading = '1';
    try {
      await loadEvents(gen, cursor);
      await drawPoints(gen);
    } catch (err) {
      showError(err);
    }
    delete document.body.dataset.loading;
    $('event-rows').scrollIntoView({ block: 'nearest' });
  }

  function start() {
    fillForm(state);
    $('filters').addEventListener('submit', (ev) => {
      ev.preventDefault();
      navigate(formState());
    });
    $('reset').addEventListener('click', () => navigate(readState('')));
    $('prev').addEventListener('click', () => turnPage(false));
    $('next').addEventListener('click', () => turnPage(true));
    window.addEventListener('popstate', () => {
      state = readState(location.search);
      fillForm(state);
      load();
    });
    window.addEventListener('resize', () => {
      if (graph) {
        graph.resize();
        graph.fit(undefined, 28);
      }
    });
    if (window.ResizeObserver) {
      new ResizeObserver(() => {
        const box = $('chart');
        if (plot && box.clientWidth) plot.setSize({ width: box.clientWidth, height: 260 });
      }).observe($('chart'));
    }
    load({ first: true });
  }

  start();
})();
