// The attempt page: a countdown from the server's deadline, the "Đã lưu" state of
// each answer, a confirmation before submitting. Answers are saved by htmx (hx-post
// on each question's fieldset); no framework.
//
// Answers the server has not confirmed wait in localStorage (per attempt, one per
// question, oldest first): a dropped connection, a reload or a closed tab loses
// none of them; they are sent again, in order, when the connection comes back or
// the page opens again. The counter counts only answers the server confirmed.
(function () {
  "use strict";
  var form = document.getElementById("answers");
  if (!form) return;
  // Answers are saved one by one: Enter in the form must not submit it.
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  var clock = document.getElementById("countdown");
  var banner = document.getElementById("connection");
  var submitForm = document.getElementById("submit-form");
  var notice = document.getElementById("submit-notice");
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

  function positionOf(fs) { return parseInt(fs.id.slice(1), 10); }
  function fieldset(pos) { return document.getElementById("q" + pos); }
  function question(elt) {
    return elt && elt.classList && elt.classList.contains("question") ? elt : null;
  }
  function status(fs) { return document.getElementById("s" + fs.id.slice(1)); }
  function setStatus(fs, cls, msgId) {
    status(fs).innerHTML = '<span class="' + cls + '">' + text(msgId) + "</span>";
  }

  // --- The queue of unconfirmed answers: [[position, shown index], ...] ---
  var storeKey = "attempt-pending:" + form.dataset.attempt;
  var pending = [];
  try { pending = JSON.parse(window.localStorage.getItem(storeKey)) || []; } catch (e) { pending = []; }
  function persist() {
    try {
      if (pending.length) window.localStorage.setItem(storeKey, JSON.stringify(pending));
      else window.localStorage.removeItem(storeKey);
    } catch (e) { /* storage full or off: the page still saves online */ }
    var note = document.getElementById("unsent-note");
    note.textContent = pending.length ? text("msg-unsent").replace("%(n)s", pending.length) : "";
  }
  function queued(pos) {
    for (var i = 0; i < pending.length; i++) if (pending[i][0] === pos) return pending[i];
    return null;
  }
  // Drops the position's entry (only if it still holds `value`, when given).
  function drop(pos, value) {
    pending = pending.filter(function (p) {
      return !(p[0] === pos && (value === undefined || p[1] === value));
    });
    persist();
  }
  function put(pos, value) {
    pending = pending.filter(function (p) { return p[0] !== pos; });
    pending.push([pos, value]);
    persist();
  }

  // Positions the server holds an answer for: those it rendered checked, then each
  // confirmed save.
  var saved = {};
  form.querySelectorAll("fieldset.question").forEach(function (fs) {
    if (fs.querySelector("input:checked")) saved[positionOf(fs)] = true;
  });
  function showCount() {
    document.getElementById("answered-count").textContent = Object.keys(saved).length;
  }

  function setOffline(offline) { banner.classList.toggle("d-none", !offline); }

  // Sends every queued answer again, oldest first (through htmx, like a click).
  function flush() {
    if (!navigator.onLine) return setOffline(true);
    pending.forEach(function (item) {
      var fs = fieldset(item[0]);
      if (fs) htmx.trigger(fs, "change");
    });
  }

  form.addEventListener("change", function (e) {
    var input = e.target;
    if (input.type !== "radio") return;
    put(positionOf(input.closest("fieldset.question")), parseInt(input.value, 10));
  });

  var retries = {};
  function retry(fs) {
    var n = retries[fs.id] = (retries[fs.id] || 0) + 1;
    setTimeout(function () {
      if (navigator.onLine && queued(positionOf(fs))) htmx.trigger(fs, "change");
    }, Math.min(30000, 1000 * Math.pow(2, n)));
  }
  document.body.addEventListener("htmx:beforeRequest", function (e) {
    var fs = question(e.detail.elt);
    if (!fs) return;
    if (!navigator.onLine) {
      // No network: keep the answer queued; `online` sends it.
      e.preventDefault();
      setOffline(true);
      setStatus(fs, "text-warning", "msg-retry");
      return;
    }
    setStatus(fs, "text-muted", "msg-saving");
  });
  document.body.addEventListener("htmx:afterRequest", function (e) {
    var fs = question(e.detail.elt);
    if (!fs) return;
    var pos = positionOf(fs);
    var xhr = e.detail.xhr, code = xhr ? xhr.status : 0;
    // The value this request carried (a newer click may already be queued).
    var config = e.detail.requestConfig;
    var checked = fs.querySelector("input:checked");
    var sent = config && config.formData && config.formData.get("q" + pos) !== null
      ? parseInt(config.formData.get("q" + pos), 10)
      : checked && parseInt(checked.value, 10);
    if (e.detail.successful) {
      retries[fs.id] = 0;
      saved[pos] = true;
      drop(pos, sent);
      showCount();
      setOffline(false);
    } else if (code === 429) {
      // Too many saves in a minute: the answer was NOT saved; retry it later.
      var after = parseInt(xhr.getResponseHeader("Retry-After") || "5", 10);
      setTimeout(function () { htmx.trigger(fs, "change"); }, 1000 * Math.max(1, after));
    } else if (code >= 400 && code < 500) {
      // Refused for good (the attempt is over, a bad choice): nothing to resend.
      drop(pos);
      var next = xhr.getResponseHeader("X-Result-Url");
      if (next) setTimeout(function () { window.location.href = next; }, 2500);
    } else {
      setStatus(fs, "text-warning", "msg-retry");
      if (!navigator.onLine) setOffline(true);
      else retry(fs);
    }
  });
  window.addEventListener("online", function () { setOffline(false); flush(); });
  window.addEventListener("offline", function () { setOffline(true); });

  // Answers left from an earlier visit (reload, closed tab) that the server does
  // not have: shown chosen again, then sent once htmx has set up the page.
  pending.slice().forEach(function (item) {
    var input = form.querySelector('input[name="q' + item[0] + '"][value="' + item[1] + '"]');
    if (!input || input.checked) return drop(item[0]);
    input.checked = true;
    setStatus(fieldset(item[0]), "text-warning", "msg-retry");
  });
  persist();
  if (!navigator.onLine) setOffline(true);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", flush);
  else setTimeout(flush, 0);

  // --- Submit: only once every answer is on the server; offline says so here ---
  function say(msgId) {
    notice.textContent = msgId ? text(msgId) : "";
    notice.classList.toggle("d-none", !msgId);
  }
  function whenFlushed(done, failed) {
    var waited = 0;
    flush();
    (function wait() {
      if (!pending.length) return done();
      if (!navigator.onLine) return failed("msg-submit-offline");
      if ((waited += 250) > 15000) return failed("msg-submit-unsaved");
      setTimeout(wait, 250);
    })();
  }
  function post(button) {
    // redirect "manual": success is a redirect to the result, which the browser
    // then opens itself (its one-time messages are not spent on this fetch).
    fetch(submitForm.action, {
      method: "POST", body: new FormData(submitForm), credentials: "same-origin",
      redirect: "manual",
    }).then(function (response) {
      if (response.type === "opaqueredirect") {
        window.localStorage.removeItem(storeKey);
        window.location.href = resultUrl;
        return;
      }
      return response.text().then(function (html) {
        // A refusal re-renders this page with the reason in #submit-error.
        var page = new DOMParser().parseFromString(html, "text/html");
        var reason = page.getElementById("submit-error");
        if (reason) {
          notice.textContent = reason.textContent.trim();
          notice.classList.remove("d-none");
        } else {
          say("msg-submit-failed");
        }
        button.disabled = false;
      });
    }).catch(function () {
      say(navigator.onLine ? "msg-submit-failed" : "msg-submit-offline");
      button.disabled = false;
    });
  }
  submitForm.addEventListener("submit", function (e) {
    e.preventDefault();
    var answered = form.querySelectorAll("input[type=radio]:checked").length;
    var missing = form.querySelectorAll("fieldset.question").length - answered;
    if (missing > 0 && !window.confirm(text("msg-unanswered").replace("%(n)s", missing))) {
      return;
    }
    say("");
    if (!navigator.onLine) return say("msg-submit-offline");
    var button = document.getElementById("submit-button");
    button.disabled = true;
    whenFlushed(function () { post(button); }, function (msgId) {
      say(msgId);
      button.disabled = false;
    });
  });
})();
