// Glossa: only what htmx cannot do on the piece page.
//  1. Turn a text selection in the verse into line numbers, offsets and the exact phrase,
//     and offer an editor a link to gloss it (the server checks it with anchoring.py).
//  2. Escape closes the commentary pane; focus goes into the pane and back again.
//  3. Keep the anchors of the pane's gloss highlighted in the reading (cached HTML shared by
//     all), and light up every anchor of a gloss while it is hovered or focused.
//  4. Margin notes (issue 11): set each note level with its line, or just below the note before
//     it, never moving the verse; clamp long ones behind "more"; move the pane to the place of
//     the gloss it shows (in the margin on wide screens, below its line on narrow ones), so a
//     gloss is on the page once; "Verse only / With notes"; "Copy link".
// Without this file the notes follow their section and the pane is a plain box: nothing is lost.
// Geometry is set through element.style (allowed by the Content-Security-Policy); no inline
// script or style attribute is written.
// Nothing here writes HTML: text goes in through textContent and URLs through URLSearchParams.
(function () {
  "use strict";

  document.documentElement.classList.add("js");

  var opener = null; // the link that opened the pane (an element), to return focus to on close
  var closedLine = null; // the line of the pane being replaced, for focus when it closes
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
    // (The pane may stand inside the reading now: its own links are not what opened it.)
    if (root && root.contains(elt) && elt.tagName === "A" && !elt.closest("#pane")) opener = elt;
  });

  document.addEventListener("htmx:afterSettle", function (event) {
    var target = event.detail.target;
    var opened = target && target.id === "pane";
    placePane(opened);
    highlight();
    if (opened) {
      var current = pane();
      if (current && !current.hidden) {
        var focusable = current.querySelector(".conflict, .form-errors") ? current.querySelector("#id_body") : null;
        (focusable || current.querySelector(".pane-title") || current).focus({ preventScroll: true });
      } else {
        // Back to what opened it, or to the line it was about (Escape returns focus to the line).
        // The link itself, or, if the reading was fetched anew meanwhile, a shown link like it.
        var back = opener && opener.isConnected && opener.offsetParent !== null ? opener : null;
        if (!back && opener) {
          back = Array.prototype.find.call(document.querySelectorAll('#reading a[href="' + CSS.escape(opener.getAttribute("href")) + '"]'),
            function (link) { return link.offsetParent !== null; });
        }
        if (!back) back = closedLine && document.querySelector("#L" + closedLine + " .ln");
        if (back) back.focus({ preventScroll: true });
        // htmx settles each node of the swap: only the first one returns the focus.
        opener = null;
        closedLine = null;
      }
    }
  });
  document.addEventListener("htmx:historyRestore", function () { placePane(false); highlight(); });
  // The reading is fetched anew after a write: take the pane out of it first, or it goes too.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var current = pane(), home = room();
    if (event.detail.target && event.detail.target.id === "reading-slot" && current && home && event.detail.target.contains(current)) {
      home.appendChild(current);
    }
    if (event.detail.target && event.detail.target.id === "pane" && current) closedLine = current.dataset.first || closedLine;
  });

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
    if (!root || event.target.closest("a, button, form")) return;
    // A click on a margin note (not on one of its links) opens it in place, as its link does.
    var note = event.target.closest(".margin-note");
    if (note && root.contains(note)) {
      var selected = window.getSelection();
      var link = note.querySelector(".gloss-link");
      if (link && (!selected || selected.isCollapsed)) link.click();
      return;
    }
    var line = event.target.closest(".line.is-annotated");
    var selection = window.getSelection();
    if (!line || !root.contains(line) || (selection && !selection.isCollapsed)) return;
    var phrase = event.target.closest("mark.phrase[data-gloss]");
    if (phrase && openAnchor(root, phrase)) return;
    var number = line.querySelector("a.ln");
    if (number) number.click();
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


  // --- 4. Margin notes, the pane in its place, reading modes, copy link ---------------------
  var GAP = 8; // px between two notes
  var narrowQuery = window.matchMedia("(max-width: 52rem)"); // the CSS's one breakpoint
  function room() { return document.getElementById("reading-room"); }
  function isWide() { return !narrowQuery.matches; }

  // Long notes are clamped to a few lines behind "more". Measured only once a note is shown.
  function clampNotes(root) {
    root.querySelectorAll(".margin-note:not([data-clamp])").forEach(function (note) {
      var body = note.querySelector(".note-body");
      if (!body || note.offsetParent === null) return;
      note.dataset.clamp = "checked";
      note.classList.add("is-clamped");
      if (body.scrollHeight <= body.clientHeight + 2) { note.classList.remove("is-clamped"); return; }
      var more = document.createElement("button");
      more.type = "button";
      more.className = "more no-print";
      more.textContent = "more";
      more.setAttribute("aria-expanded", "false");
      body.insertAdjacentElement("afterend", more);
    });
  }

  document.addEventListener("click", function (event) {
    var more = event.target.closest && event.target.closest(".margin-note .more");
    if (!more) return;
    var note = more.closest(".margin-note");
    var open = note.classList.toggle("is-clamped") === false;
    more.textContent = open ? "less" : "more";
    more.setAttribute("aria-expanded", String(open));
    layout();
  });

  // Each note level with the line it stands beside (data-at), or just below the note before it:
  // in reading order, so no two overlap and none is above its line. The verse is never moved.
  function layout() {
    var home = room(), root = reading();
    if (!home || !root) return;
    var container = root.querySelector(".verse-and-glosses");
    if (!container) return;
    clampNotes(root);
    var notes = Array.prototype.slice.call(container.querySelectorAll(".notes > .margin-note, .notes > .pane.is-inline"));
    if (!isWide()) {
      home.classList.remove("is-placed");
      notes.forEach(function (note) { note.style.top = ""; });
      container.style.minHeight = "";
      return;
    }
    home.classList.add("is-placed");
    var base = container.getBoundingClientRect().top;
    var bottom = -Infinity, lowest = 0;
    notes.forEach(function (note) {
      if (note.hidden || window.getComputedStyle(note).display === "none") return;
      var line = container.querySelector('.line[data-line="' + note.dataset.at + '"]');
      var top = Math.max(line ? line.getBoundingClientRect().top - base : 0, bottom + GAP);
      note.style.top = top + "px";
      bottom = top + note.offsetHeight;
      lowest = Math.max(lowest, bottom);
    });
    container.style.minHeight = lowest ? Math.ceil(lowest) + "px" : "";
  }

  // The section's notes, made if it has none: where a pane about one of its lines stands.
  function notesOf(row) {
    var section = row.closest(".section");
    var notes = section.querySelector(":scope > .notes");
    if (!notes) {
      notes = document.createElement("div");
      notes.className = "notes";
      section.appendChild(notes);
    }
    return notes;
  }

  // The pane goes where its gloss is read: in the margin level with its line (wide), right below
  // its line (narrow: the line stays in view above it), beside the piece's commentary; the margin
  // note it stands for is hidden meanwhile. A pane about nothing on the page stays a plain box.
  function placePane(opened) {
    var current = pane(), home = room(), root = reading();
    if (!current || !home) return;
    if (root) root.querySelectorAll(".is-in-pane").forEach(function (el) { el.classList.remove("is-in-pane"); });
    var row = root && current.dataset.first ? document.getElementById("L" + current.dataset.first) : null;
    var note = root && current.dataset.gloss ? document.getElementById("g" + current.dataset.gloss) : null;
    if (note && !root.contains(note)) note = null;
    if (current.hidden || !root || (!row && !note)) {
      if (current.parentNode !== home) home.appendChild(current);
      current.classList.remove("is-inline");
      delete current.dataset.at;
      current.style.top = "";
      layout();
      return;
    }
    if (note) note.classList.add("is-in-pane");
    current.classList.add("is-inline");
    current.style.top = "";
    if (row && isWide()) {
      var notes = notesOf(row), at = parseInt(current.dataset.first, 10);
      var before = Array.prototype.find.call(notes.children, function (el) {
        return el !== current && parseInt(el.dataset.at, 10) > at;
      });
      current.dataset.at = String(at);
      if (before) notes.insertBefore(current, before); else notes.appendChild(current);
    } else if (row) {
      // Below the last line of its place, so that every line of a range stays above it.
      var last = document.getElementById("L" + current.dataset.last);
      delete current.dataset.at;
      (last && root.contains(last) ? last : row).insertAdjacentElement("afterend", current);
    } else {
      delete current.dataset.at;
      note.insertAdjacentElement("afterend", current);
    }
    layout();
    if (opened) {
      // Keep the line in view: on a narrow screen the note opens below it.
      var box = (row || current).getBoundingClientRect();
      var line = row ? row.querySelector(".line").getBoundingClientRect() : box;
      var paneBox = current.getBoundingClientRect();
      if (line.top < 0 || line.bottom > window.innerHeight || (!isWide() && paneBox.top > window.innerHeight - 80)) {
        (row || current).scrollIntoView({ block: "start" });
      } else if (isWide() && (paneBox.top > window.innerHeight || paneBox.bottom < 0)) {
        current.scrollIntoView({ block: "nearest" });
      }
    }
  }

  var pendingLayout = null;
  window.addEventListener("resize", function () {
    window.clearTimeout(pendingLayout);
    pendingLayout = window.setTimeout(function () { placePane(false); }, 100);
  });
  if (document.fonts && document.fonts.ready) document.fonts.ready.then(layout);
  document.addEventListener("toggle", layout, true); // a <details> opened above the verse

  // "Verse only / With notes": remembered in this browser and carried in the URL for sharing.
  var NOTES_KEY = "glossa.notes";
  function setNotes(off, remember) {
    var home = room();
    if (!home) return;
    home.classList.toggle("notes-off", off);
    home.querySelectorAll(".mode-link").forEach(function (link) {
      if ((link.dataset.notes === "off") === off) link.setAttribute("aria-current", "true");
      else link.removeAttribute("aria-current");
    });
    if (remember) {
      try { window.localStorage.setItem(NOTES_KEY, off ? "off" : "on"); } catch (error) { /* private mode */ }
    }
    var url = new URL(window.location.href);
    if (off) url.searchParams.set("notes", "off"); else url.searchParams.delete("notes");
    if (url.href !== window.location.href) window.history.replaceState(window.history.state, "", url.href);
    layout();
  }
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest(".reading-controls .mode-link");
    if (!link) return;
    event.preventDefault();
    setNotes(link.dataset.notes === "off", true);
  });
  function initialNotes() {
    var home = room();
    if (!home) return;
    var stored = null;
    try { stored = window.localStorage.getItem(NOTES_KEY); } catch (error) { /* private mode */ }
    var asked = new URLSearchParams(window.location.search).get("notes");
    if (asked === "off") setNotes(true, false);
    else if (stored === "off") setNotes(true, false);
  }

  // "Copy link": the gloss's permalink to the clipboard; without a clipboard, the plain link.
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a.copy-link");
    if (!link || !navigator.clipboard || !window.isSecureContext) return;
    event.preventDefault();
    var url = new URL(link.getAttribute("href"), window.location.href).href;
    navigator.clipboard.writeText(url).then(function () {
      link.textContent = "Link copied";
      window.setTimeout(function () { link.textContent = "Copy link"; }, 2000);
    }, function () { window.location.href = url; });
  });

  function start() {
    initialNotes();
    placePane(false);
    highlight();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
  window.addEventListener("load", layout); // images and fonts may have moved the lines
})();
