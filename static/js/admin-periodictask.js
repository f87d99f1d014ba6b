// django-celery-beat's periodic-task admin form: under the crontab choice, the
// schedule in words (what its template did in an inline script).
(function ($) {
  "use strict";
  var data = document.getElementById("readable-crontabs");
  var help = $(".field-crontab .help");
  if (!data || !help.length) return;
  var readable = JSON.parse(data.textContent);
  var original = help.first().text();
  $(".field-crontab_translation").hide();
  $(".field-crontab").change(function () {
    var words = readable[$("#id_crontab").val()];
    help.text(original).append("<br>", document.createTextNode("Translation: " + (words || "")));
  });
})(django.jQuery);
