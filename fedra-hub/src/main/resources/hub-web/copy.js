/* The copy button next to a token shown once: copies the text of the element it names. */
(function () {
  'use strict';
  document.querySelectorAll('button[data-copy]').forEach(function (b) {
    b.addEventListener('click', function () {
      var field = document.getElementById(b.getAttribute('data-copy'));
      var status = document.getElementById('copy-status');
      field.select();
      var done = function () { if (status) status.textContent = 'Copied.'; };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(field.value).then(done, function () { document.execCommand('copy'); done(); });
      } else {
        document.execCommand('copy');
        done();
      }
    });
  });
})();
