// Loaded (blocking) at the top of <body>, so GOV.UK Frontend's JavaScript-only
// styles apply before the first paint. A file, not an inline script, because the
// Content-Security-Policy allows our own script files only.
document.body.className +=
  " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
