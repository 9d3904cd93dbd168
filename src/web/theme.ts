/**
 * Pacer's Mantine theme: the colours are chosen for WCAG AA contrast (4.5:1 for text; axe checks it
 * in test/e2e/accessibility.e2e.ts), and the defaults give every icon-only control a name.
 */
import { Button, Drawer, EmptyState, Modal, Notification, Tooltip, createTheme, type CSSVariablesResolver } from '@mantine/core';

export const theme = createTheme({
  primaryColor: 'indigo',
  // Shade 7, not Mantine's 6: white button text on indigo-6 is 4.3:1, below WCAG AA's 4.5:1 (axe in the e2e tests).
  primaryShade: { light: 7, dark: 8 },
  defaultRadius: 'sm',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  components: {
    // Empty-state titles are real headings, so people using screen readers can jump to them.
    EmptyStateTitle: EmptyState.Title.extend({ defaultProps: { order: 2 } }),
    // Mantine's close buttons are icons without a name; screen readers would announce just "button".
    // A dialog's <header> would be a second banner landmark beside the page's own; it is only the
    // dialog's title bar, so it is presented as a plain box.
    Modal: Modal.extend({ defaultProps: { closeButtonProps: { 'aria-label': 'Close' }, attributes: { header: { role: 'presentation' } } } }),
    Drawer: Drawer.extend({ defaultProps: { closeButtonProps: { 'aria-label': 'Close' }, attributes: { header: { role: 'presentation' } } } }),
    // Keyboard users get the same hints as mouse users (WCAG 1.4.13); touch has no hover to mimic.
    Tooltip: Tooltip.extend({ defaultProps: { events: { hover: true, focus: true, touch: false } } }),
    // A button never shrinks below its label ("Add an i" at 390 px): the text beside it wraps instead.
    Button: Button.extend({ styles: { root: { flexShrink: 0 } } }),
    Notification: Notification.extend({ defaultProps: { closeButtonProps: { 'aria-label': 'Close the message' } } }),
  },
});

// Mantine's dimmed text (gray-6 on white) is 3.3:1 and its reds (error text, red buttons, red light
// buttons) 3.3-4.4:1, below WCAG AA's 4.5:1 (axe in the e2e tests); gray-7 and red-9 pass. Light mode
// only: the app has no dark mode yet.
export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    '--mantine-color-error': 'var(--mantine-color-red-9)',
    '--mantine-color-red-filled': 'var(--mantine-color-red-9)',
    '--mantine-color-red-light-color': 'var(--mantine-color-red-9)',
    // Light badges and buttons draw shade-6 text on the shade-1 tint (3.4-4.2:1; even shade 9 is 2.7-3.8:1
    // for green, orange, yellow and teal): darker text, the same hues as the status words (format.ts).
    '--mantine-color-green-light-color': '#237032',
    '--mantine-color-orange-light-color': '#a63e00',
    '--mantine-color-yellow-light-color': '#7a4a00',
    '--mantine-color-teal-light-color': '#0b5e4f',
    // Owner avatars take a colour from the name (color="initials"); lime-9 on its tint is 3.3:1, this 5.7:1.
    '--mantine-color-lime-light-color': '#3f6b06',
    '--mantine-color-blue-light-color': 'var(--mantine-color-blue-9)',
    '--mantine-color-gray-light-color': 'var(--mantine-color-gray-8)',
    // Placeholders (gray-5, 2.1:1) stay lighter than entered text but reach 4.7:1.
    '--mantine-color-placeholder': '#6c757d',
    // The hovered current nav link: indigo-9 text on indigo-2 is 4.1:1, on indigo-1 5.3:1.
    '--mantine-color-indigo-light-hover': 'var(--mantine-color-indigo-1)',
    '--mantine-primary-color-light-hover': 'var(--mantine-color-indigo-1)',
  },
  dark: {},
});
