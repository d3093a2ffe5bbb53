// Keyboard shortcuts of the match review queue: L link, N not a match, S skip.
// Ignored while typing in a field; an empty reason gets the focus first.
document.addEventListener("keydown", function (event) {
  var target = event.target;
  if (event.ctrlKey || event.metaKey || event.altKey) { return; }
  if (target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA" || target.tagName === "SELECT")) { return; }
  var control = document.querySelector('#task [data-key="' + event.key.toLowerCase() + '"]');
  if (!control) { return; }
  var reason = document.querySelector("#task input[name=reason]");
  if (control.tagName === "BUTTON" && reason && !reason.value) {
    event.preventDefault();
    reason.focus();
    return;
  }
  event.preventDefault();
  control.click();
});
