/* Swagger UI (/api/docs/, templates/greenhouse_office/api_docs/swagger_ui.html) made free of WCAG 2.2 A/AA
   failures where its own markup falls short (tests/browser/test_api_docs_in_chromium.py). Loaded after
   swagger-ui-bundle.js and before drf-spectacular's script starts Swagger UI; a static file, so the
   site's Content-Security-Policy ('self') lets it run. Swagger UI renders with React and re-renders
   often, so the markup is mended each time it changes (a MutationObserver), and each mending is
   idempotent (it changes nothing the second time, so the observer settles). */
"use strict";

(() => {
  // Agate, Swagger UI's syntax-highlighting theme, writes numbers in #d36363 and comments in #888 on
  // #333: 3.45:1 and 3.56:1, under the 4.5:1 of 1.4.3. Its colours are inline styles (no class to
  // override in CSS), so a plugin lightens those two in the theme itself: 5.16:1 and 5.44:1. Swagger UI
  // deep-merges a plugin's rootInjects, so only the changed tokens are given.
  const lighterAgate = () => ({
    rootInjects: {
      syntaxHighlighting: {
        styles: {
          agate: {
            "hljs-number": { color: "#ec8a8a" },
            "hljs-symbol": { color: "#ec8a8a" },
            "hljs-bullet": { color: "#ec8a8a" },
            "hljs-comment": { color: "#aaa" },
            "hljs-code": { fontStyle: "italic", color: "#aaa" },
          },
        },
      },
    },
  });
  // drf-spectacular's script passes presets: [SwaggerUIBundle.presets.apis]; ours rides on that preset,
  // so its script and settings stay as they are.
  const apis = SwaggerUIBundle.presets.apis;
  SwaggerUIBundle.presets.apis = (...args) => [...apis(...args), lighterAgate];

  const set = (element, name, value) => {
    if (element.getAttribute(name) !== value) element.setAttribute(name, value);
  };

  const mendAuthorizeDialog = (root) => {
    const dialog = root.querySelector(".dialog-ux .modal-ux");
    if (!dialog) return;
    // A dialog, named by its heading, that leaves the page behind it (4.1.2; Swagger UI's is a bare div).
    const title = dialog.querySelector(".modal-ux-header h3");
    if (title) set(title, "id", "swagger-ui-authorizations-title");
    set(dialog, "role", "dialog");
    set(dialog, "aria-modal", "true");
    set(dialog, "aria-labelledby", "swagger-ui-authorizations-title");
    // The "x" in the corner is an icon only, hidden from assistive technology: axe's button-name.
    const close = dialog.querySelector(".close-modal");
    if (close) set(close, "aria-label", "Close");
    for (const form of dialog.querySelectorAll(".auth-container form")) {
      const scheme = form.querySelector("h4 code")?.textContent.trim() || "";
      // Every scheme's value input has id "api_key_value" (so has every label's for): ids made unique,
      // so that each "Value:" label names its own scheme's input (1.3.1, 4.1.2).
      for (const label of form.querySelectorAll("label[for]")) {
        const id = label.htmlFor;
        const input = form.querySelector(`[id="${CSS.escape(id)}"]`);
        if (input && !id.endsWith(`-${scheme}`)) {
          input.id = `${id}-${scheme}`;
          label.htmlFor = input.id;
        }
      }
      // "Authorize" and "Logout" are named "Apply credentials" and "Remove authorization", names without
      // their visible words (2.5.3 label in name, axe's label-content-name-mismatch): named by their
      // words and the scheme they act on.
      for (const button of form.querySelectorAll(".auth-btn-wrapper button[aria-label]")) {
        set(button, "aria-label", `${button.textContent.trim()} ${scheme}`.trim());
      }
    }
  };

  const mendRequestBodies = (root) => {
    // The JSON request body's editor has no label, only an empty title (axe's label; 1.3.1, 4.1.2).
    for (const editor of root.querySelectorAll("textarea.body-param__text")) {
      set(editor, "aria-label", "Request body");
    }
  };

  const mendCodeSamples = (root) => {
    // Example values, request bodies and responses scroll inside a box of at most 400px: focusable, so
    // that they can be scrolled from the keyboard (2.1.1, axe's scrollable-region-focusable).
    for (const sample of root.querySelectorAll("pre.microlight")) set(sample, "tabindex", "0");
  };

  const mend = () => {
    const root = document.getElementById("swagger-ui");
    mendAuthorizeDialog(root);
    mendRequestBodies(root);
    mendCodeSamples(root);
  };

  // The dialog is modal (aria-modal), so Tab keeps to it, going round from its last control to its
  // first, the close button (2.4.3 focus order); Swagger UI itself closes it on Escape. Closed, it
  // gives the focus back to the control that opened it (Swagger UI leaves it on nothing).
  const dialogOpen = () => document.querySelector("#swagger-ui .dialog-ux .modal-ux");
  let focusBefore = null;
  let wasOpen = false;
  document.addEventListener("focusin", (event) => {
    if (!event.target.closest(".dialog-ux")) focusBefore = event.target;
  });
  document.addEventListener("keydown", (event) => {
    const dialog = dialogOpen();
    if (event.key !== "Tab" || !dialog) return;
    const controls = [...dialog.querySelectorAll("button, input, select, textarea, a[href], [tabindex='0']")]
      .filter((control) => !control.disabled && control.getClientRects().length > 0);
    if (controls.length === 0) return;
    const [first, last] = [controls[0], controls[controls.length - 1]];
    const outside = !dialog.contains(document.activeElement);
    if (event.shiftKey && (outside || document.activeElement === first)) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && (outside || document.activeElement === last)) {
      event.preventDefault();
      first.focus();
    }
  });
  const returnFocus = () => {
    const open = Boolean(dialogOpen());
    if (wasOpen && !open && focusBefore?.isConnected) focusBefore.focus();
    wasOpen = open;
  };

  const root = document.getElementById("swagger-ui");
  new MutationObserver(() => {
    mend();
    returnFocus();
  }).observe(root, {
    childList: true,
    subtree: true,
    attributes: true,
    attributeFilter: ["aria-label", "id", "for"],
  });
  mend();
})();
