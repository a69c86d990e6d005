/*
 * Copy buttons: <button data-copy-target="ID" data-copy-status="STATUS-ID" hidden> copies the
 * value of the field with id ID and says so in the element STATUS-ID (an aria-live region).
 *
 * The button is hidden in the HTML and shown here, so a page without JavaScript offers no
 * button that does nothing; the read-only field can still be selected and copied by hand.
 * The messages come from the page (data-copied-message, data-copy-failed-message), which
 * translates them.
 */
(function () {
  "use strict";

  function copyWithSelection(field, button) {
    // For pages served over plain HTTP, where the Clipboard API is not available.
    field.focus();
    field.select();
    var copied = false;
    try {
      copied = document.execCommand("copy");
    } catch (error) {
      copied = false;
    }
    if (copied) {
      button.focus();
    }
    return copied;
  }

  function setUp(button) {
    var field = document.getElementById(button.dataset.copyTarget);
    var status = document.getElementById(button.dataset.copyStatus);
    if (!field) {
      return;
    }
    function report(copied) {
      // When copying failed the address stays selected in the field, ready for Ctrl+C.
      if (status) {
        status.textContent = copied ? button.dataset.copiedMessage : button.dataset.copyFailedMessage;
      }
    }
    button.addEventListener("click", function () {
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(field.value).then(
          function () { report(true); },
          function () { report(copyWithSelection(field, button)); }
        );
      } else {
        report(copyWithSelection(field, button));
      }
    });
    button.hidden = false;
  }

  document.querySelectorAll("button[data-copy-target]").forEach(setUp);
})();
