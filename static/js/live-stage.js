/* The projector: large question, countdown, number still standing, the reveal. */
(function () {
  "use strict";
  var L = window.LiveClient;
  var $ = function (id) { return document.getElementById(id); };
  var LETTERS = "ABCDEF";
  var state = null;

  function render() {
    var s = state;
    if (!s) { return; }
    var run = s.run;
    $("standing").textContent = String(s.game.standing);
    if (s.game.status === "finished") {
      $("label").textContent = "KẾT THÚC";
      $("question").textContent = "Xin chúc mừng các thí sinh!";
      $("choices").textContent = "";
      $("reveal").textContent = "";
      return;
    }
    $("label").textContent = s.game.paused ? "TẠM DỪNG" : (run ? "Câu " + run.number + " — " + run.kind_label : "Rung chuông vàng");
    $("question").textContent = run ? run.text : s.game.title;
    var box = $("choices");
    box.textContent = "";
    (run && run.choices || []).forEach(function (text, i) {
      var div = L.el("div", "stage-choice", LETTERS[i] + ". " + text);
      if (run.key === LETTERS[i]) { div.className += " stage-choice-key"; }
      if (run.distribution) { div.appendChild(L.el("span", "stage-count", String(run.distribution[i]))); }
      box.appendChild(div);
    });
    $("answered").textContent = run && run.state !== "shown" ? "Đã trả lời: " + run.answered : "";
    var rev = "";
    if (run && run.state === "revealed") {
      rev = "Đáp án: " + run.key;
      if (run.kind === "final" && s.game.standing > 0) { rev += " · RUNG CHUÔNG VÀNG!"; }
      if (run.eliminated) { rev += " · Bị loại: " + run.eliminated; }
      if (run.rescued) { rev += " · Được cứu: " + run.rescued; }
    } else if (run && run.state === "locked") { rev = "Hết giờ!"; }
    $("reveal").textContent = rev;
  }

  function tick() {
    if (!state) { return; }
    var left = live.remaining();
    $("countdown").textContent = state.run && state.run.state === "open" && left !== null ? L.seconds(left) : "";
    live.syncAfterDeadline();
  }

  function onMessage(data) {
    if (data.type === "state") { state = data; }
    else if (data.type === "count" && state && state.run && state.run.id === data.run) { state.run.answered = data.answered; }
    render();
  }

  var live = new L.Live(onMessage);
  setInterval(tick, 200);
})();
