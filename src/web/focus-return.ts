/**
 * Puts keyboard focus back on the control that opened a dialog or a menu once it closes (Esc, Cancel,
 * Save). Mantine's own return does not cover Pacer's dialogs: they mount already open and unmount to
 * close, so Modal never sees an opened → closed change, and a dialog opened from a menu item would
 * return to that item, which is gone by then. Instead the last control focused outside any dialog or
 * menu is remembered (for a menu item, that is the menu's button), and when a dialog or menu leaves
 * the page while focus has fallen to <body>, focus goes back to it.
 */
/** The id of each page's <main>, which the skip link and this fall-back focus. */
export const MAIN_CONTENT_ID = 'main-content';

const OVERLAY = '[role="dialog"], [role="menu"]';

let lastOutsideOverlay: HTMLElement | null = null;

function containsOverlay(node: Node): boolean {
  return node instanceof Element && (node.matches(OVERLAY) || node.querySelector(OVERLAY) !== null);
}

function focusFellToBody(): boolean {
  return document.activeElement === null || document.activeElement === document.body;
}

/** For a control that replaces the one that was focused (same place, new element): return there instead. */
export function rememberOpener(element: HTMLElement | null): void {
  if (element) lastOutsideOverlay = element;
}

export function installFocusReturn(root: Document = document): void {
  root.addEventListener('focusin', (event) => {
    const target = event.target;
    if (target instanceof HTMLElement && !target.closest(OVERLAY)) lastOutsideOverlay = target;
  });
  new MutationObserver((mutations) => {
    const overlayLeft = mutations.some((mutation) => Array.from(mutation.removedNodes).some(containsOverlay));
    if (!overlayLeft) return;
    // After Mantine's own return (10 ms) and any focus a closing dialog hands on, so neither is undone.
    window.setTimeout(() => {
      // Another dialog still open (one dialog opened from another) keeps focus inside itself.
      if (!focusFellToBody() || root.querySelector('[role="dialog"]')) return;
      // The opener may be gone (its item was deleted, or the menu led to another page): the start of
      // the page's content is the next best place, rather than the top of the document.
      const target = lastOutsideOverlay?.isConnected ? lastOutsideOverlay : root.getElementById(MAIN_CONTENT_ID);
      target?.focus({ preventScroll: true });
    }, 30);
  }).observe(root.body, { childList: true, subtree: true });
}
