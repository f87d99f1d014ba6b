/* The host's tablet: controls, who is in, who answered, the countdown. Actions
   are POSTs; the state comes back over the socket (or the polling fallback). */
(function () {
  "use strict";
  var L = window.LiveClient;
  var $ = function (id) { return document.getElementById(id); };
  var body = document.body;
  var state = null;
  var answeredNow = {};

  function show(id, text) {
    var node = $(id);
    node.textContent = text || "";
    node.classList.toggle("d-none", !text);
  }

  function post(action, data) {
    show("error", "");
    return fetch(body.dataset.actionUrl + action + "/", {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": L.csrf() },
      body: JSON.stringify(data || {})
    }).then(function (r) { return r.json().then(function (d) { return [r.status, d]; }); })
      .then(function (res) {
        var status = res[0], d = res[1];
        if (status === 409 && d.wait_ms) {
          show("hint", d.error);
          setTimeout(function () { post(action, data); }, d.wait_ms + 50);
        } else if (d.error) { show("error", d.error); }
        else { show("hint", ""); live.send({ action: "sync" }); }
      })
      .catch(function () { show("error", "Không gửi được lệnh — kiểm tra mạng rồi bấm lại."); });
  }

  document.querySelectorAll("[data-action]").forEach(function (b) {
    b.addEventListener("click", function () {
      if (b.dataset.confirm && !window.confirm(b.dataset.confirm)) { return; }
      post(b.dataset.action);
    });
  });
  $("correct-form").addEventListener("submit", function (ev) {
    ev.preventDefault();
    var f = ev.target;
    post("correct-key", { choice: f.choice.value, reason: f.reason.value });
  });
  $("player-form").addEventListener("submit", function (ev) {
    ev.preventDefault();
    var f = ev.target;
    var action = ev.submitter ? ev.submitter.value : "eliminate";
    post(action, { number: f.number.value, reason: f.reason.value });
  });

  function render() {
    var s = state;
    if (!s) { return; }
    var run = s.run;
    $("label").textContent = s.game.status === "finished" ? "Đã kết thúc" :
      (s.game.paused ? "Tạm dừng · " : "") + (run ? "Câu " + run.number + " — " + run.kind_label + " — " + ({ shown: "đang chiếu", open: "đang nhận đáp án", locked: "hết giờ", revealed: "đã công bố" })[run.state] : "Chưa bắt đầu");
    $("question").textContent = run ? run.text : "";
    var ol = $("choices");
    ol.textContent = "";
    (run && run.choices || []).forEach(function (text, i) {
      var li = L.el("li", run.key === "ABCDEF"[i] ? "fw-bold text-success" : "", text + (run.distribution ? " (" + run.distribution[i] + ")" : ""));
      ol.appendChild(li);
    });
    var sum = run ? "Đã trả lời: " + run.answered : "";
    if (run && run.state === "revealed") { sum += " · Đáp án " + run.key + " · Bị loại " + run.eliminated + " · Được cứu " + run.rescued; }
    $("summary").textContent = sum;
    $("counts").textContent = "Còn " + s.game.standing + " · Đã loại " + s.game.out;
    show("hint", s.rescue_suggested ? "Còn ít thí sinh: có thể bấm «Cứu trợ ngay» khi câu hỏi đang chiếu." : "");
    var box = $("players");
    box.textContent = "";
    (s.players || []).forEach(function (p) {
      var answered = p.answered || answeredNow[p.number];
      var cls = "host-player " + (p.is_in ? "in" : "out") + (answered ? " answered" : "");
      var node = L.el("span", cls, String(p.number));
      node.title = p.name + (p.unit ? " — " + p.unit : "") + (p.out_at ? " — loại ở câu " + p.out_at : "");
      box.appendChild(node);
    });
    var pend = $("pending");
    pend.textContent = "";
    (s.pending || []).forEach(function (q, i) {
      var li = L.el("li", "", q.text + (q.kind !== "normal" ? " [" + q.kind + "]" : "") + " ");
      if (i > 0) {
        var up = L.el("button", "btn btn-sm btn-outline-secondary py-0", "Lên");
        up.type = "button";
        up.title = "Đưa câu này lên trước câu phía trên";
        up.addEventListener("click", function () { post("move", { question: q.id, order: i }); });
        li.appendChild(up);
      }
      pend.appendChild(li);
    });
  }

  function tick() {
    if (!state) { return; }
    var left = live.remaining();
    $("countdown").textContent = state.run && state.run.state === "open" && left !== null ? L.seconds(left) + " giây" : "";
    live.syncAfterDeadline();
  }

  function onMessage(data) {
    if (data.type === "state") { state = data; answeredNow = {}; }
    else if (data.type === "count" && state && state.run && state.run.id === data.run) {
      state.run.answered = data.answered;
      if (data.number) { answeredNow[data.number] = true; }
    }
    render();
  }

  var live = new L.Live(onMessage);
  setInterval(tick, 250);
})();
