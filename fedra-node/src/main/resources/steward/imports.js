// Live progress of the steward's imports: asks the node every second how far each running import is and updates its
// progress bar and text (announced politely to screen readers). Without this script the page still works: reload it.
(function () {
  'use strict';
  function watch(item) {
    var id = item.getAttribute('data-import');
    var bar = item.querySelector('progress');
    var text = item.querySelector('.state');
    function tick() {
      var r = new XMLHttpRequest();
      r.open('GET', '/steward/imports/' + encodeURIComponent(id) + '/progress');
      r.onload = function () {
        if (r.status !== 200) return;
        var p = JSON.parse(r.responseText);
        if (p.total >= 0) { bar.max = Math.max(p.total, 1); bar.value = p.stored; }
        text.textContent = p.summary;
        if (p.running) setTimeout(tick, 1000); else item.setAttribute('data-finished', p.state);
      };
      r.send();
    }
    tick();
  }
  var items = document.querySelectorAll('[data-import]');
  for (var i = 0; i < items.length; i++) watch(items[i]);
})();
