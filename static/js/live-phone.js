/* The player's phone (SBD + PIN) and the audience's phone: one big button per
   option, the chosen option, the player's own standing. */
(function () {
  "use strict";
  var L = window.LiveClient;
  var role = document.body.dataset.role;
  var state = null;
  var pending = null;
  var $ = function (id) { return document.getElementById(id); };
  var LETTERS = "ABCDEF";

  function statusText(s) {
    var run = s.run;
    var me = s.me || {};
    if (s.game.status === "finished") { return "Trận thi đã kết thúc. Cảm ơn bạn!"; }
    if (s.game.paused) { return "Tạm dừng — xin chờ người dẫn chương trình."; }
    if (role === "thi-sinh") {
      var standing = me.is_in ? "Bạn đang trong sàn thi." : "Bạn đã bị loại.";
      if (run && run.state === "revealed" && me.correct === true) {
        standing = run.kind === "rescue" ? "Chính xác! Bạn được cứu trở lại sàn thi." :
          (run.kind === "final" ? "Chúc mừng! Bạn đã rung chuông vàng!" : "Chính xác! Bạn vẫn trong sàn thi.");
      }
      if (run && run.state === "revealed" && me.correct !== true && !me.is_in && run.kind !== "audience") { standing = "Bạn đã bị loại."; }
      if (run && run.kind === "rescue" && run.state !== "revealed" && !me.is_in) { standing = "Câu hỏi cứu trợ: trả lời đúng để trở lại!"; }
      if (run && run.kind === "audience" && run.state !== "revealed") { standing += " Câu hỏi dành cho khán giả."; }
      return standing;
    }
    if (run && run.kind === "audience") { return "Câu hỏi dành cho khán giả: mời bạn trả lời!"; }
    return "Bạn đang theo dõi với tư cách khán giả.";
  }

  function mayAnswer(s) {
    var run = s.run;
    if (!run || run.state !== "open" || s.game.paused) { return false; }
    if (role === "thi-sinh") { return !!(s.me && s.me.may_answer); }
    return run.kind === "audience" && !(s.me && s.me.answer);
  }

  function render() {
    var s = state;
    if (!s) { return; }
    var run = s.run;
    $("status").textContent = statusText(s);
    $("status").className = "status my-3 " + (s.me && s.me.is_in === false ? "status-out" : "status-in");
    var q = $("question");
    q.textContent = run && run.text ? ("Câu " + run.number + ". " + run.text) : (run ? "Câu " + run.number + ": hãy nhìn lên màn hình…" : "Chờ câu hỏi đầu tiên…");
    var box = $("choices");
    box.textContent = "";
    var can = mayAnswer(s) && !pending;
    (run && run.choices || []).forEach(function (text, i) {
      var b = L.el("button", "btn btn-lg choice-btn btn-outline-primary", LETTERS[i] + ". " + text);
      b.type = "button";
      b.dataset.choice = String(i);
      var mine = s.me && s.me.answer === LETTERS[i];
      if (mine) { b.className = "btn btn-lg choice-btn btn-primary"; }
      if (run.key && run.key === LETTERS[i]) { b.className += " choice-key"; }
      b.disabled = !can;
      b.addEventListener("click", function () { choose(run.id, i); });
      box.appendChild(b);
    });
    var chosen = s.me && s.me.answer;
    var text = chosen ? "Bạn đã chọn " + chosen : "";
    if (run && run.key) { text += (text ? " — " : "") + "đáp án đúng: " + run.key; }
    $("chosen").textContent = pending !== null && !chosen ? "Đang gửi " + LETTERS[pending] + "…" : text;
  }

  function tick() {
    if (!state) { return; }
    var left = live.remaining();
    var run = state.run;
    $("countdown").textContent = run && run.state === "open" && left !== null ? L.seconds(left) : "";
    live.syncAfterDeadline();
  }

  function choose(runId, i) {
    pending = i;
    $("error").textContent = "";
    render();
    live.send({ action: "answer", run: runId, choice: i, req: Date.now() });
  }

  function onMessage(data) {
    if (data.type === "state") {
      state = data;
      if (state.me && state.me.answer) { pending = null; }
    } else if (data.type === "ack") {
      pending = null;
      if (state && state.run && state.run.id === data.run) {
        state.me = state.me || {};
        state.me.answer = data.choice;
        state.me.may_answer = false;
      }
    } else if (data.type === "error") {
      pending = null;
      $("error").textContent = data.message;
    } else if (data.type === "taken_over" || data.type === "signed_out") {
      $("status").textContent = data.message;
      $("choices").textContent = "";
      if (document.body.dataset.joinUrl) {
        var a = L.el("a", "btn btn-outline-primary mt-2", "Đăng nhập lại");
        a.href = document.body.dataset.joinUrl;
        $("status").appendChild(document.createElement("br"));
        $("status").appendChild(a);
      }
      $("conn").textContent = "Đã thoát";
      return;
    }
    render();
  }

  var live = new L.Live(onMessage);
  setInterval(tick, 250);
})();
