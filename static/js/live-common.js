/* The live final's connection: a websocket with automatic reconnect; while it is
   down, the page polls the state JSON and answers go by POST. The countdown runs
   from the server's deadline corrected by the server clock offset. */
(function () {
  "use strict";
  var body = document.body;

  function csrf() { return body.dataset.csrf; }

  function Live(onMessage) {
    this.onMessage = onMessage;
    this.offset = 0;
    this.ws = null;
    this.retry = 500;
    this.pollTimer = null;
    this.stopped = false;
    this.lastRun = [0, 0];
    this.syncedFor = null;
    this.connect();
  }

  Live.prototype.setConn = function (text, ok) {
    var el = document.getElementById("conn");
    if (!el) { return; }
    el.textContent = text;
    el.className = el.className.replace(/text-bg-\w+/g, "") + (ok ? " text-bg-success" : " text-bg-warning");
  };

  Live.prototype.connect = function () {
    var self = this;
    if (self.stopped) { return; }
    var scheme = location.protocol === "https:" ? "wss://" : "ws://";
    var ws;
    try { ws = new WebSocket(scheme + location.host + body.dataset.ws); } catch (e) { self.fallback(); return; }
    self.ws = ws;
    ws.onopen = function () { self.retry = 500; self.stopPolling(); self.setConn("Đã kết nối", true); };
    ws.onmessage = function (ev) { self.receive(JSON.parse(ev.data)); };
    ws.onclose = function (ev) {
      self.ws = null;
      if (ev.code === 4001 || ev.code === 4003 || self.stopped) { return; }
      self.setConn("Mất kết nối — đang thử lại…", false);
      self.fallback();
      setTimeout(function () { self.connect(); }, self.retry);
      self.retry = Math.min(self.retry * 2, 8000);
    };
  };

  Live.prototype.fallback = function () {
    var self = this;
    if (self.pollTimer || self.stopped) { return; }
    self.poll();
    self.pollTimer = setInterval(function () { self.poll(); }, 2000);
  };

  Live.prototype.stopPolling = function () {
    if (this.pollTimer) { clearInterval(this.pollTimer); this.pollTimer = null; }
  };

  Live.prototype.poll = function () {
    var self = this;
    fetch(body.dataset.stateUrl, { credentials: "same-origin", cache: "no-store" })
      .then(function (r) { return r.json(); })
      .then(function (data) { self.receive(data); })
      .catch(function () {});
  };

  Live.prototype.receive = function (data) {
    if (data.type === "taken_over" || data.type === "signed_out") { this.stop(); }
    if (data.type === "state") {
      if (data.game && data.game.server_now) { this.offset = data.game.server_now - Date.now(); }
      var run = data.run || { number: 0, version: 0 };
      var last = this.lastRun;
      if (run.number < last[0] || (run.number === last[0] && run.version < last[1])) { return; }
      this.lastRun = [run.number, run.version];
      this.run = data.run;
    }
    this.onMessage(data);
  };

  Live.prototype.stop = function () {
    this.stopped = true;
    this.stopPolling();
    if (this.ws) { this.ws.close(); }
  };

  Live.prototype.send = function (message) {
    if (this.ws && this.ws.readyState === WebSocket.OPEN) {
      this.ws.send(JSON.stringify(message));
      return;
    }
    if (message.action === "answer" && body.dataset.answerUrl) {
      var self = this;
      fetch(body.dataset.answerUrl, {
        method: "POST", credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrf() },
        body: JSON.stringify(message)
      }).then(function (r) { return r.json(); }).then(function (d) { self.onMessage(d); })
        .catch(function () { self.onMessage({ type: "error", message: "Không gửi được, hãy chọn lại." }); });
    } else if (message.action === "sync") {
      this.poll();
    }
  };

  /* Milliseconds left before the deadline, by the server's clock. */
  Live.prototype.remaining = function () {
    if (!this.run || !this.run.deadline) { return null; }
    return this.run.deadline - (Date.now() + this.offset);
  };

  /* Call every tick: once the deadline plus the grace has passed, ask the
     server for the state (its read locks the question if no worker did). */
  Live.prototype.syncAfterDeadline = function () {
    var left = this.remaining();
    if (!this.run || this.run.state !== "open" || left === null) { return; }
    var key = this.run.id + ":" + this.run.version;
    if (left < -(this.run.grace_ms || 0) - 200 && this.syncedFor !== key) {
      this.syncedFor = key;
      this.send({ action: "sync" });
    }
  };

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (text !== undefined && text !== null) { node.textContent = text; }
    return node;
  }

  function seconds(ms) { return ms === null ? "" : String(Math.max(0, Math.ceil(ms / 1000))); }

  window.LiveClient = { Live: Live, el: el, seconds: seconds, csrf: csrf };
})();
