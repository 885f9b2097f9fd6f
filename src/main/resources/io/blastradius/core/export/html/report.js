/*
 * BlastRadius HTML report: renders the JSON in #report-data (written by ReportJson) with uPlot.
 * Times in the data are nanoseconds since the run's clock started; the charts show seconds.
 * The scrubber in the header moves one time through every run: a cursor on every chart, and
 * readouts (finished requests, faults, connection states) as of that time.
 */
(function () {
  'use strict';
  const DATA = JSON.parse(document.getElementById('report-data').textContent);
  const NS = 1e9;
  const COL = { ok: '#2e9d57', failed: '#d64541', cancelled: '#8a8f98', retried: '#e0a030', ping: '#3b6fd6' };
  const RUN_COLORS = ['#d64541', '#3b6fd6', '#2e9d57', '#e0a030', '#8e44ad', '#16a085', '#5d6d7e', '#c0392b'];
  const LANE_STRIDE = 6; // bucket, ok, failed, cancelled, retried, pings
  const STACK = [[2, COL.failed], [1, COL.ok], [3, COL.cancelled], [4, COL.retried]]; // a mark's colours, top down
  const DECIMALS = new Set(['failuresPerUnplug', 'magnification', 'timeToEvictMillis', 'wallMillis']);
  const KEY_ROWS = new Set(['failed', 'failuresPerUnplug', 'magnification', 'timeToEvictMillis']);
  const HINTS = {
    requests: 'requests issued', ok: 'requests that ended OK', failed: 'requests that timed out or errored',
    cancelled: 'requests the client cancelled on purpose', unplugs: 'faults that black-holed a flow',
    failuresPerUnplug: 'failed / unplugs; the floor is about 1',
    magnification: 'failed / Σ max(1, requests in flight on the unplugged flow); 1.0 is the best possible',
    timeToEvictMillis: 'from an unplug to the last request placed on the dead connection (worst unplug)',
    connectionsOpened: 'connections dialed', pingsSent: 'PINGs the client sent',
    goAways: 'GOAWAY frames received, by error code', evictions: 'connections a policy closed as dead',
    falseEvictions: 'evictions of connections no fault had touched', p50Micros: 'median latency of successes (µs)',
    p99Micros: '99th percentile latency of successes (µs)', maxMicros: 'slowest success (µs)',
    wallMillis: 'run time (ms)'
  };

  const charts = []; // {u, run (or null), markers: [{el, t}], cursor}
  let tMs = 0;

  function h(tag, attrs, ...kids) {
    const e = document.createElement(tag);
    if (attrs) for (const k in attrs) {
      if (attrs[k] == null) continue;
      if (k === 'class') e.className = attrs[k];
      else if (k === 'text') e.textContent = attrs[k];
      else if (k.startsWith('on')) e.addEventListener(k.slice(2), attrs[k]);
      else e.setAttribute(k, attrs[k]);
    }
    for (const kid of kids) if (kid != null) e.append(kid);
    return e;
  }
  const int = n => Number(n).toLocaleString('en-US');
  const dec = n => Number(n).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const sec = ns => (ns / NS).toFixed(3) + ' s';
  const isUnplug = f => f.fault != null && f.fault.startsWith('UNPLUG');

  function cell(field, v) {
    if (v == null) return '–';
    if (typeof v === 'object') {
      const ks = Object.keys(v);
      return ks.length === 0 ? '0' : ks.map(k => k + '=' + v[k]).join('; ');
    }
    if (typeof v === 'number') return DECIMALS.has(field) ? dec(v) : int(v);
    return String(v);
  }

  // ---- data ----

  function prepare(r, i) {
    r.index = i;
    r.letter = String.fromCharCode(65 + (i % 26));
    r.color = RUN_COLORS[i % RUN_COLORS.length];
    const n = r.finished[0].length;
    r.cum = [0, 1, 2].map(ch => {
      const out = new Array(n);
      let a = 0;
      for (let b = 0; b < n; b++) { a += r.finished[ch][b]; out[b] = a; }
      return out;
    });
    r.faultsOfFlow = new Map(); // flow id -> its faults, in time order
    for (const f of r.faults) {
      if (!r.faultsOfFlow.has(f.flow)) r.faultsOfFlow.set(f.flow, []);
      r.faultsOfFlow.get(f.flow).push(f);
    }
    r.lanes = r.connections.map(c => ({ conn: c, marks: c.lane, label: 'c' + c.id + (c.flow ? ' f' + c.flow : '') }));
    if (r.unplaced.length) r.lanes.push({ conn: null, marks: r.unplaced, label: 'none' });
    // One y-axis width for all of a run's charts, so their time axes line up: room for the lane labels.
    r.axisSize = Math.max(70, Math.min(140, 30 + 7 * r.lanes.reduce((a, l) => Math.max(a, l.label.length), 0)));
    r.endS = Math.max(r.endNs / NS, 0.001);
    r.rates = rates(r);
    r.xMax = Math.max(r.endS, r.rates.ok.length * r.rates.wS); // whole bars

    return r;
  }

  function state(r, c, t) {
    if (t < c.dialed) return null;
    if (c.closed >= 0 && t >= c.closed) return 'CLOSED';
    let unplugged = false;
    for (const f of r.faultsOfFlow.get(c.flow) || []) {
      if (f.t > t) break;
      if (isUnplug(f)) unplugged = true;
      else if (f.fault === 'REPLUG') unplugged = false;
    }
    if (unplugged) return 'UNPLUGGED';
    let st = null;
    for (const s of c.statuses) { if (s[0] > t) break; st = s[1]; }
    if (st && st !== 'ACTIVE') return st;
    return c.ready >= 0 && t >= c.ready ? 'LIVE' : 'DIALING';
  }

  /** Requests placed on a lane in buckets up to and including {@code last}: [ok, failed]. */
  function placed(marks, last) {
    let ok = 0, failed = 0;
    for (let k = 0; k < marks.length && marks[k] <= last; k += LANE_STRIDE) { ok += marks[k + 1]; failed += marks[k + 2]; }
    return [ok, failed];
  }

  // ---- page ----

  function scorecardTable(runs) {
    const head = h('tr', null, h('th', { scope: 'col' }, ''));
    for (const r of runs) head.append(h('th', { scope: 'col', 'data-run': r.index }, (runs.length > 1 ? r.letter + ': ' : '') + r.policy));
    const body = h('tbody');
    for (const f of DATA.columns) {
      if (f === 'policy') continue;
      const tr = h('tr', { class: KEY_ROWS.has(f) ? 'key' : null }, h('th', { scope: 'row', title: HINTS[f] || null }, f));
      for (const r of runs) tr.append(h('td', { 'data-run': r.index, 'data-field': f }, cell(f, r.scorecard[f])));
      body.append(tr);
    }
    return h('table', { class: 'scorecard' }, h('thead', null, head), body);
  }

  function dl(pairs) {
    const d = h('dl');
    for (const [k, v] of pairs) if (v != null && v !== '') d.append(h('dt', null, k), h('dd', null, String(v)));
    return d;
  }

  /** A value on one line: objects as k=v pairs, arrays joined by "; ". */
  function inline(v) {
    if (v == null) return '–';
    if (Array.isArray(v)) return v.map(inline).join('; ');
    if (typeof v === 'object') return Object.keys(v).filter(k => v[k] != null).map(k => k + '=' + (typeof v[k] === 'object' ? '(' + inline(v[k]) + ')' : v[k])).join(' ');
    return String(v);
  }

  /** Two levels of keys (load.requests, server.delay), deeper values inline. */
  function flatten(obj, out) {
    for (const k of Object.keys(obj)) {
      const v = obj[k];
      if (v == null) continue;
      if (typeof v === 'object' && !Array.isArray(v)) {
        for (const j of Object.keys(v)) if (v[j] != null) out.push([k + '.' + j, inline(v[j])]);
      } else out.push([k, inline(v)]);
    }
    return out;
  }

  function meta(r) {
    const c = r.config || {};
    const scenario = [['scenario', r.scenario]].concat(flatten({ load: c.load, server: c.server, faults: c.faults }, []));
    const pi = r.policyInfo || {};
    const policy = [['policy', r.policy], ['protocol', pi.protocol], ['models', pi.models]];
    const m = r.machine || {};
    const run = [['recorded', r.createdAt], ['by', 'BlastRadius ' + r.appVersion], ['machine', [m.os, m.arch, m.cores && m.cores + ' cores', m.java && 'Java ' + m.java].filter(Boolean).join(', ')],
      ['events', int(r.events)], ['timeline bucket', (r.bucketNs / 1e6) + ' ms']];
    const pol = h('div', null, h('h3', null, 'Policy'), dl(policy));
    if (pi.help) pol.append(h('p', { class: 'policy-help' }, pi.help));
    return h('div', { class: 'meta' },
      h('div', null, h('h3', null, 'Scenario'), dl(scenario)), pol,
      h('div', null, h('h3', null, 'Recording'), dl(run)));
  }

  function readoutBox(r) {
    const fig = (key, label, cls) => h('span', { class: cls || null }, label + ' ', h('b', { 'data-run': r.index, 'data-key': key }, '0'));
    r.ro = h('div', { class: 'readout', 'data-run': r.index },
      h('div', null, 'As of ', h('b', { 'data-run': r.index, 'data-key': 'by' }, '0'), ' (the scrubber, to the timeline bucket):'),
      h('div', { class: 'figs' }, fig('ok', 'ok', 'f-ok'), fig('failed', 'failed', 'f-failed'), fig('cancelled', 'cancelled'),
        fig('unplugs', 'unplugs'), fig('faults', 'faults'), fig('open', 'connections open')),
      r.connList = h('ul', { class: 'conns', 'aria-label': 'connections at the scrubber' }));
    return r.ro;
  }

  function updateReadout(r, tNs) {
    const n = r.cum[0].length;
    const b = Math.max(0, Math.min(n - 1, Math.floor(tNs / r.bucketNs)));
    const by = Math.min((b + 1) * r.bucketNs, Math.max(r.endNs, r.bucketNs));
    const set = (key, v, attr) => {
      const e = r.ro.querySelector('[data-key="' + key + '"]');
      e.textContent = v;
      if (attr) for (const a in attr) e.setAttribute(a, attr[a]);
    };
    set('by', sec(by), { 'data-by-ns': (b + 1) * r.bucketNs });
    set('ok', int(r.cum[0][b]));
    set('failed', int(r.cum[1][b]));
    set('cancelled', int(r.cum[2][b]));
    let unplugs = 0, faults = 0;
    for (const f of r.faults) { if (f.t > tNs) break; faults++; if (isUnplug(f)) unplugs++; }
    set('unplugs', int(unplugs));
    set('faults', int(faults));
    const items = [];
    let open = 0;
    for (const lane of r.lanes) {
      const c = lane.conn;
      if (!c) continue;
      const st = state(r, c, tNs);
      if (st == null) continue;
      if (st !== 'CLOSED') open++;
      if (items.length < 60) {
        const [ok, failed] = placed(lane.marks, b);
        items.push(h('li', { 'data-conn': c.id, 'data-state': st },
          h('span', { class: 'state state-' + st }, st), ' ', lane.label + ' · ' + (c.protocol || '?') + ' · put on it so far: ' + int(ok) + ' ok, ' + int(failed) + ' failed'
          + (st === 'CLOSED' && c.reason ? ' · closed: ' + c.reason.toLowerCase().replace('_', ' ') : '')));
      }
    }
    set('open', int(open));
    r.connList.replaceChildren(...items);
  }

  // ---- charts ----

  function width(container) {
    return Math.max(320, Math.floor(container.getBoundingClientRect().width));
  }

  /** Dashed markers at faults and the scrub cursor, as elements over the plot, placed on every redraw. */
  function overlays(faults) {
    return {
      init: [u => {
        u._markers = faults.slice(0, 400).map(f => {
          const el = h('div', { class: 'fault-marker', 'data-fault': f.fault, title: (f.r ? f.r.letter + ': ' : '') + 'flow ' + f.flow + ' ' + f.fault + ' at ' + sec(f.t) },
            h('span', null, (f.r ? f.r.letter + ' ' : '') + 'f' + f.flow + (f.fault === 'UNPLUG' ? '' : ' ' + f.fault.toLowerCase())));
          if (f.fault === 'REPLUG') el.style.borderLeftColor = COL.cancelled;
          u.over.append(el);
          return { el, t: f.t / NS };
        });
        u._cursor = h('div', { class: 'scrub-cursor' });
        u.over.append(u._cursor);
      }],
      draw: [u => place(u)]
    };
  }

  function place(u) {
    const wpx = u.over.clientWidth;
    const at = (el, s) => {
      const x = u.valToPos(s, 'x');
      el.style.left = x.toFixed(1) + 'px';
      el.style.display = x < -1 || x > wpx + 1 ? 'none' : '';
    };
    let lastLabel = -Infinity;
    for (const m of u._markers) {
      at(m.el, m.t);
      const x = parseFloat(m.el.style.left); // markers are in time order: label one only where there is room
      const room = m.el.style.display !== 'none' && x - lastLabel >= 34;
      m.el.firstChild.style.display = room ? '' : 'none';
      if (room) lastLabel = x;
    }
    at(u._cursor, tMs / 1000);
  }

  function opts(w, hgt, r, extra) {
    return Object.assign({
      width: w, height: hgt,
      scales: { x: { time: false, range: () => [0, r ? r.xMax : maxEndS()] } },
      cursor: { sync: { key: r ? 'run' + r.index : 'compare' } },
      legend: { live: true }
    }, extra);
  }

  /**
   * The rate chart's bars: whole seconds for a run of 10 s or more (the window's per-second chart),
   * else the timeline buckets merged in powers of two into at most 60 bars. Values are requests
   * per second either way.
   */
  function rates(r) {
    if (r.endNs >= 10 * NS || r.finished[0].length < 2) {
      const wS = r.secondNs / NS;
      return { wS, ok: r.perSecond[0].map(v => v / wS), failed: r.perSecond[1].map(v => v / wS) };
    }
    const n = r.finished[0].length;
    let f = 1;
    while (Math.ceil(n / f) > 60) f *= 2;
    const ok = [], failed = [];
    for (let b = 0; b < n; b += f) {
      let a = 0, c = 0;
      for (let j = b; j < Math.min(n, b + f); j++) { a += r.finished[0][j]; c += r.finished[1][j]; }
      ok.push(a); failed.push(c);
    }
    const wS = r.bucketNs * f / NS;
    return { wS, ok: ok.map(v => v / wS), failed: failed.map(v => v / wS) };
  }

  function perSecondChart(r, box) {
    const rt = r.rates;
    const xs = rt.ok.map((_, i) => (i + 0.5) * rt.wS);
    const bars = uPlot.paths.bars;
    const span = v => { const a = v - rt.wS / 2; return a.toFixed(rt.wS >= 1 ? 0 : 3) + '–' + (a + rt.wS).toFixed(rt.wS >= 1 ? 0 : 3) + ' s'; };
    return new uPlot(opts(width(box), 190, r, {
      series: [
        { label: 'bar', value: (u, v) => v == null ? '–' : span(v) },
        { label: 'ok per second', stroke: COL.ok, fill: COL.ok + 'd0', paths: bars({ size: [0.45, 60], align: -1 }), points: { show: false }, value: (u, v) => v == null ? '–' : int(Math.round(v)) },
        { label: 'failed per second', stroke: COL.failed, fill: COL.failed + 'd0', paths: bars({ size: [0.45, 60], align: 1 }), points: { show: false }, value: (u, v) => v == null ? '–' : int(Math.round(v)) }
      ],
      axes: [{ label: 'run time (s)' }, { label: 'requests/s', size: r.axisSize }],
      hooks: overlays(r.faults)
    }), [xs, rt.ok, rt.failed], box);
  }

  function cumulativeXs(r) {
    const xs = [0];
    for (let b = 0; b < r.cum[0].length; b++) xs.push(Math.min((b + 1) * r.bucketNs, Math.max(r.endNs, 1)) / NS);
    return xs;
  }

  function cumulativeChart(r, box) {
    const xs = cumulativeXs(r);
    return new uPlot(opts(width(box), 200, r, {
      series: [
        { label: 'time', value: (u, v) => v == null ? '–' : v.toFixed(3) + ' s' },
        { label: 'failed so far', stroke: COL.failed, width: 2, points: { show: false } },
        { label: 'ok so far', stroke: COL.ok, width: 1.5, dash: [6, 3], points: { show: false } }
      ],
      axes: [{ label: 'run time (s)' }, { label: 'requests', size: r.axisSize }],
      hooks: overlays(r.faults)
    }), [xs, [0].concat(r.cum[1]), [0].concat(r.cum[0])], box);
  }

  function timelineChart(r, box) {
    const nL = Math.max(1, r.lanes.length);
    // Up to 34 px a lane; many lanes share pixels (drag up or down over the chart to zoom into them).
    const plotH = Math.min(600, Math.max(90, nL * Math.max(2, Math.min(34, Math.floor(440 / nL)))));
    const hooks = overlays(r.faults);
    hooks.draw.unshift(u => drawLanes(u, r, nL));
    hooks.ready = [u => u.over.addEventListener('dblclick', () => u.setScale('y', { min: 0, max: nL }))];
    return new uPlot(opts(width(box), plotH + 60, r, {
      series: [{ label: 'time', value: (u, v) => v == null ? '–' : v.toFixed(3) + ' s' }, { label: 'requests', stroke: 'transparent', points: { show: false } }],
      scales: { x: { time: false, range: () => [0, r.xMax] }, y: { auto: false, range: [0, nL] } },
      cursor: { sync: { key: 'run' + r.index }, drag: { x: true, y: true, uni: 40 } },
      axes: [{ label: 'run time (s)' }, {
        label: 'connection', size: r.axisSize, gap: 4,
        splits: u => {
          const min = u.scales.y.min, max = u.scales.y.max;
          const px = u.bbox.height / devicePixelRatio / Math.max(1e-9, max - min);
          const every = Math.max(1, Math.ceil(14 / px));
          const s = [];
          for (let i = 0; i < nL; i += every) { const v = nL - i - 0.5; if (v >= min && v <= max) s.push(v); }
          return s;
        },
        values: (u, splits) => splits.map(v => r.lanes[Math.round(nL - v - 0.5)].label),
        grid: { show: false }
      }],
      legend: { show: false },
      hooks
    }), [[0, r.xMax], [null, null]], box);
  }

  function drawLanes(u, r, nL) {
    const ctx = u.ctx, bb = u.bbox, px = devicePixelRatio || 1;
    const X = s => u.valToPos(s, 'x', true);
    ctx.save();
    ctx.beginPath();
    ctx.rect(bb.left, bb.top, bb.width, bb.height);
    ctx.clip();
    const w = r.bucketNs / NS;
    r.lanes.forEach((lane, i) => {
      const top = u.valToPos(nL - i, 'y', true), bot = u.valToPos(nL - i - 1, 'y', true);
      if (bot < bb.top || top > bb.top + bb.height) return; // zoomed out of view
      const hh = bot - top, y0 = top + hh * 0.15, mh = Math.max(px, hh * 0.7);
      const c = lane.conn;
      if (c) {
        const end = (c.closed >= 0 ? c.closed : r.endNs) / NS;
        ctx.fillStyle = '#e8ecf0';
        ctx.fillRect(X(c.dialed / NS), y0, Math.max(px, X(end) - X(c.dialed / NS)), mh);
        if (c.flow) { // the stretch its flow was unplugged
          let from = null;
          const shade = to => { ctx.fillStyle = 'rgba(214,69,65,0.16)'; ctx.fillRect(X(from), top, Math.max(px, X(to) - X(from)), hh); };
          for (const f of r.faultsOfFlow.get(c.flow) || []) {
            if (isUnplug(f) && from == null) from = f.t / NS;
            else if (f.fault === 'REPLUG' && from != null) { shade(f.t / NS); from = null; }
          }
          if (from != null) shade(end);
        }
      }
      const m = lane.marks;
      for (let k = 0; k < m.length; k += LANE_STRIDE) {
        const xa = X(m[k] * w), wd = Math.max(px, X((m[k] + 1) * w) - xa);
        const total = m[k + 1] + m[k + 2] + m[k + 3] + m[k + 4];
        let y = y0;
        for (const [ch, col] of STACK) {
          if (!m[k + ch]) continue;
          const sh = mh * m[k + ch] / total;
          ctx.fillStyle = col;
          ctx.fillRect(xa, y, wd, sh);
          y += sh;
        }
        if (m[k + 5]) { ctx.fillStyle = COL.ping; ctx.fillRect(xa, top, Math.max(wd, 2 * px), hh * 0.14); }
      }
    });
    ctx.restore();
  }

  function compareChart(runs, box) {
    const sets = runs.map(r => [cumulativeXs(r), [0].concat(r.cum[1])]);
    const data = uPlot.join(sets);
    const faults = [];
    for (const r of runs) for (const f of r.faults) if (f.fault !== 'REPLUG') faults.push(Object.assign({ r }, f));
    faults.sort((a, b) => a.t - b.t);
    return new uPlot(opts(width(box), 260, null, {
      series: [{ label: 'time', value: (u, v) => v == null ? '–' : v.toFixed(3) + ' s' }]
        .concat(runs.map(r => ({ label: r.letter + ': ' + r.policy + ' failed', stroke: r.color, width: 2, spanGaps: true, points: { show: false } }))),
      axes: [{ label: 'run time (s)' }, { label: 'failed so far', size: 70 }],
      hooks: overlays(faults)
    }), data, box);
  }

  function maxEndS() {
    return Math.max(...runs.map(r => r.xMax));
  }

  function legend(...pairs) {
    return h('span', { class: 'legend-note' }, ...pairs.flatMap(([c, t]) => [h('span', { class: 'swatch', style: 'background:' + c }), t]));
  }

  // ---- scrubber ----

  const scrub = document.getElementById('scrub');
  const out = document.getElementById('scrub-t');

  function setT(ms) {
    tMs = Math.max(0, Math.min(Number(scrub.max), ms));
    out.textContent = (tMs / 1000).toFixed(3) + ' s';
    out.setAttribute('data-ms', String(tMs));
    for (const u of charts) place(u);
    for (const r of runs) updateReadout(r, tMs * 1e6);
  }

  // ---- build ----

  const runs = DATA.runs.map(prepare);
  const main = document.getElementById('report');
  document.getElementById('generator').textContent = DATA.generator;
  document.getElementById('subtitle').textContent = runs.map(r => (runs.length > 1 ? r.letter + ': ' : '') + r.scenario + ' / ' + r.policy + ' (' + r.label + ')').join('  ·  ');

  const built = [];
  if (runs.length > 1) {
    const box = h('div');
    main.append(h('section', { id: 'compare' }, h('h2', null, 'Comparison: ' + runs.length + ' runs'),
      h('div', { class: 'cols' }, scorecardTable(runs),
        h('div', null, h('div', { class: 'chart-title' }, 'Cumulative failures, overlaid (dashed: faults, labelled by run and flow)'), box))));
    built.push(() => compareChart(runs, box));
  }
  for (const r of runs) {
    const boxes = [h('div'), h('div'), h('div')];
    const sec0 = h('section', { class: 'run', 'data-run': r.index, 'data-bucket-ns': r.bucketNs },
      h('h2', null, (runs.length > 1 ? r.letter + ': ' : '') + r.scenario + ' under ' + r.policy + ' — ' + r.label),
      meta(r));
    const mismatch = r.recorded && JSON.stringify(r.recorded) !== JSON.stringify(r.scorecard);
    if (mismatch) sec0.append(h('p', { class: 'warn' }, 'The scorecard recomputed from the events differs from the one the recording ends with (recorded by another version?). The table shows the recomputed one.'));
    // Left: the scorecard (in a comparison it is at the top, side by side). Right: the readouts at
    // the scrubber over the charts, whose time axes line up.
    const right = h('div', { class: 'charts' }, h('h3', null, 'At the scrubber'), readoutBox(r),
      h('div', { class: 'chart-title' }, 'Requests finished per second' + (r.rates.wS === 1 ? ' ' : ' (bars of ' + +(r.rates.wS * 1000).toFixed(3) + ' ms) '), legend([COL.ok, 'ok'], [COL.failed, 'failed']), h('span', { class: 'legend-note' }, ' · dashed: faults (f1 = flow 1)')), boxes[0],
      h('div', { class: 'chart-title' }, 'Cumulative'), boxes[1],
      h('div', { class: 'chart-title' }, 'Requests per connection, at the time each was put on it ',
        legend([COL.ok, 'ok'], [COL.failed, 'failed'], [COL.cancelled, 'cancelled'], [COL.retried, 'retried elsewhere'], [COL.ping, 'PING'], ['rgba(214,69,65,0.3)', 'flow unplugged'])), boxes[2]);
    sec0.append(runs.length > 1 ? right : h('div', { class: 'cols' }, h('div', null, h('h3', null, 'Scorecard'), scorecardTable([r])), right));
    main.append(sec0);
    built.push(() => perSecondChart(r, boxes[0]), () => cumulativeChart(r, boxes[1]), () => timelineChart(r, boxes[2]));
  }

  // Each builder draws a uPlot into its box, now that the box is in the document and has a width.
  for (const b of built) charts.push(b());

  const stepMs = Math.max(1, Math.min(...runs.map(r => r.bucketNs / 1e6)));
  scrub.step = String(stepMs);
  scrub.max = String(Math.ceil(maxEndS() * 1000 / stepMs) * stepMs);
  scrub.addEventListener('input', () => { stop(); setT(Number(scrub.value)); });

  const chips = document.getElementById('fault-chips');
  for (const r of runs) {
    let shown = 0;
    for (const f of r.faults) {
      if (f.fault === 'REPLUG') continue;
      if (shown++ >= 24) { chips.append(h('span', { class: 'legend-note' }, '…and more in the charts')); break; }
      const after = (Math.floor(f.t / 1e6 / stepMs) + 1) * stepMs;
      chips.append(h('button', {
        type: 'button', class: 'chip', 'data-run': r.index, 'data-fault-t': f.t,
        title: 'Move the scrubber just after this fault',
        onclick: () => { stop(); scrub.value = String(after); setT(after); }
      }, 'jump after ' + (runs.length > 1 ? r.letter + ' ' : '') + 'f' + f.flow + ' ' + f.fault.toLowerCase().replace('_', ' ') + ' at ' + sec(f.t)));
    }
  }

  // ---- playback ----
  const play = document.getElementById('play');
  const speed = document.getElementById('speed');
  let raf = 0, last = 0;
  function stop() { if (raf) cancelAnimationFrame(raf); raf = 0; play.innerHTML = '&#9654;'; }
  function frame(now) {
    const dt = last ? now - last : 0;
    last = now;
    const next = tMs + dt * Number(speed.value);
    scrub.value = String(next);
    setT(next);
    if (tMs >= Number(scrub.max)) { stop(); return; }
    raf = requestAnimationFrame(frame);
  }
  play.addEventListener('click', () => {
    if (raf) { stop(); return; }
    if (tMs >= Number(scrub.max)) setT(0);
    last = 0;
    play.innerHTML = '&#10074;&#10074;';
    raf = requestAnimationFrame(frame);
  });
  document.addEventListener('keydown', e => {
    if (e.code === 'Space' && e.target === document.body) { e.preventDefault(); play.click(); }
  });

  let resizeTimer = 0;
  window.addEventListener('resize', () => {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(() => { for (const u of charts) u.setSize({ width: width(u.root.parentNode), height: u.height }); }, 100);
  });

  setT(0);
  document.body.setAttribute('data-ready-ms', performance.now().toFixed(1));
  document.body.setAttribute('data-ready', 'true');
})();
