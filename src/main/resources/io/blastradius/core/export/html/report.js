/*
 * BlastRadius HTML report, part 3 of 3: the page. Renders the JSON in #report-data with uPlot.
 * Times in the data are nanoseconds since the run's clock started; the charts show seconds.
 * The scrubber in the header moves one time through every run: a cursor on every chart, and
 * readouts (finished requests, faults, connection states) as of that time.
 */
(function () {
  'use strict';
  const { NS, COL, h, int, sec, isUnplug, cell, prepare, state, placed } = ReportBase;
  const { width, perSecondChart, cumulativeChart, timelineChart, compareChart, moveCursor } = ReportCharts;
  const DATA = JSON.parse(document.getElementById('report-data').textContent);
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
    moveCursor(charts, tMs / 1000);
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
    // Runs of very different lengths (0.3 s against 26 s) are compared per request by default.
    const ends = runs.map(r => r.endS);
    const axis = h('select', { id: 'compare-x', title: 'What the comparison\'s x axis counts' },
      h('option', { value: 'time' }, 'by run time'), h('option', { value: 'requests' }, 'by requests finished'));
    axis.value = Math.max(...ends) > 10 * Math.min(...ends) ? 'requests' : 'time';
    main.append(h('section', { id: 'compare' }, h('h2', null, 'Comparison: ' + runs.length + ' runs'),
      h('div', { class: 'cols' }, scorecardTable(runs),
        h('div', null, h('div', { class: 'chart-title' }, 'Cumulative failures, overlaid ', axis,
          h('span', { class: 'legend-note' }, ' · dashed: faults, labelled by run and flow')), box))));
    let compare = null;
    const drawCompare = () => {
      if (compare) { charts.splice(charts.indexOf(compare), 1); compare.destroy(); }
      compare = compareChart(runs, box, maxEndS(), axis.value === 'requests');
      return compare;
    };
    axis.addEventListener('change', () => charts.push(drawCompare()));
    built.push(drawCompare);
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
