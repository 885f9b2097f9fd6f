/*
 * BlastRadius HTML report, part 2 of 3: the uPlot charts of a run (requests per second,
 * cumulative, the timeline of connection lanes) and of a comparison, with fault markers and the
 * scrubber's cursor as elements over each plot.
 */
const ReportCharts = (() => {
  'use strict';
  const { NS, COL, LANE_STRIDE, STACK, h, int, sec, isUnplug } = ReportBase;
  let cursorS = 0; // the scrubber's time, in seconds
  let compareMaxS = 1; // the x range of a comparison

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
          return { el, t: f.x != null ? f.x : f.t / NS };
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
    if (u._timeX === false) u._cursor.style.display = 'none'; // an x axis that is not time
    else at(u._cursor, cursorS);
  }

  function opts(w, hgt, r, extra) {
    return Object.assign({
      width: w, height: hgt,
      scales: { x: { time: false, range: () => [0, r ? r.xMax : compareMaxS] } },
      cursor: { sync: { key: r ? 'run' + r.index : 'compare' } },
      legend: { live: true }
    }, extra);
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
        values: (u, splits) => splits.map(v => (r.lanes[Math.round(nL - v - 0.5)] || { label: '' }).label),
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

  /**
   * Cumulative failures of every run on one axis: run time, or requests finished (runs of very
   * different lengths compare better per request). When the runs' totals differ by 20 times or
   * more (a cascade against a policy that pays one request per unplug), the y axis is
   * logarithmic, or the smaller curves would lie flat on zero.
   */
  function compareChart(runs, box, xMax, byRequests) {
    compareMaxS = xMax;
    const totals = runs.map(r => r.cum[1][r.cum[1].length - 1] || 0);
    const log = Math.max(...totals) >= 20 * Math.max(1, Math.min(...totals));
    const y = v => log && v === 0 ? null : v; // log scales have no 0
    const done = (r, b) => r.cum[0][b] + r.cum[1][b] + r.cum[2][b];
    const tables = runs.map(r => {
      if (!byRequests) return [cumulativeXs(r), [0].concat(r.cum[1]).map(y)];
      const xs = [0], ys = [y(0)];
      for (let b = 0; b < r.cum[1].length; b++) {
        if (done(r, b) > xs[xs.length - 1]) { xs.push(done(r, b)); ys.push(y(r.cum[1][b])); }
      }
      return [xs, ys];
    });
    const faults = [];
    for (const r of runs) for (const f of r.faults) {
      if (f.fault === 'REPLUG') continue;
      const b = Math.min(r.cum[0].length - 1, Math.floor(f.t / r.bucketNs));
      faults.push(Object.assign({ r }, f, byRequests ? { x: b > 0 ? done(r, b - 1) : 0 } : {}));
    }
    faults.sort((a, b) => (a.x != null ? a.x - b.x : a.t - b.t));
    const o = opts(width(box), 260, null, {
      series: [{ label: byRequests ? 'requests finished' : 'time', value: (u, v) => v == null ? '–' : byRequests ? int(v) : v.toFixed(3) + ' s' }]
        .concat(runs.map(r => ({ label: r.letter + ': ' + r.policy + ' failed', stroke: r.color, width: 2, spanGaps: true, points: { show: false } }))),
      axes: [{ label: byRequests ? 'requests finished' : 'run time (s)' }, { label: log ? 'failed so far (log scale)' : 'failed so far', size: 70 }],
      hooks: overlays(faults)
    });
    if (byRequests) o.scales.x = { time: false };
    if (log) o.scales.y = { distr: 3, log: 10 };
    box.setAttribute('data-y-scale', log ? 'log' : 'linear');
    box.setAttribute('data-x', byRequests ? 'requests' : 'time');
    const u = new uPlot(o, uPlot.join(tables), box);
    u._timeX = !byRequests;
    place(u);
    return u;
  }

  /** Moves the cursor of every chart to {@code s} seconds. */
  function moveCursor(charts, s) {
    cursorS = s;
    for (const u of charts) place(u);
  }

  return { width, perSecondChart, cumulativeChart, timelineChart, compareChart, moveCursor };
})();
