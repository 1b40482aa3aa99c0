/*
 * mailtriage keyboard shortcuts: work the queue and a case without a mouse.
 * Loaded on every page with <script src="/static/keys.js" defer>; plain ES2017, no build step.
 *
 * In the queue (a page with table.queue):
 *   j  or  ArrowDown   select the next case (tr.case-row)
 *   k  or  ArrowUp     select the previous case
 *   o  or  Enter       open the selected case (its a.case-link)
 *   c                  claim the selected case (its form.claim-form, if it has one)
 *   /                  jump to the search field (input[type=search])
 * On a case page:
 *   r                  jump to the reply editor (the textarea in .case-main)
 *   c                  claim the case (the page's one form.claim-form, if there is one)
 * Everywhere:
 *   g then q           go to the queue ("/")
 *   ?                  show or hide the list of keys (<dialog id="keys-help">, if the page has one)
 *
 * Keys are ignored while typing in a field (input, textarea, select, contenteditable) and with
 * Ctrl, Meta or Alt held, so browser and screen-reader shortcuts keep working. One listener on
 * the document handles everything, so rows that htmx swaps in need no binding of their own; after
 * a swap (htmx:afterSwap) the selection is carried over to the new row of the same case.
 */
(function () {
  "use strict";

  var ROW = "table.queue tr.case-row";
  var SEQUENCE_TIMEOUT_MS = 1500;
  var pendingG = 0; // time of a pending "g", 0 when none
  var selectedKey = null; // id of the selected case, to find its row again after an htmx swap

  function rows() {
    return Array.prototype.slice.call(document.querySelectorAll(ROW));
  }

  function selectedRow() {
    return document.querySelector(ROW + ".is-selected");
  }

  function rowKey(row) {
    return row.id || row.getAttribute("data-case-id") || null;
  }

  function mainLink(row) {
    return row.querySelector("a.case-link") || row.querySelector("a[href]");
  }

  /* Mark `row` as the selected one; `moveFocus` also scrolls to it and focuses its link. */
  function select(row, moveFocus) {
    rows().forEach(function (other) {
      if (other !== row) {
        other.classList.remove("is-selected");
        other.removeAttribute("aria-selected");
      }
    });
    row.classList.add("is-selected");
    row.setAttribute("aria-selected", "true");
    selectedKey = rowKey(row);
    if (!moveFocus) return;
    var link = mainLink(row);
    if (link) link.focus({ preventScroll: true });
    row.scrollIntoView({ block: "nearest" });
  }

  function move(step) {
    var all = rows();
    if (all.length === 0) return false;
    var index = all.indexOf(selectedRow());
    var next = index === -1 ? (step > 0 ? 0 : all.length - 1) : index + step;
    select(all[Math.max(0, Math.min(all.length - 1, next))], true);
    return true;
  }

  function openSelected() {
    var row = selectedRow();
    var link = row && mainLink(row);
    if (!link) return false;
    link.click();
    return true;
  }

  function submit(form) {
    // requestSubmit fires the submit event, so htmx (hx-post on the form) handles it as usual.
    if (typeof form.requestSubmit === "function") form.requestSubmit();
    else form.submit();
    return true;
  }

  function claim() {
    if (document.querySelector("table.queue")) {
      var row = selectedRow();
      var form = row && row.querySelector("form.claim-form");
      return form ? submit(form) : false;
    }
    var forms = document.querySelectorAll("form.claim-form");
    return forms.length === 1 ? submit(forms[0]) : false;
  }

  function focusField(selector) {
    var field = document.querySelector(selector);
    if (!field) return false;
    field.focus();
    if (typeof field.select === "function" && field.type === "search") field.select();
    return true;
  }

  function toggleHelp() {
    var dialog = document.getElementById("keys-help");
    if (!dialog || typeof dialog.showModal !== "function") return false;
    if (dialog.open) dialog.close();
    else dialog.showModal();
    return true;
  }

  function isTyping(target) {
    if (!target || target.nodeType !== 1) return false;
    if (target.isContentEditable) return true;
    return Boolean(target.closest("input, textarea, select, [contenteditable]:not([contenteditable='false'])"));
  }

  /* Links, buttons and summaries answer Enter themselves; don't take it from them. */
  function handlesEnter(target) {
    return Boolean(target && target.nodeType === 1 && target.closest("a[href], button, summary, [role='button']"));
  }

  function queueKey(event) {
    switch (event.key) {
      case "j":
      case "ArrowDown":
        return move(1);
      case "k":
      case "ArrowUp":
        return move(-1);
      case "o":
        return openSelected();
      case "Enter":
        return handlesEnter(event.target) ? false : openSelected();
      case "c":
        return claim();
      case "/":
        return focusField("input[type=search]");
      default:
        return false;
    }
  }

  function caseKey(event) {
    switch (event.key) {
      case "r":
        return focusField(".case-main textarea");
      case "c":
        return claim();
      case "/":
        return focusField("input[type=search]");
      default:
        return false;
    }
  }

  function onKeydown(event) {
    if (event.defaultPrevented || event.isComposing) return;
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (isTyping(event.target)) return;

    var handled = false;
    var help = document.getElementById("keys-help");
    if (event.key === "?") {
      handled = toggleHelp();
    } else if (help && help.open) {
      return; // the dialog is modal: Escape and Tab work inside it, nothing else
    } else if (pendingG && Date.now() - pendingG < SEQUENCE_TIMEOUT_MS && event.key === "q") {
      window.location.assign("/");
      handled = true;
    } else if (event.key === "g") {
      pendingG = Date.now();
      return;
    } else if (document.querySelector("table.queue")) {
      handled = queueKey(event);
    } else {
      handled = caseKey(event);
    }
    pendingG = 0;
    if (handled) event.preventDefault();
  }

  /* Tabbing or clicking into a row selects it too, so j/k continue from where the user is. */
  function onFocusin(event) {
    var row = event.target && event.target.closest ? event.target.closest(ROW) : null;
    if (row && !row.classList.contains("is-selected")) select(row, false);
  }

  /* htmx replaced part of the page: find the selected case's new row, or forget the selection. */
  function onAfterSwap() {
    if (selectedKey === null) return;
    var row = rows().filter(function (candidate) {
      return rowKey(candidate) === selectedKey;
    })[0];
    if (row) {
      var hadFocus = document.activeElement === document.body || document.activeElement === null;
      select(row, hadFocus);
    } else {
      selectedKey = null;
    }
  }

  document.addEventListener("keydown", onKeydown);
  document.addEventListener("focusin", onFocusin);
  document.addEventListener("htmx:afterSwap", onAfterSwap);
})();
