// The bridge between socket.io events and htmx swaps: the only hand-written script.
// The server renders every piece of HTML; this file only puts it in place.
(function () {
  "use strict";
  const body = document.body;

  // A live swap keeps what this person opened (a <details> with an id, opened again
  // before the focus is put back: a control in a closed <details> cannot take it) and
  // where the keyboard was (keepingFocus).
  function swapTarget(payload) {
    const target = document.getElementById(payload.target);
    if (!target) return;
    const opened = Array.from(target.querySelectorAll("details[open][id]"), (d) => d.id);
    keepingFocus(function () {
      htmx.swap(target, payload.html, { swapStyle: "outerHTML" });
      opened.forEach(function (id) {
        const details = document.getElementById(id);
        if (details) details.open = true;
      });
    });
  }

  // The keyboard focus stays where the person was when their own action's answer, or
  // a push for the whole room, replaces the control they were on: the same control in
  // the new content (by id, or by tag, name and value inside its nearest element with
  // an id); if that is now disabled, the control its data-then-focus names, else the
  // first usable control beside it; if it is gone,
  // the first usable control in the nearest place that is still there. Nothing moves
  // when the focus was not lost (it was elsewhere, or the new content placed it:
  // autofocus, a form reset for the next post).
  const FOCUSABLE = "button, input:not([type=hidden]), select, textarea, a[href], summary";

  function placeOf(control) {
    const holder = control.parentElement && control.parentElement.closest("[id]");
    const place = { control: control, id: control.id, holder: holder ? holder.id : "",
                    tag: control.tagName, name: control.getAttribute("name"),
                    value: control.getAttribute("value"), around: [],
                    thenFocus: control.dataset.thenFocus || "" };
    for (let node = holder; node && node !== body; node = node.parentElement) {
      if (node.id) place.around.push(node.id);
    }
    place.index = alike(place).indexOf(control);
    return place;
  }

  function alike(place) {
    const holder = place.holder ? document.getElementById(place.holder) : body;
    if (!holder) return [];
    return Array.prototype.filter.call(holder.getElementsByTagName(place.tag), function (node) {
      return node.getAttribute("name") === place.name && node.getAttribute("value") === place.value;
    });
  }

  function usable(control) {
    return Boolean(control) && control.isConnected && !control.disabled &&
      control.getClientRects().length > 0;
  }

  function firstUsableIn(container) {
    if (!container) return null;
    return Array.prototype.find.call(container.querySelectorAll(FOCUSABLE), usable) || null;
  }

  function focusLost(place) {
    const active = document.activeElement;
    return !active || active === body ||
      (active === place.control && (!active.isConnected || active.disabled));
  }

  function restoreFocus(place) {
    if (!place || !focusLost(place)) return;
    const again = place.id ? document.getElementById(place.id) : alike(place)[place.index];
    const named = document.getElementById(place.thenFocus);
    let next = usable(again) ? again
      : usable(named) ? named : firstUsableIn(again && again.parentElement.closest("[id]"));
    for (let i = 0; !next && i < place.around.length; i += 1) {
      next = firstUsableIn(document.getElementById(place.around[i]));
    }
    if (next) next.focus();
  }

  function currentPlace() {
    const active = document.activeElement;
    return active && active !== body ? placeOf(active) : null;
  }

  function keepingFocus(swap) {
    const place = currentPlace();
    swap();
    restoreFocus(place);
  }

  // A list payload: items of one list replaced, added at its top, or removed.
  function upsertItems(payload) {
    const list = document.getElementById(payload.target);
    if (!list) return;
    const pager = list.closest("[data-pager]");
    if (pager) pager.laidOutFor = null;  // its items change: lay its pages out again
    payload.remove.forEach(function (id) {
      const gone = document.getElementById(id);
      if (gone) gone.remove();
    });
    payload.upsert.forEach(function (item) {
      const existing = document.getElementById(item[0]);
      if (existing) {
        // The room's copy shows none of my dots: fetch mine if this topic had some.
        if (existing.querySelector(".vote:not([data-mine='0'])")) fetchMe();
        keepingFocus(function () { htmx.swap(existing, item[1], { swapStyle: "outerHTML" }); });
      } else {
        const placeholder = list.querySelector(":scope > .empty");
        if (placeholder) placeholder.remove();
        htmx.swap(list, item[1], { swapStyle: "afterbegin" });
      }
    });
  }

  // Pieces rendered for a whole room carry data-needs-me: this phone fills them in.
  let meTimer = null;
  function fetchMe() {
    if (!body.dataset.meUrl) return;
    clearTimeout(meTimer);
    meTimer = setTimeout(function () {
      htmx.ajax("GET", body.dataset.meUrl, { target: body, swap: "none" });
    }, 30);
  }
  function fillPersonalPieces() {
    if (document.querySelector("[data-needs-me]")) fetchMe();
  }

  // Every + is off while this phone has no dots left; the server refuses it anyway,
  // this just says so before the tap. Controls at the per-topic limit come disabled.
  function syncVoteButtons() {
    const left = document.querySelector("[data-dots-left]");
    if (!left) return;
    const none = left.dataset.dotsLeft === "0";
    document.querySelectorAll(".vote").forEach(function (control) {
      control.querySelector(".vote-add").disabled = none || control.hasAttribute("data-at-max");
    });
  }

  // A phone's item lists stay put across phases; the stage says which lists its phase
  // shows (data-shows-lists), and each list's cards show the pieces of the current
  // activity (CSS, by data-view).
  function showListsFor(stage) {
    if (!body.classList.contains("participant")) return;
    const shown = (stage.dataset.showsLists || "").split(" ");
    document.querySelectorAll("[data-list]").forEach(function (list) {
      list.dataset.view = stage.dataset.view;
      list.hidden = shown.indexOf(list.dataset.list) === -1;
    });
  }

  function showFlash(text) {
    const flash = document.getElementById("flash");
    flash.textContent = text;
    flash.classList.toggle("shown", Boolean(text));
  }

  // A notice or a refusal about the previous phase would mislead in the new one.
  function clearNotices() {
    showFlash("");
    const status = document.getElementById("status");
    if (status) status.textContent = "";
  }

  function showConnection(online) {
    const status = document.getElementById("connection");
    status.textContent = online ? status.dataset.online : status.dataset.offline;
    status.hidden = false;
    if (online) setTimeout(function () { status.hidden = true; }, 2500);
  }

  // Answers to this phone's own actions: a page fetched again while one came in may have
  // been rendered before it, and would put the older state back (a dot shown as not
  // placed); it is fetched once more then.
  let answersSeen = 0;
  document.addEventListener("htmx:afterRequest", function (event) {
    const config = event.detail.requestConfig;
    if (config && config.verb !== "get") answersSeen += 1;
  });

  function fetchMain(again) {
    const seen = answersSeen;
    htmx.ajax("GET", location.href, { target: "#main", select: "#main", swap: "outerHTML" })
      .then(function () {
        if (answersSeen !== seen && (again || 0) < 3) return fetchMain((again || 0) + 1);
        restoreUnsent(typedBeforeMain);
        // Once swapped, and again once settled (htmx settles the new content after 20 ms).
        restoreFocus(placeBeforeMain);
        setTimeout(function () {
          restoreFocus(placeBeforeMain);
          body.dataset.live = "in-step";  // the page is as the workshop is (tests wait for it)
        }, 40);
      });
  }

  function connect() {
    let connectedBefore = false;
    const socket = io({ auth: { token: body.dataset.socketToken },
                        transports: body.dataset.socketTransports.split(" ") });
    // If the workshop changed since the page was rendered, fetch the page's state once.
    function catchUp() {
      socket.emit("revision_asked", null, function (revision) {
        if (revision !== document.getElementById("main").dataset.revision) fetchMain();
        else body.dataset.live = "in-step";
      });
    }
    socket.on("connect", function () {
      if (connectedBefore) showConnection(true);
      connectedBefore = true;
      catchUp();  // pushes sent while this page loaded, or while it was offline, missed it
    });
    // Its server lost pushes while Redis was gone (events.CATCH_UP): a room's pages ask
    // at random moments within the time the server gives, not all at once.
    socket.on("catch_up", function (payload) {
      setTimeout(catchUp, Math.random() * ((payload && payload.within_ms) || 0));
    });
    socket.on("disconnect", function () { showConnection(false); });
    socket.on("phase_changed", function (payload) {
      turnedTo = {};
      swapTarget(payload);
      showListsFor(document.getElementById("stage"));
      clearNotices();
      const heading = document.getElementById("phase-title");
      if (heading && body.classList.contains("participant")) heading.focus();
      fillPersonalPieces();
      syncVoteButtons();
      layOutPagers();
    });
    socket.on("mine_changed", function () {
      answersSeen += 1;
      fetchMe();
    });
    // Every other event is one of the two payload shapes (events.py): whatever its
    // name, so an activity's own events need nothing here.
    socket.onAny(function (name, payload) {
      if (name === "phase_changed" || !payload || !payload.target) return;
      if (payload.upsert) upsertItems(payload);
      else if (typeof payload.html === "string") swapTarget(payload);
      syncVoteButtons();
      layOutPagers();
    });
  }

  // Projector lists never scroll (nobody scrolls a projector). A pager box
  // ([data-pager]) holds one list and is as tall as the screen leaves it: "pages" shows
  // the items that fit and turns to the next ones by itself ("Page 2 of 4"); "top"
  // shows the first that fit and counts the rest ("and 84 more"). The label after the
  // box carries the words. A presenter's clicker or the arrow keys turn pages by hand.
  const PAGE_SECONDS = 12;
  let pageTimer = null;
  // The page each list is on, by the list's name: a push that replaces a list (a new
  // rating, a dot) keeps it on its page. A new phase starts every list on its first.
  let turnedTo = {};

  function pagerName(box) {
    const list = box.querySelector("ol, ul, tbody");
    return (list && list.id) || box.closest("[id]").id;
  }

  function pagerItems(box) {
    const list = box.querySelector("ol, ul, tbody");
    return list ? Array.from(list.children) : [];
  }

  // Where each page starts: at the first item that would stick out of the box.
  function pageStarts(box, items) {
    const starts = [0];
    for (;;) {
      const start = starts[starts.length - 1];
      items.forEach(function (item, i) { item.hidden = i < start; });
      const edge = box.getBoundingClientRect();
      const next = items.findIndex(function (item, i) {
        const r = item.getBoundingClientRect();
        return i > start && (r.bottom > edge.bottom + 1 || r.right > edge.right + 1);
      });
      if (next === -1) return starts;
      starts.push(next);
      if (box.dataset.pager === "top") return starts;
    }
  }

  function showPage(box, page) {
    const items = pagerItems(box);
    const starts = box.pageStarts;
    const end = starts[page + 1] || items.length;
    items.forEach(function (item, i) { item.hidden = i < starts[page] || i >= end; });
    box.dataset.page = String(page);
    turnedTo[pagerName(box)] = page;
    // A list the server sent only the top of says how many it left out (data-more).
    const list = box.querySelector("ol, ul, tbody");
    const more = items.length - end + Number((list && list.dataset.more) || 0);
    const label = box.nextElementSibling;
    label.hidden = starts.length === 1 && more === 0;
    label.textContent = label.dataset.text.replace("{page}", page + 1)
      .replace("{pages}", starts.length).replace("{n}", more);
  }

  // Measured again only when its room on the screen or its items changed: pushes come
  // often while a room votes, and measuring 100 notes takes a frame or two. Otherwise
  // its page is shown again (a swap that settles may have shown hidden items).
  function layOutPager(box) {
    const space = box.parentElement.getBoundingClientRect();
    const shape = space.width + "x" + space.height + ":" + pagerItems(box).length;
    if (box.laidOutFor === shape) {
      showPage(box, Number(box.dataset.page));
      return;
    }
    box.laidOutFor = shape;
    const label = box.nextElementSibling;
    label.hidden = false;  // measured with its label in place; hiding it only frees room
    label.textContent = label.dataset.text;
    box.pageStarts = pageStarts(box, pagerItems(box));
    const last = box.dataset.pager === "top" ? 0 : box.pageStarts.length - 1;
    showPage(box, Math.min(turnedTo[pagerName(box)] || 0, last));
  }

  function layOutPagers() {
    document.querySelectorAll("[data-pager]").forEach(layOutPager);
  }

  function turnPages(step) {
    document.querySelectorAll("[data-pager='pages']").forEach(function (box) {
      const pages = box.pageStarts ? box.pageStarts.length : 1;
      showPage(box, (Number(box.dataset.page || 0) + step + pages) % pages);
    });
  }

  function turnPagesByThemselves() {
    clearInterval(pageTimer);
    pageTimer = setInterval(function () { turnPages(1); }, PAGE_SECONDS * 1000);
  }

  const PAGE_KEYS = { ArrowRight: 1, PageDown: 1, ArrowLeft: -1, PageUp: -1 };
  document.addEventListener("keydown", function (event) {
    if (!PAGE_KEYS[event.key] || !document.querySelector("[data-pager='pages']")) return;
    turnPages(PAGE_KEYS[event.key]);
    turnPagesByThemselves();
  });
  window.addEventListener("resize", layOutPagers);

  // Countdown: the server sends when the timer ends and its own clock, so a phone
  // with a wrong clock still shows the right time.
  function tickTimers() {
    document.querySelectorAll("[data-ends-at]").forEach(function (timer) {
      if (!timer.dataset.offset) {
        timer.dataset.offset = String(Number(timer.dataset.serverNow) - Date.now() / 1000);
      }
      const now = Date.now() / 1000 + Number(timer.dataset.offset);
      const left = Math.max(0, Math.round(Number(timer.dataset.endsAt) - now));
      timer.textContent = left > 0
        ? Math.floor(left / 60) + ":" + String(left % 60).padStart(2, "0")
        : timer.dataset.done;
      timer.classList.toggle("done", left === 0);
    });
  }

  // Counts what the server counts: characters (code points) of the NFC text, so one emoji
  // is one. The server's count (after folding spaces) is never higher.
  function updateCounter(field) {
    const counter = document.getElementById(field.dataset.counter);
    const used = [...field.value.normalize("NFC")].length;
    counter.textContent = counter.dataset.template
      .replace("{used}", used)
      .replace("{max}", counter.dataset.max);
    counter.classList.toggle("over", used > Number(counter.dataset.max));
    // Several lines: offer to post each as its own topic rather than join them.
    const split = field.form && field.form.querySelector("[data-several-lines]");
    if (split) split.hidden = field.value.split("\n").filter((line) => line.trim()).length < 2;
  }

  document.addEventListener("input", function (event) {
    if (event.target.dataset && event.target.dataset.counter) updateCounter(event.target);
  });
  document.addEventListener("htmx:afterSettle", syncVoteButtons);
  document.addEventListener("htmx:afterSettle", layOutPagers);
  document.addEventListener("htmx:oobAfterSwap", syncVoteButtons);
  // The answer to this phone's own action: where the focus was when it was sent (only
  // when that was on the control that sent it), put back when the answer is in, and
  // again once it settled (a refusal swaps nothing, but the button it disabled while
  // sending had lost the focus; settling may turn controls off).
  document.addEventListener("htmx:beforeRequest", function (event) {
    const place = currentPlace();
    const sender = event.detail.elt;
    if (place && (sender === place.control || sender.contains(place.control))) {
      event.detail.xhr.samlaFocus = place;
    }
  });
  function focusAfterAnswer(event) {
    const xhr = event.detail.xhr;
    if (xhr && xhr.samlaFocus) restoreFocus(xhr.samlaFocus);
  }
  // The page's state fetched again (its revision was behind when the socket connected)
  // replaces #main: the focus is taken where it is just before (the person may have
  // tapped meanwhile), and put back once the new content is in (fetchMain). Events of
  // that swap fire on the #main it replaced, so they never reach the document.
  let placeBeforeMain = null;
  let typedBeforeMain = [];
  document.addEventListener("htmx:beforeSwap", function (event) {
    if (event.detail.target && event.detail.target.id === "main") {
      placeBeforeMain = currentPlace();
      typedBeforeMain = unsentText();
    }
  });

  // What the person typed and has not sent (a field whose value is not the one it was
  // rendered with), by the field's id: the page fetched again gives it back to the same
  // field, if that is still there and empty.
  const TYPED = "#main textarea[id], #main input[id]:not([type]), #main input[id][type=text]";
  function unsentText() {
    return Array.from(document.querySelectorAll(TYPED), function (field) {
      return field.value !== field.defaultValue ? [field.id, field.value] : null;
    }).filter(Boolean);
  }
  function restoreUnsent(typed) {
    typed.forEach(function (entry) {
      const field = document.getElementById(entry[0]);
      if (!field || field.value !== field.defaultValue) return;
      field.value = entry[1];
      if (field.dataset.counter) updateCounter(field);
    });
  }
  // A push may replace a form while its answer is on the way. htmx reads how to place
  // the answer from the form's surroundings when the answer comes: a boosted form's
  // (#stage: hx-swap="none", only the status line) are gone from a form no longer on the
  // page, and htmx's default would put the answer in place of the whole page.
  document.addEventListener("htmx:beforeSwap", function (event) {
    const config = event.detail.requestConfig;
    if (config && config.boosted && !config.elt.isConnected) event.detail.swapOverride = "none";
  });
  document.addEventListener("htmx:afterRequest", focusAfterAnswer);
  document.addEventListener("htmx:afterSettle", focusAfterAnswer);
  // An action that takes a while (data-busy on its form, e.g. grouping 100 topics) says
  // so in the status line while it works; its answer puts what it did there.
  document.addEventListener("htmx:beforeRequest", function (event) {
    const form = event.detail.elt.closest ? event.detail.elt.closest("form") : null;
    const status = document.getElementById("status");
    if (form && form.dataset.busy && status) status.textContent = form.dataset.busy;
  });
  document.addEventListener("htmx:responseError", function (event) {
    showFlash(event.detail.xhr.responseText);
  });
  document.addEventListener("htmx:sendError", function () {
    showFlash(body.dataset.offline);
  });
  // A form that starts afresh after each post (data-reset-on-success) is emptied as the
  // post is sent, so the next one can be typed at once: its answer keeps what was typed
  // meanwhile (a reset then wiped it), and a post that fails gets its text back.
  function updateCounters(form) {
    form.querySelectorAll("[data-counter]").forEach(updateCounter);
  }
  function typedFields(form) {
    return Array.from(form.querySelectorAll("textarea, input[type=text]"));
  }
  document.addEventListener("htmx:beforeRequest", function (event) {
    const form = event.detail.elt;
    if (form.tagName !== "FORM" || !form.matches("[data-reset-on-success]")) return;
    form.samlaSent = typedFields(form).map(function (field) { return field.value; });
    typedFields(form).forEach(function (field) { field.value = ""; });
    updateCounters(form);
  });
  document.addEventListener("htmx:afterRequest", function (event) {
    const form = event.detail.elt;
    if (form.tagName !== "FORM") return;
    const resets = form.matches("[data-reset-on-success]");
    if (!event.detail.successful) {
      if (resets && form.samlaSent) {
        typedFields(form).forEach(function (field, i) {
          if (!field.value) field.value = form.samlaSent[i];
        });
        updateCounters(form);
      }
      return;
    }
    showFlash("");
    if (resets) {
      const typed = typedFields(form).map(function (field) { return field.value; });
      form.reset();
      typedFields(form).forEach(function (field, i) { field.value = typed[i]; });
      updateCounters(form);
      // Ready for the next one: most people post several topics in a row.
      const first = form.querySelector("textarea, input:not([type=hidden])");
      if (first) first.focus();
    }
  });

  // Every action carries an id (X-Samla-Action) that the server stores with its write,
  // so an action sent again after its answer was lost (a timeout, a dropped connection)
  // is done once. The same request sent again (same path, same values: the person taps
  // again because nothing happened) keeps its id until an answer arrives.
  const unanswered = {};
  document.addEventListener("htmx:configRequest", function (event) {
    const config = event.detail;
    if (config.verb === "get") return;
    config.samlaAction = config.verb + " " + config.path + "?" +
      new URLSearchParams(config.formData).toString();
    unanswered[config.samlaAction] = unanswered[config.samlaAction] ||
      Date.now().toString(36) + Math.random().toString(36).slice(2, 12);
    config.headers["X-Samla-Action"] = unanswered[config.samlaAction];
  });
  document.addEventListener("htmx:afterRequest", function (event) {
    const config = event.detail.requestConfig;
    if (config && config.samlaAction && event.detail.xhr.status > 0) {
      delete unanswered[config.samlaAction];
    }
  });

  // A menu that names a shared list of options (data-options: the id of a <template>,
  // e.g. the themes of the facilitator's review) holds only its chosen option until it
  // is opened (focus, or a pointer pressed on it); then it gets the list, its choice kept.
  // One list for a page, not one per menu: 2,000 menus of 60 themes made a page of 11 MB.
  function fillMenu(menu) {
    const options = document.getElementById(menu.dataset.options);
    if (!options || menu.dataset.filled) return;
    const chosen = menu.value;
    const placeholder = menu.querySelector("option[value='']");
    menu.replaceChildren(options.content.cloneNode(true));
    if (placeholder) menu.prepend(placeholder);
    menu.value = chosen;
    menu.dataset.filled = "yes";
  }
  ["focusin", "pointerdown"].forEach(function (type) {
    document.addEventListener(type, function (event) {
      if (event.target.matches && event.target.matches("select[data-options]")) {
        fillMenu(event.target);
      }
    });
  });

  // Dragging a topic onto a theme (facilitator's review) sends the request of its
  // "Move" menu, which stays for keyboards, touch screens and screen readers.
  let dragged = null;
  function dropZone(event) {
    return dragged && event.target.closest ? event.target.closest("[data-drop-theme]") : null;
  }
  document.addEventListener("dragstart", function (event) {
    dragged = event.target.closest ? event.target.closest("li[draggable]") : null;
    if (dragged) event.dataTransfer.setData("text/plain", "");  // Firefox drags only with data
  });
  document.addEventListener("dragover", function (event) {
    const zone = dropZone(event);
    if (!zone) return;
    event.preventDefault();
    zone.classList.add("drop-here");
  });
  document.addEventListener("dragleave", function (event) {
    const zone = dropZone(event);
    if (zone && !zone.contains(event.relatedTarget)) zone.classList.remove("drop-here");
  });
  document.addEventListener("drop", function (event) {
    const zone = dropZone(event);
    if (!zone) return;
    event.preventDefault();
    zone.classList.remove("drop-here");
    const form = dragged.querySelector(".move-form");
    fillMenu(form.elements.theme);
    form.elements.theme.value = zone.dataset.dropTheme;
    form.requestSubmit();
  });
  document.addEventListener("dragend", function () { dragged = null; });

  // Swiping a rating card presses its buttons: to the left is "Save and next" (or
  // "Skip" when nothing is ticked yet), to the right "Previous". The buttons stay the
  // way for everyone else; half-ticked cards get the browser's "please choose" message.
  const SWIPE_DISTANCE = 80;
  let swipe = null;
  document.addEventListener("pointerdown", function (event) {
    const card = event.pointerType === "touch" && event.target.closest
      ? event.target.closest(".rating-card form") : null;
    swipe = card && card.querySelector("[name=item]")
      ? { form: card, x: event.clientX, y: event.clientY } : null;
  });
  document.addEventListener("pointercancel", function () { swipe = null; });
  document.addEventListener("pointerup", function (event) {
    if (!swipe) return;
    const form = swipe.form;
    const dx = event.clientX - swipe.x;
    const dy = event.clientY - swipe.y;
    swipe = null;
    if (Math.abs(dx) < SWIPE_DISTANCE || Math.abs(dx) < 2 * Math.abs(dy)) return;
    let step = "back";
    if (dx < 0) step = form.querySelector("input[type=radio]:checked") ? "save" : "skip";
    const button = form.querySelector("button[name=step][value=" + step + "]");
    // A click, not requestSubmit: htmx learns which button sent the form from its click.
    if (button && !button.disabled) button.click();
  });

  if (body.dataset.socketToken) connect();
  setInterval(tickTimers, 1000);
  tickTimers();
  layOutPagers();
  turnPagesByThemselves();
})();
