// Glossa: only what htmx cannot do on the piece page.
//  1. Turn a text selection in the verse into line numbers, offsets and the exact phrase,
//     and offer an editor a link to gloss it (the server checks it with anchoring.py).
//  2. Escape closes the commentary pane; focus goes into the pane and back again.
//  3. Keep the anchors of the pane's gloss highlighted in the reading (cached HTML shared by
//     all), and light up every anchor of a gloss while it is hovered or focused.
// Nothing here writes HTML: text goes in through textContent and URLs through URLSearchParams.
(function () {
  "use strict";

  var opener = null; // the link that opened the pane, to return focus to on close
  var annotateLink = null;

  function reading() { return document.getElementById("reading"); }
  function pane() { return document.getElementById("pane"); }

  // --- 3. The anchors of what the pane shows, and of the gloss under the pointer ----------
  // A gloss may stand on several places; all of them are marked with its id in data-glosses
  // (lines and phrases alike), so one selector finds every place of one gloss.
  function placesOf(root, gloss) {
    return root.querySelectorAll('.line[data-glosses~="' + gloss + '"], mark[data-glosses~="' + gloss + '"], .gloss[data-gloss="' + gloss + '"]');
  }

  function highlight() {
    var root = reading();
    var current = pane();
    if (!root) return;
    root.querySelectorAll(".is-current").forEach(function (el) { el.classList.remove("is-current"); });
    if (!current || current.hidden) return;
    var first = parseInt(current.dataset.first, 10);
    var last = parseInt(current.dataset.last, 10) || first;
    var gloss = parseInt(current.dataset.gloss, 10);
    if (first && !gloss) {
      for (var n = first; n <= last; n++) {
        var line = root.querySelector('.line[data-line="' + n + '"]');
        if (line) line.classList.add("is-current");
      }
    }
    if (gloss) {
      placesOf(root, gloss).forEach(function (el) { el.classList.add("is-current"); });
    }
  }

  function light(event, on) {
    var root = reading();
    var gloss = event.target.closest && event.target.closest("[data-gloss]");
    if (!root || !gloss || !gloss.matches(".gloss, #pane")) return;
    var id = parseInt(gloss.dataset.gloss, 10);
    if (!id) return;
    placesOf(root, id).forEach(function (el) { el.classList.toggle("is-lit", on); });
  }
  document.addEventListener("mouseover", function (event) { light(event, true); });
  document.addEventListener("mouseout", function (event) { light(event, false); });
  document.addEventListener("focusin", function (event) { light(event, true); });
  document.addEventListener("focusout", function (event) { light(event, false); });

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

  // A click on a glossed phrase opens its gloss from that anchor, and one on an annotated
  // line's other words opens the line's glosses: what the gloss's link and the line's number do.
  var anchorOpener = null;
  function openAnchor(root, phrase) {
    var gloss = parseInt(phrase.dataset.gloss, 10), anchor = parseInt(phrase.dataset.anchor, 10);
    var line = phrase.closest(".line");
    if (!gloss || !root.dataset.url) return false;
    var query = "?" + new URLSearchParams(anchor ? { gloss: gloss, anchor: anchor } : { gloss: gloss }).toString();
    if (!anchorOpener) {
      anchorOpener = document.createElement("a");
      anchorOpener.hidden = true;
      anchorOpener.setAttribute("hx-target", "#pane");
      anchorOpener.setAttribute("hx-swap", "outerHTML");
      document.body.appendChild(anchorOpener);
    }
    anchorOpener.setAttribute("href", root.dataset.url + query);
    anchorOpener.setAttribute("hx-get", root.dataset.url + query);
    anchorOpener.setAttribute("hx-push-url", root.dataset.url + query + (line ? "#L" + line.dataset.line : ""));
    htmx.process(anchorOpener);
    anchorOpener.click();
    return true;
  }

  document.addEventListener("click", function (event) {
    var root = reading();
    if (!root || event.target.closest("a, button")) return;
    var line = event.target.closest(".line.is-annotated");
    var selection = window.getSelection();
    if (!line || !root.contains(line) || (selection && !selection.isCollapsed)) return;
    var phrase = event.target.closest("mark.phrase[data-gloss]");
    if (phrase && openAnchor(root, phrase)) return;
    var link = line.querySelector("a.ln");
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

  // The offers that follow a selection: a new gloss on it, and, while the pane shows a gloss
  // an editor may change, "Add to this gloss" and "Move here" (the pane's current anchor).
  // The two writes are plain htmx POSTs carrying the selection and the gloss's version; the
  // server checks both, as it does for the forms that do the same without JavaScript.
  var actions = null;

  function hideAnnotateLink() {
    if (actions) actions.hidden = true;
  }

  function actionBar() {
    if (actions) return actions;
    actions = document.createElement("div");
    actions.className = "selection-actions";
    actions.setAttribute("role", "group");
    actions.setAttribute("aria-label", "Selected words");
    annotateLink = document.createElement("a");
    annotateLink.className = "button annotate-link";
    annotateLink.setAttribute("hx-target", "#pane");
    annotateLink.setAttribute("hx-swap", "outerHTML");
    annotateLink.setAttribute("hx-push-url", "true");
    actions.appendChild(annotateLink);
    [["add-anchor-button", "Add to this gloss"], ["move-anchor-button", "Move here"]].forEach(function (pair) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = pair[0];
      button.textContent = pair[1];
      button.setAttribute("hx-target", "#pane");
      button.setAttribute("hx-swap", "outerHTML");
      actions.appendChild(button);
    });
    // Clicking must not first clear the selection it is about.
    actions.addEventListener("mousedown", function (event) { event.preventDefault(); });
    actions.addEventListener("click", function () { window.setTimeout(hideAnnotateLink, 0); });
    document.body.appendChild(actions);
    return actions;
  }

  function offerWrite(button, url, anchor, version) {
    button.hidden = !url || !version;
    if (button.hidden) return;
    var values = { version: version };
    Object.keys(anchor).forEach(function (key) { values[key] = String(anchor[key]); });
    button.setAttribute("hx-post", url);
    button.setAttribute("hx-vals", JSON.stringify(values));
  }

  function showAnnotateLink(anchor, range, root) {
    var bar = actionBar();
    var url = root.dataset.annotate + "?" + new URLSearchParams(anchor).toString();
    annotateLink.setAttribute("href", url);
    annotateLink.setAttribute("hx-get", url);
    var quote = anchor.exact.length > 40 ? anchor.exact.slice(0, 39) + "…" : anchor.exact;
    annotateLink.textContent = "Gloss “" + quote.replace(/\n/g, " / ") + "”";
    var current = pane();
    var open = current && !current.hidden ? current.dataset : {};
    offerWrite(bar.querySelector(".add-anchor-button"), open.addAnchor, anchor, open.version);
    var move = bar.querySelector(".move-anchor-button");
    offerWrite(move, open.moveAnchor, anchor, open.version);
    if (open.moveLabel) move.textContent = "Move " + open.moveLabel + " here";
    var box = range.getBoundingClientRect();
    bar.style.top = (window.scrollY + box.bottom + 6) + "px";
    bar.style.left = (window.scrollX + Math.max(8, box.left)) + "px";
    bar.hidden = false;
    htmx.process(bar);
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
