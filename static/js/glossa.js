// Glossa: only what htmx cannot do on the piece page.
//  1. Turn a text selection in the verse into line numbers, offsets and the exact phrase,
//     and offer an editor a link to gloss it (the server checks it with anchoring.py).
//  2. Escape closes the commentary pane; focus goes into the pane and back again.
//  3. Keep the pane's anchor highlighted in the reading, which is cached HTML shared by all.
// Nothing here writes HTML: text goes in through textContent and URLs through URLSearchParams.
(function () {
  "use strict";

  var opener = null; // the link that opened the pane, to return focus to on close
  var annotateLink = null;

  function reading() { return document.getElementById("reading"); }
  function pane() { return document.getElementById("pane"); }

  // --- 3. The anchor of what the pane shows ---------------------------------------------
  function highlight() {
    var root = reading();
    var current = pane();
    if (!root) return;
    root.querySelectorAll(".is-current").forEach(function (el) { el.classList.remove("is-current"); });
    if (!current || current.hidden) return;
    var first = parseInt(current.dataset.first, 10);
    var last = parseInt(current.dataset.last, 10) || first;
    var gloss = parseInt(current.dataset.gloss, 10);
    if (first) {
      for (var n = first; n <= last; n++) {
        var line = root.querySelector('.line[data-line="' + n + '"]');
        if (line) line.classList.add("is-current");
      }
    }
    if (gloss) {
      root.querySelectorAll('.gloss[data-gloss="' + gloss + '"], mark[data-glosses~="' + gloss + '"]').forEach(function (el) {
        el.classList.add("is-current");
      });
    }
  }

  // --- 2. Keyboard and focus ------------------------------------------------------------
  function formIsDirty(form) {
    return Array.prototype.some.call(form.querySelectorAll("textarea, input[type=text]"), function (field) {
      return field.value !== field.defaultValue;
    });
  }

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    hideAnnotateLink();
    var current = pane();
    if (!current || current.hidden) return;
    var form = current.querySelector("form#editor-form");
    // Escape must never throw away what an editor typed; Cancel does that deliberately.
    if (form && formIsDirty(form)) return;
    var close = current.querySelector(".pane-close");
    if (close) { event.preventDefault(); close.click(); }
  });

  document.addEventListener("htmx:beforeRequest", function (event) {
    var elt = event.detail.elt;
    var root = reading();
    if (root && root.contains(elt) && elt.tagName === "A") opener = elt.getAttribute("href");
  });

  document.addEventListener("htmx:afterSettle", function (event) {
    highlight();
    if (event.detail.target && event.detail.target.id === "pane") {
      var current = pane();
      if (current && !current.hidden) {
        var focusable = current.querySelector(".conflict, .form-errors") ? current.querySelector("#id_body") : null;
        (focusable || current.querySelector(".pane-title") || current).focus({ preventScroll: true });
      } else if (opener) {
        var back = document.querySelector('#reading a[href="' + CSS.escape(opener) + '"]');
        if (back) back.focus({ preventScroll: true });
        opener = null;
      }
    }
  });
  document.addEventListener("htmx:historyRestore", highlight);

  document.addEventListener("htmx:responseError", function (event) {
    var status = event.detail.xhr.status;
    var message = status === 403
      ? "You may not do that: sign in as an editor and try again."
      : "That did not work (error " + status + "). Nothing was saved; please try again.";
    var box = document.getElementById("request-error");
    if (!box) {
      box = document.createElement("p");
      box.id = "request-error";
      box.className = "request-error";
      box.setAttribute("role", "alert");
      document.body.appendChild(box);
    }
    box.textContent = message;
  });

  // A click on a glossed phrase opens its gloss, and one on an annotated line's other words
  // opens the line's glosses: what the gloss's link and the line's number do.
  document.addEventListener("click", function (event) {
    var root = reading();
    if (!root || event.target.closest("a, button")) return;
    var line = event.target.closest(".line.is-annotated");
    var selection = window.getSelection();
    if (!line || !root.contains(line) || (selection && !selection.isCollapsed)) return;
    var phrase = event.target.closest("mark.phrase[data-gloss]");
    var glossLink = phrase && root.querySelector("#g" + parseInt(phrase.dataset.gloss, 10) + " a.gloss-link");
    var link = glossLink || line.querySelector("a.ln");
    if (link) link.click();
  });

  // --- 1. Selection → anchor --------------------------------------------------------------
  function offsetIn(text, container, offset) {
    var range = document.createRange();
    range.selectNodeContents(text);
    range.setEnd(container, offset);
    return range.toString().length;
  }

  function selectionAnchor(range, root) {
    var lines = Array.prototype.filter.call(root.querySelectorAll(".line"), function (line) {
      return range.intersectsNode(line);
    });
    if (!lines.length) return null;
    var first = lines[0], last = lines[lines.length - 1];
    var firstText = first.querySelector(".text"), lastText = last.querySelector(".text");
    // An end outside the words (on a line number, an echo) counts as the near edge of the words.
    var start = firstText.contains(range.startContainer) ? offsetIn(firstText, range.startContainer, range.startOffset)
      : (range.comparePoint(firstText, 0) < 0 ? firstText.textContent.length : 0);
    var end = lastText.contains(range.endContainer) ? offsetIn(lastText, range.endContainer, range.endOffset)
      : (range.comparePoint(lastText, 0) > 0 ? 0 : lastText.textContent.length);
    if (lines.length > 1 && start >= firstText.textContent.length) { lines.shift(); start = 0; }
    if (lines.length > 1 && end === 0) { lines.pop(); end = lines[lines.length - 1].querySelector(".text").textContent.length; }
    first = lines[0]; last = lines[lines.length - 1];
    var texts = lines.map(function (line) { return line.querySelector(".text").textContent; });
    var exact;
    if (lines.length === 1) {
      exact = texts[0].slice(start, end);
    } else {
      exact = [texts[0].slice(start)].concat(texts.slice(1, -1), [texts[texts.length - 1].slice(0, end)]).join("\n");
    }
    // Leave out the white space a mouse tends to pick up at either end.
    var lead = exact.length - exact.replace(/^\s+/, "").length;
    var trail = exact.length - exact.replace(/\s+$/, "").length;
    exact = exact.trim();
    if (!exact) return null;
    return {
      first_line: first.dataset.line, last_line: last.dataset.line,
      start: start + lead, end: end - trail, exact: exact,
    };
  }

  function hideAnnotateLink() {
    if (annotateLink) annotateLink.hidden = true;
  }

  function showAnnotateLink(anchor, range, root) {
    if (!annotateLink) {
      annotateLink = document.createElement("a");
      annotateLink.className = "button annotate-link";
      annotateLink.setAttribute("hx-target", "#pane");
      annotateLink.setAttribute("hx-swap", "outerHTML");
      annotateLink.setAttribute("hx-push-url", "true");
      // Clicking must not first clear the selection it is about.
      annotateLink.addEventListener("mousedown", function (event) { event.preventDefault(); });
      annotateLink.addEventListener("click", function () { window.setTimeout(hideAnnotateLink, 0); });
      document.body.appendChild(annotateLink);
    }
    var url = root.dataset.annotate + "?" + new URLSearchParams(anchor).toString();
    annotateLink.setAttribute("href", url);
    annotateLink.setAttribute("hx-get", url);
    var quote = anchor.exact.length > 40 ? anchor.exact.slice(0, 39) + "…" : anchor.exact;
    annotateLink.textContent = "Gloss “" + quote.replace(/\n/g, " / ") + "”";
    var box = range.getBoundingClientRect();
    annotateLink.style.top = (window.scrollY + box.bottom + 6) + "px";
    annotateLink.style.left = (window.scrollX + Math.max(8, box.left)) + "px";
    annotateLink.hidden = false;
    htmx.process(annotateLink);
  }

  var pending = null;
  function onSelectionChange() {
    window.clearTimeout(pending);
    pending = window.setTimeout(function () {
      var root = reading();
      if (!root || !root.dataset.annotate) return;
      var selection = window.getSelection();
      if (!selection || selection.isCollapsed || !selection.rangeCount) { hideAnnotateLink(); return; }
      var range = selection.getRangeAt(0);
      if (!root.contains(range.commonAncestorContainer)) { hideAnnotateLink(); return; }
      var anchor = selectionAnchor(range, root);
      if (anchor) showAnnotateLink(anchor, range, root); else hideAnnotateLink();
    }, 150);
  }
  document.addEventListener("selectionchange", onSelectionChange);

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", highlight);
  else highlight();
})();
