// Mermaid diagrams render offline. The theme renders a diagram with the global `mermaid` when
// there is one, and otherwise fetches mermaid from a CDN. This stand-in is that global: the
// first time a page holds a diagram it loads the site's own build of mermaid (pinned, from
// npm, under assets/vendor/mermaid/), which then replaces it. Pages without a diagram load
// nothing more; instant navigation keeps the stand-in, so a diagram reached by a click renders
// as one opened directly.
(() => {
  const source = new URL("../vendor/mermaid/mermaid.min.js", document.currentScript.src).href;
  let settings = {};
  let loading = null;
  const load = () => {
    loading ??= new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = source;
      script.onload = () => {
        globalThis.mermaid.initialize(settings);
        resolve(globalThis.mermaid);
      };
      script.onerror = () => reject(new Error(`cannot load ${source}`));
      document.head.appendChild(script);
    });
    return loading;
  };
  globalThis.mermaid = {
    initialize(options) {
      settings = options;
    },
    render: (id, text) => load().then((mermaid) => mermaid.render(id, text)),
  };
})();
