/*
 * The case page keeps what the officer types (loaded by case.html; plain ES2017, no build step).
 *
 * - The reply editor (form#reply-form) saves itself a moment after the officer stops typing
 *   (POST data-draft-url, the form's fields and CSRF token) and says "Saved hh:mm" beside it.
 * - Leaving the page with text that is not saved yet asks first (beforeunload), and what can
 *   still be sent is sent (sendBeacon) as the page goes.
 * - "Use this reply" puts the standard reply into an empty editor, or at the cursor when the
 *   officer has written something: nothing typed is ever replaced.
 * - Every other action on the page is an htmx form that swaps only its own part, so the
 *   editor is never reloaded; a form answered 400 (a mistake shown beside the field) is
 *   swapped in like any other answer.
 * - After a failed send the address bar shows the case again, not the form's POST address.
 */
(function () {
  "use strict";

  var SAVE_AFTER_MS = 1200;
  var form = document.getElementById("reply-form");
  var status = document.getElementById("draft-status");
  var timer = 0;
  var dirty = false; // text typed since the last save that reached the server
  var saving = null; // the save in flight, if any
  var sending = false; // the form is being submitted (Send or Save draft): no warning

  function say(text) {
    if (status) status.textContent = text;
  }

  function fields() {
    var data = new FormData(form);
    data.delete("action");
    return data;
  }

  function save() {
    clearTimeout(timer);
    timer = 0;
    if (!dirty || !form) return;
    if (saving) {
      // one save at a time: try again when this one is back
      timer = setTimeout(save, SAVE_AFTER_MS);
      return;
    }
    dirty = false;
    say(status.dataset.saving);
    var csrf = form.querySelector("input[name=csrf_token]").value;
    saving = fetch(form.dataset.draftUrl, {
      method: "POST",
      body: fields(),
      headers: { "X-CSRF-Token": csrf },
      credentials: "same-origin",
    })
      .then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        return response.json();
      })
      .then(function (answer) {
        if (!dirty) say(answer.status);
      })
      .catch(function () {
        dirty = true;
        say(status.dataset.failed);
      })
      .then(function () {
        saving = null;
      });
  }

  function changed() {
    dirty = true;
    say(status.dataset.unsaved);
    clearTimeout(timer);
    timer = setTimeout(save, SAVE_AFTER_MS);
  }

  function placeAbove(value, aboves) {
    var place = value.replace(/\s+$/, "").length;
    for (var i = 0; i < aboves.length; i++) {
      var found = value.lastIndexOf(aboves[i].content.textContent);
      if (found > 0 && found < place) place = found;
    }
    return place;
  }

  /* Under the editor: the standard replies the text was made from, by title. */
  function nameReply(item, added) {
    var line = document.getElementById("reply-started-from");
    var title = item.querySelector("strong.reply-title");
    if (!line || !title) return;
    var names = line.querySelector(".started-titles");
    var known = added && !line.hidden ? names.textContent.split("; ") : [];
    if (known.indexOf(title.textContent) < 0) known.push(title.textContent);
    names.textContent = known.filter(function (one) { return one !== ""; }).join("; ");
    line.hidden = false;
  }

  function insertReply(link) {
    var item = link.closest("li");
    var source = item && item.querySelector("template.reply-source");
    var addition = item && item.querySelector("template.reply-addition");
    var body = document.getElementById("reply-body");
    if (!source || !body) return false;
    var started = body.value.trim() !== "";
    // Into a letter already begun goes the reply without its greeting and signature.
    var text = (started && addition ? addition : source).content.textContent;
    var used = form.querySelector("input[name=reply_id]");
    var id = link.dataset.replyId || "";
    used.value = started && used.value ? used.value.split(" ").filter(function (one) {
      return one !== id;
    }).concat([id]).join(" ") : id;
    body.focus();
    if (!started) {
      body.value = text;
      body.setSelectionRange(0, 0);
    } else {
      var start = body.selectionStart;
      var end = body.selectionEnd;
      var after = "";
      if (start === 0 && end === 0 && addition) {
        // The cursor where the first reply left it, at the top: the second goes above the
        // case-number line and the closing of the reply already there, not above its greeting.
        start = end = placeAbove(body.value, document.querySelectorAll("template.reply-above"));
        var rest = body.value.slice(end);
        after = rest === "" || /^\n\n/.test(rest) ? "" : /^\n/.test(rest) ? "\n" : "\n\n";
      }
      var before = body.value.slice(0, start);
      var gap = before === "" || /\n\n$/.test(before) ? "" : /\n$/.test(before) ? "\n" : "\n\n";
      // setRangeText keeps the officer's text around the insertion; nothing is replaced
      // unless they had selected it themselves.
      body.setRangeText(gap + text + after, start, end, "end");
    }
    // The markup's text follows the value too: what the officer sees is what the page holds.
    body.defaultValue = body.value;
    form.querySelector("input[name=reply_language]").value = link.dataset.replyLanguage || "";
    nameReply(item, started);
    document.getElementById("reply").scrollIntoView({ block: "start" });
    changed();
    return true;
  }

  function onClick(event) {
    var link = event.target.closest && event.target.closest("a.use-reply");
    if (link && form && insertReply(link)) {
      event.preventDefault();
      return;
    }
    var followUp = event.target.closest && event.target.closest("a.follow-up-link");
    var dateField = document.getElementById("follow-up-on");
    if (followUp && dateField) {
      event.preventDefault();
      dateField.scrollIntoView({ block: "center" });
      dateField.focus();
    }
  }

  function onBeforeUnload(event) {
    if (!dirty || sending) return undefined;
    if (navigator.sendBeacon) navigator.sendBeacon(form.dataset.draftUrl, fields());
    event.preventDefault();
    event.returnValue = status.dataset.leave; // older browsers want a value
    return status.dataset.leave;
  }

  /* A form with a mistake comes back 400 with the message beside the field: show it. */
  function onBeforeSwap(event) {
    if (event.detail.xhr && event.detail.xhr.status === 400) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  }

  if (form && status) {
    form.addEventListener("input", changed);
    form.addEventListener("submit", function () {
      sending = true;
      clearTimeout(timer);
    });
    window.addEventListener("beforeunload", onBeforeUnload);
  }
  // A part of the page answered in place ("Take the case", a status) whose button is gone:
  // the focus would fall to the page's start, where a keyboard or screen-reader user loses
  // their place. It goes to the part's heading instead, which says what changed there.
  function onAfterSettle(event) {
    var active = document.activeElement;
    if (active && active !== document.body) return;
    var old = event.detail && event.detail.target;
    var part = old && old.id ? document.getElementById(old.id) : null;
    var heading = part && part.querySelector("h2");
    if (!heading) return;
    heading.setAttribute("tabindex", "-1");
    heading.focus();
  }

  document.addEventListener("click", onClick);
  document.body.addEventListener("htmx:beforeSwap", onBeforeSwap);
  document.body.addEventListener("htmx:afterSettle", onAfterSettle);

  // A case page that answers a form (a send that failed, a close that asks first) stands at
  // the case's own address: reload, back and forward then find it. Only the reply's answer
  // names its part: a fragment in the address would keep Chromium from the autofocus that a
  // close's question puts on "Close anyway".
  var layout = document.querySelector("[data-case-url]");
  var answered = /^\/cases\/\d+\/([a-z-]+)$/.exec(window.location.pathname);
  if (layout && answered) {
    var part = answered[1] === "reply" ? "#reply" : "";
    window.history.replaceState(null, "", layout.dataset.caseUrl + part);
  }
})();
