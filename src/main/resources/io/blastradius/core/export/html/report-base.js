/*
 * BlastRadius HTML report, part 1 of 3: formatting, a DOM helper and the run model. Turns one run
 * of the JSON in #report-data (written by ReportJson) into what the charts and readouts use, and
 * answers "as of time t" questions. Times in the data are nanoseconds since the run's clock started.
 */
const ReportBase = (() => {
  'use strict';
  const NS = 1e9;
  const COL = { ok: '#2e9d57', failed: '#d64541', cancelled: '#8a8f98', retried: '#e0a030', ping: '#3b6fd6' };
  const RUN_COLORS = ['#d64541', '#3b6fd6', '#2e9d57', '#e0a030', '#8e44ad', '#16a085', '#5d6d7e', '#c0392b'];
  const LANE_STRIDE = 6; // bucket, ok, failed, cancelled, retried, pings
  const STACK = [[2, COL.failed], [1, COL.ok], [3, COL.cancelled], [4, COL.retried]]; // a mark's colours, top down
  const DECIMALS = new Set(['failuresPerUnplug', 'magnification', 'timeToEvictMillis', 'wallMillis']);

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

  return { NS, COL, LANE_STRIDE, STACK, h, int, dec, sec, isUnplug, cell, prepare, state, placed };
})();
