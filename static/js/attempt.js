// The attempt page: a countdown from the server's deadline, the "Đã lưu" state of
// each answer, retries when a save fails, a confirmation before submitting.
// Answers are saved by htmx (hx-post on each question's fieldset); no framework.
(function () {
  "use strict";
  var form = document.getElementById("answers");
  if (!form) return;
  // Answers are saved one by one: Enter in the form must not submit it.
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  var clock = document.getElementById("countdown");
  var banner = document.getElementById("connection");
  var text = function (id) { return document.getElementById(id).innerHTML.trim(); };
  var resultUrl = clock.dataset.expiredUrl;

  // Countdown: the server sent the milliseconds left; the device clock is never trusted.
  var end = performance.now() + parseInt(clock.dataset.remainingMs, 10);
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function tick() {
    var left = Math.max(0, Math.round((end - performance.now()) / 1000));
    var h = Math.floor(left / 3600), m = Math.floor((left % 3600) / 60), s = left % 60;
    clock.textContent = (h ? h + ":" + pad(m) : pad(m)) + ":" + pad(s);
    clock.classList.toggle("text-danger", left <= 60);
    if (left <= 0) {
      clearInterval(timer);
      // The server finalises the attempt at its deadline; show the result.
      setTimeout(function () { window.location.href = resultUrl; }, 1500);
    }
  }
  var timer = setInterval(tick, 1000);
  tick();

  function countAnswered() {
    var n = form.querySelectorAll("input[type=radio]:checked").length;
    document.getElementById("answered-count").textContent = n;
    return n;
  }

  // Save states and retries. A failed save (network, timeout, 5xx) is retried with
  // back-off until it succeeds; a refusal (4xx) shows the server's reason.
  var retries = {};
  function status(fs) { return document.getElementById("s" + fs.id.slice(1)); }
  function retry(fs) {
    var n = retries[fs.id] = (retries[fs.id] || 0) + 1;
    status(fs).innerHTML = '<span class="text-warning">' + text("msg-retry") + "</span>";
    setTimeout(function () { htmx.trigger(fs, "change"); }, Math.min(30000, 1000 * Math.pow(2, n)));
  }
  document.body.addEventListener("htmx:beforeRequest", function (e) {
    var fs = e.detail.elt;
    if (fs.classList && fs.classList.contains("question")) {
      status(fs).innerHTML = '<span class="text-muted">' + text("msg-saving") + "</span>";
      countAnswered();
    }
  });
  document.body.addEventListener("htmx:afterRequest", function (e) {
    var fs = e.detail.elt;
    if (!fs.classList || !fs.classList.contains("question")) return;
    var xhr = e.detail.xhr, code = xhr ? xhr.status : 0;
    if (e.detail.successful) {
      retries[fs.id] = 0;
      banner.classList.add("d-none");
    } else if (code === 429) {
      // Too many saves in a minute: the answer was NOT saved; retry it later.
      status(fs).innerHTML = xhr.responseText;
      var after = parseInt(xhr.getResponseHeader("Retry-After") || "5", 10);
      setTimeout(function () { htmx.trigger(fs, "change"); }, 1000 * Math.max(1, after));
    } else if (code >= 400 && code < 500) {
      var next = xhr.getResponseHeader("X-Result-Url");
      if (next) setTimeout(function () { window.location.href = next; }, 2500);
    } else {
      if (!code) banner.classList.remove("d-none");
      retry(fs);
    }
  });
  window.addEventListener("online", function () { banner.classList.add("d-none"); });
  window.addEventListener("offline", function () { banner.classList.remove("d-none"); });

  document.getElementById("submit-form").addEventListener("submit", function (e) {
    var missing = form.querySelectorAll("fieldset.question").length - countAnswered();
    if (missing > 0 && !window.confirm(text("msg-unanswered").replace("%(n)s", missing))) {
      e.preventDefault();
    }
  });
})();
