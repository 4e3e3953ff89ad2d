/* The live training chart: follows the job's server-sent events (/api/jobs/{id}/events) and, at each one, reads the
   training job's rounds from the API (/api/training/{id}); a model page reads /api/models/{id} once. Drawn with uPlot
   (served from the hub's jar). Every value goes in as text. */
(function () {
  'use strict';
  var root = document.getElementById('training');
  if (!root || typeof uPlot === 'undefined') return;
  var chart = document.getElementById('chart');
  var plot = null;

  function text(id, value) {
    var el = document.getElementById(id);
    if (el) el.textContent = value;
  }

  function fmt(v) {
    return v === null || v === undefined ? '' : Number(v).toFixed(4);
  }

  function draw(metrics) {
    var xs = [], loss = [], auc = [];
    var body = document.querySelector('#rounds tbody');
    if (body) body.textContent = '';
    metrics.forEach(function (r) {
      xs.push(r.round);
      loss.push(r.loss === undefined ? null : r.loss);
      auc.push(r.auc === undefined ? null : r.auc);
      if (body) {
        var tr = document.createElement('tr');
        [String(r.round), fmt(r.loss), fmt(r.auc), fmt(r.epsilon)].forEach(function (v) {
          var td = document.createElement('td');
          td.textContent = v;
          tr.appendChild(td);
        });
        body.appendChild(tr);
      }
    });
    var data = [xs, loss, auc];
    if (!plot) {
      plot = new uPlot({
        width: Math.max(280, Math.min(640, chart.clientWidth || 360)), height: 240,
        scales: { x: { time: false }, auc: { range: [0, 1] } },
        series: [{ label: 'round' }, { label: 'loss', stroke: '#a4161a', width: 2 }, { label: 'AUC', stroke: '#0b4f6c', width: 2, scale: 'auc' }],
        axes: [{ label: 'round' }, { label: 'loss' }, { side: 1, scale: 'auc', label: 'AUC', grid: { show: false } }]
      }, data, chart);
    } else {
      plot.setData(data);
    }
    root.setAttribute('data-rounds', String(xs.length));
  }

  function getJson(url) {
    return fetch(url, { credentials: 'same-origin', headers: { 'Accept': 'application/json' } }).then(function (r) {
      if (!r.ok) throw new Error(url + ': ' + r.status);
      return r.json();
    });
  }

  var model = root.getAttribute('data-model');
  if (model) {
    getJson('/api/models/' + encodeURIComponent(model)).then(function (m) { draw(m.metrics || []); });
    return;
  }
  var job = root.getAttribute('data-job');
  if (!job) return;

  function refresh() {
    return getJson('/api/jobs/' + encodeURIComponent(job)).then(function (j) {
      text('job-state', j.state);
      if (j.progress) text('job-progress', j.progress.message);
      var training = j.handle && j.handle.jobId;
      if (!training) return;
      return getJson('/api/training/' + encodeURIComponent(training)).then(function (t) {
        text('rounds-done', String(t.round) + ' of at most ' + String(t.rounds));
        text('epsilon', t.epsilon === null || t.epsilon === undefined ? 'none (no differential privacy)' : fmt(t.epsilon));
        draw(t.metrics || []);
      });
    }).catch(function (e) { text('job-progress', String(e)); });
  }

  var events = new EventSource('/api/jobs/' + encodeURIComponent(job) + '/events');
  events.addEventListener('progress', refresh);
  events.addEventListener('state', function (e) {
    refresh();
    var s = JSON.parse(e.data).state;
    if (s === 'succeeded' || s === 'failed' || s === 'cancelled') events.close();
  });
  refresh();
})();
