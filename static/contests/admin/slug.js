// The contest's slug as the server makes it (contests/slugs.py): Vietnamese
// letters become their ASCII letter ("Cuộc thi" -> "cuoc-thi"), nothing else is
// dropped. Replaces Django's URLify, which prepopulate.js calls while the title
// is typed; URLify drops letters such as "ộ" and English words ("an", "to").
"use strict";
(function () {
  function slugFrom(text, maxLength) {
    const plain = String(text)
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .replace(/đ/g, "d")
      .replace(/Đ/g, "D")
      .toLowerCase()
      .replace(/[^a-z0-9\s_-]/g, "")
      .trim();
    return plain
      .replace(/[-\s]+/g, "-")
      .substring(0, maxLength)
      .replace(/^[-_]+|[-_]+$/g, "");
  }
  window.URLify = slugFrom;
})();
