/* Live reload for gongshi serve, added inline to every HTML page.
 * Plain ES5 without libraries, so that old in-app browsers run it; a
 * browser without EventSource still gets a working close button.
 * The server appends "(config);", where config holds:
 *   token   the version of the site the page was served from
 *   events  the URL of the Server-Sent Events stream
 *   overlay the HTML of an empty error overlay
 *   item    the style of one diagnostic
 */
(function (config) {
  "use strict";

  var doc = document;
  var OVERLAY_ID = "gongshi-errors";
  var token = config.token;
  var source = null;
  var retryTimer = null;
  var retryDelay = 1000;
  var returnFocus = null;

  function byId(id) {
    return doc.getElementById(id);
  }

  /* getElementById does not search elements outside the document. */
  function findDescendant(root, tag, id) {
    var elements = root.getElementsByTagName(tag);
    for (var i = 0; i < elements.length; i++) {
      if (elements[i].id === id) {
        return elements[i];
      }
    }
    return null;
  }

  function removeOverlay() {
    var overlay = byId(OVERLAY_ID);
    if (overlay && overlay.parentNode) {
      overlay.parentNode.removeChild(overlay);
    }
  }

  function closeOverlay() {
    removeOverlay();
    if (returnFocus && returnFocus.focus) {
      try {
        returnFocus.focus();
      } catch (ignored) {
        /* The element may have left the page. */
      }
    }
    returnFocus = null;
  }

  /* Makes the close button and the keyboard work, and moves focus into
   * the dialog, as an alertdialog requires. */
  function wireOverlay(overlay) {
    var button = byId(OVERLAY_ID + "-close");
    if (!button) {
      return;
    }
    button.onclick = closeOverlay;
    overlay.onkeydown = function (event) {
      event = event || window.event;
      var key = event.key || event.keyCode;
      if (key === "Escape" || key === "Esc" || key === 27) {
        closeOverlay();
        return false;
      }
      if (key === "Tab" || key === 9) {
        /* The close button is the dialog's only control: keep focus on it. */
        button.focus();
        return false;
      }
      return true;
    };
    if (!returnFocus && doc.activeElement !== button) {
      returnFocus = doc.activeElement;
    }
    button.focus();
  }

  function showOverlay(diagnostics) {
    removeOverlay();
    if (!diagnostics || !diagnostics.length) {
      return;
    }
    var holder = doc.createElement("div");
    holder.innerHTML = config.overlay;
    var overlay = holder.firstChild;
    var list = findDescendant(holder, "div", OVERLAY_ID + "-list");
    if (!overlay || !list || !doc.body) {
      return;
    }
    for (var i = 0; i < diagnostics.length; i++) {
      var item = doc.createElement("pre");
      item.style.cssText = config.item;
      item.appendChild(doc.createTextNode(String(diagnostics[i])));
      list.appendChild(item);
    }
    doc.body.appendChild(overlay);
    wireOverlay(overlay);
  }

  function disconnect() {
    if (retryTimer) {
      clearTimeout(retryTimer);
      retryTimer = null;
    }
    if (source) {
      source.close();
      source = null;
    }
  }

  function connect() {
    if (source || doc.hidden === true) {
      return;
    }
    retryTimer = null;
    source = new window.EventSource(config.events + "?v=" + encodeURIComponent(token));
    source.addEventListener("open", function () {
      retryDelay = 1000;
    }, false);
    source.addEventListener("reload", function () {
      disconnect();
      window.location.reload();
    }, false);
    source.addEventListener("errors", function (event) {
      var diagnostics;
      try {
        diagnostics = JSON.parse(event.data);
      } catch (ignored) {
        return;
      }
      if (event.lastEventId) {
        token = event.lastEventId;
      }
      showOverlay(diagnostics);
    }, false);
    source.onerror = function () {
      /* The browser reconnects by itself after a network error, sending
       * the last event id. It gives up (readyState CLOSED) after an error
       * status such as 503: then try again later, less and less often. */
      if (source && source.readyState === 2) {
        source = null;
        retryTimer = setTimeout(connect, retryDelay);
        retryDelay = Math.min(retryDelay * 2, 30000);
      }
    };
  }

  var existing = byId(OVERLAY_ID);
  if (existing) {
    wireOverlay(existing);
  }

  if (!window.EventSource || !window.JSON || !doc.addEventListener) {
    return;
  }

  /* Hidden tabs close their stream: browsers allow only about six
   * connections per server, and a page catches up when it reconnects. */
  if (typeof doc.hidden === "boolean") {
    doc.addEventListener("visibilitychange", function () {
      if (doc.hidden) {
        disconnect();
      } else {
        connect();
      }
    }, false);
  }
  window.addEventListener("pagehide", disconnect, false);
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) {
      connect();
    }
  }, false);

  connect();
})
