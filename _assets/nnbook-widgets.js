/* nnbook: glue between the vendored ipywidgets HTML manager and the book's pages.
 *
 * Loaded only on pages that embed widgets (it is listed in `nb_ipywidgets_js` in _config.yml,
 * after require.js and before vendor/html-manager/embed-amd.js). Three small fixes:
 *
 * 1. Font files. The bundle's modules look for their icon fonts next to themselves: next to
 *    "@jupyter-widgets/html-manager/dist/libembed-amd" or "@jupyter-widgets/controls", which
 *    require.js would place relative to the page (chapters/@jupyter-widgets/...: 404). Map those
 *    module paths to the vendored copy, where the fonts are.
 * 2. MathJax. The manager typesets widget labels with MathJax 2's `MathJax.Hub.Queue`; the book
 *    loads MathJax 3, which has no `Hub`, so every label threw a TypeError. Provide that one call
 *    on top of MathJax 3's `typesetPromise`.
 * 3. Accessible names. ipywidgets' sliders are `role="slider"` handles without a name; give each
 *    the text of its widget's description label (what a sighted reader sees next to it).
 */
(function () {
  "use strict";

  // 1. Where the manager's assets are: the folder of this script's sibling vendor/html-manager/.
  var here = document.currentScript && document.currentScript.src;
  if (here && window.require && window.require.config) {
    var base = here.slice(0, here.lastIndexOf("/") + 1);
    window.require.config({paths: {
      "@jupyter-widgets/html-manager/dist": base + "vendor/html-manager",
      "@jupyter-widgets": base + "vendor/html-manager"  // "@jupyter-widgets/controls", ".../base"
    }});
  }

  // 2. MathJax 2's Hub.Queue(["Typeset", Hub, element]) on MathJax 3. Deferred scripts (MathJax)
  //    have run by DOMContentLoaded; the widgets render later, on the window's load event.
  document.addEventListener("DOMContentLoaded", function () {
    var mj = window.MathJax;
    if (!mj || mj.Hub) {
      return; // no MathJax on this page (the manager then skips typesetting), or MathJax 2
    }
    mj.Hub = {
      Queue: function (job) {
        var element = Array.isArray(job) ? job[2] : undefined;
        if (!mj.startup || !mj.typesetPromise) {
          return; // only a configuration object, MathJax itself is not loaded on this page
        }
        mj.startup.promise = mj.startup.promise.then(function () {
          return mj.typesetPromise(element ? [element] : undefined);
        });
      }
    };
  });

  // 3. Name every unnamed slider handle after its widget's description.
  function nameSliders() {
    var handles = document.querySelectorAll('[role="slider"]:not([aria-label]):not([aria-labelledby])');
    Array.prototype.forEach.call(handles, function (handle) {
      var widget = handle.closest(".widget-slider, .widget-hslider, .widget-vslider, .jupyter-widgets");
      var label = widget && widget.querySelector(".widget-label");
      var text = label && label.textContent.trim();
      if (text) {
        handle.setAttribute("aria-label", text);
      }
    });
  }
  var pending = false;
  new MutationObserver(function () {
    if (!pending) {
      pending = true;
      window.requestAnimationFrame(function () {
        pending = false;
        nameSliders();
      });
    }
  }).observe(document.documentElement, {childList: true, subtree: true});
})();
