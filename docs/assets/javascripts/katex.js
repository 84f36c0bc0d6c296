// Math renders offline. pymdownx.arithmatex (generic mode) leaves each formula as text in an
// element of class `arithmatex`: `\(…\)` inline, `\[…\]` displayed. On a page that holds one,
// this loads the site's own KaTeX (pinned, from npm, under assets/vendor/katex/) and its
// stylesheet, once, and renders every formula; pages without math load nothing more. It runs
// again after each instant navigation (the theme's `document$`).
(() => {
  const base = new URL("../vendor/katex/", document.currentScript.src).href;
  let loading = null;
  const load = () => {
    loading ??= new Promise((resolve, reject) => {
      const style = document.createElement("link");
      style.rel = "stylesheet";
      style.href = `${base}katex.min.css`;
      document.head.appendChild(style);
      const script = document.createElement("script");
      script.src = `${base}katex.min.js`;
      script.onload = () => resolve(globalThis.katex);
      script.onerror = () => reject(new Error(`cannot load ${script.src}`));
      document.head.appendChild(script);
    });
    return loading;
  };
  const DELIMITERS = /^\\[([]([\s\S]*)\\[)\]]$/;
  const render = () => {
    const formulas = [...document.querySelectorAll(".arithmatex")]
      .filter((element) => !element.querySelector(".katex"));
    if (!formulas.length) return;
    load().then((katex) => {
      for (const element of formulas) {
        const text = element.textContent.trim();
        const match = DELIMITERS.exec(text);
        katex.render(match ? match[1] : text, element, {
          displayMode: element.tagName === "DIV",
          throwOnError: false,
        });
      }
    });
  };
  if (globalThis.document$) globalThis.document$.subscribe(render);
  else document.addEventListener("DOMContentLoaded", render);
})();
