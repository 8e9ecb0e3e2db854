// The app's own behaviour, from a static file so the Content-Security-Policy needs no inline script.
(function () {
  "use strict";

  // Forms that ask before a serious step: <form data-confirm="Void claim 12?">.
  document.addEventListener("submit", function (event) {
    var message = event.target.getAttribute && event.target.getAttribute("data-confirm");
    if (message && !window.confirm(message)) {
      event.preventDefault();
    }
  });

  // Bar charts: <span data-bar-width="42.0">, set here because inline styles are not allowed.
  document.querySelectorAll("[data-bar-width]").forEach(function (bar) {
    bar.style.width = bar.getAttribute("data-bar-width") + "%";
  });

  // Idle logoff (HIPAA 164.312(a)(2)(iii)): the server ends a session after
  // data-idle-seconds without a request; warn data-idle-warning-seconds before (a minute),
  // then go to the login page.
  var body = document.body;
  var idleSeconds = parseInt(body.getAttribute("data-idle-seconds") || "0", 10);
  var warningSeconds = parseInt(body.getAttribute("data-idle-warning-seconds") || "60", 10);
  if (!idleSeconds) {
    return;
  }
  var warning = document.getElementById("idle-warning");
  var warnAt, logoutAt;

  function schedule() {
    window.clearTimeout(warnAt);
    window.clearTimeout(logoutAt);
    warning.hidden = true;
    warnAt = window.setTimeout(function () {
      warning.hidden = false;
    }, Math.max(idleSeconds - warningSeconds, 0) * 1000);
    logoutAt = window.setTimeout(function () {
      window.location.href = body.getAttribute("data-login-url") + "?timeout=1";
    }, idleSeconds * 1000);
  }

  document.getElementById("idle-stay").addEventListener("click", function () {
    // Any request renews the session on the server (SESSION_SAVE_EVERY_REQUEST).
    window.fetch(body.getAttribute("data-keepalive-url"), { credentials: "same-origin" }).then(schedule);
  });
  schedule();
})();
