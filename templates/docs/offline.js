// Keeps the docs pages off the network. Redoc 2.5 hard-codes one outside resource, its logo
// (https://cdn.redoc.ly/redoc/logo-mini.svg, in the sidebar's "API docs by Redocly" link), and no
// option turns it off. Its image's source is dropped before the browser can fetch it, and the
// image is hidden; the attribution text stays. The browser test checks that no request leaves
// localhost.
(function () {
  "use strict";
  function outside(value) {
    return String(value).indexOf("https://cdn.redoc.ly/") === 0;
  }
  var setAttribute = Element.prototype.setAttribute;
  Element.prototype.setAttribute = function (name, value) {
    if (this instanceof HTMLImageElement && String(name).toLowerCase() === "src" && outside(value)) {
      return setAttribute.call(this, "hidden", "");
    }
    return setAttribute.call(this, name, value);
  };
  var src = Object.getOwnPropertyDescriptor(HTMLImageElement.prototype, "src");
  Object.defineProperty(HTMLImageElement.prototype, "src", {
    configurable: true,
    enumerable: src.enumerable,
    get: src.get,
    set: function (value) {
      if (outside(value)) {
        setAttribute.call(this, "hidden", "");
        return;
      }
      src.set.call(this, value);
    },
  });
})();
