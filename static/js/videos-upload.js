// Chunked, resumable upload of a contest clip (see videos/uploads.py for the protocol).
// The file goes up in chunks of at most data-chunk-bytes, each sent with the offset it
// starts at; after a dropped connection the client asks the server how much it holds
// and carries on from there. The upload id is remembered in localStorage, so a reload
// of the page resumes the same file instead of starting again.
(function () {
  "use strict";

  const form = document.getElementById("clip-form");
  const input = document.getElementById("video-file");
  if (!form || !input) return;

  const startUrl = form.dataset.startUrl;
  const maxBytes = Number(form.dataset.maxBytes);
  const csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  const hiddenId = document.getElementById("upload-id");
  const progress = document.getElementById("upload-progress");
  const bar = progress.querySelector(".progress-bar");
  const status = document.getElementById("upload-status");
  const errorBox = document.getElementById("upload-error");
  const button = document.getElementById("submit-clip");
  const MAX_RETRIES = 8;
  // On a slow line a big chunk could outlast the server's request timeout: when a
  // chunk takes longer than this, the next ones are halved (down to MIN_CHUNK).
  const SLOW_CHUNK_MS = 10000;
  const MIN_CHUNK = 256 * 1024;

  // A file chosen after an earlier upload replaces it.
  input.addEventListener("change", function () {
    hiddenId.value = "";
    const done = document.getElementById("uploaded-file");
    if (done) done.remove();
  });

  function storageKey(file) {
    return ["video-upload", form.dataset.contest, file.name, file.size, file.lastModified].join(":");
  }

  function showError(text) {
    errorBox.textContent = text;
    errorBox.classList.remove("d-none");
    button.disabled = false;
  }

  function showProgress(offset, size) {
    const pct = size ? Math.floor((offset * 100) / size) : 0;
    progress.classList.remove("d-none");
    progress.setAttribute("aria-valuenow", String(pct));
    bar.style.width = pct + "%";
    status.textContent = "Đã tải lên " + pct + "% (" + (offset / 1048576).toFixed(1) + " / " + (size / 1048576).toFixed(1) + " MB)";
  }

  function sleep(ms) {
    return new Promise((resolve) => setTimeout(resolve, ms));
  }

  async function readJson(response) {
    try {
      return await response.json();
    } catch (e) {
      return {};
    }
  }

  async function begin(file) {
    const saved = localStorage.getItem(storageKey(file));
    if (saved) {
      try {
        const r = await fetch(saved, { credentials: "same-origin" });
        if (r.ok) {
          const data = await r.json();
          if (!data.complete && data.size === file.size) return { url: saved, offset: data.offset };
        }
      } catch (e) {
        // Fall through: start a fresh upload.
      }
      localStorage.removeItem(storageKey(file));
    }
    const r = await fetch(startUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify({ filename: file.name, size: file.size }),
    });
    const data = await readJson(r);
    if (!r.ok) throw new Error(data.error || "Không bắt đầu tải lên được (" + r.status + ").");
    localStorage.setItem(storageKey(file), data.url);
    return { url: data.url, offset: 0, chunk: data.chunk_size };
  }

  async function serverOffset(url) {
    const r = await fetch(url, { credentials: "same-origin" });
    const data = await readJson(r);
    if (!r.ok) throw new Error(data.error || "Không tiếp tục được (" + r.status + ").");
    return data.offset;
  }

  async function send(file, url, offset, chunkBytes) {
    let retries = 0;
    while (offset < file.size) {
      const end = Math.min(offset + chunkBytes, file.size);
      const began = Date.now();
      let r;
      try {
        r = await fetch(url, {
          method: "POST",
          credentials: "same-origin",
          headers: {
            "Content-Type": "application/octet-stream",
            "Upload-Offset": String(offset),
            "X-CSRFToken": csrf,
          },
          body: file.slice(offset, end),
        });
      } catch (networkError) {
        // Slow or dropped connection: wait, ask where the server is, go on from there.
        if (++retries > MAX_RETRIES) throw new Error("Mất kết nối khi tải lên. Hãy thử lại: phần đã tải được giữ lại.");
        status.textContent = "Mất kết nối, thử lại lần " + retries + "…";
        await sleep(Math.min(30000, 1000 * 2 ** retries));
        try {
          offset = await serverOffset(url);
        } catch (e) {
          // Still offline: loop and retry.
        }
        continue;
      }
      const data = await readJson(r);
      if (r.status === 409 && typeof data.offset === "number") {
        offset = data.offset;
        continue;
      }
      if (!r.ok) throw new Error(data.error || "Tải lên bị từ chối (" + r.status + ").");
      retries = 0;
      offset = data.offset;
      showProgress(offset, file.size);
      if (Date.now() - began > SLOW_CHUNK_MS) chunkBytes = Math.max(MIN_CHUNK, Math.floor(chunkBytes / 2));
    }
  }

  form.addEventListener("submit", async function (event) {
    const file = input.files && input.files[0];
    if (!file || hiddenId.value) return; // a link, or the file is already up
    event.preventDefault();
    errorBox.classList.add("d-none");
    if (file.size > maxBytes) {
      showError("Tệp «" + file.name + "» vượt giới hạn " + Math.round(maxBytes / 1048576) + " MB của cuộc thi.");
      return;
    }
    button.disabled = true;
    try {
      const started = await begin(file);
      const chunkBytes = started.chunk || Number(form.dataset.chunkBytes);
      showProgress(started.offset, file.size);
      await send(file, started.url, started.offset, chunkBytes);
      localStorage.removeItem(storageKey(file));
      hiddenId.value = started.url.split("/").filter(Boolean).pop();
      status.textContent = "Đã tải lên xong, đang gửi bài…";
      input.disabled = true; // the file itself is never posted with the form
      form.submit();
    } catch (e) {
      showError(e.message);
    }
  });
})();
