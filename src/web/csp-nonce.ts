/**
 * The server's Content-Security-Policy allows inline <style> only with a per-response nonce, which
 * it writes into index.html as <meta property="csp-nonce" nonce="…">. Two libraries inject <style>
 * tags: Mantine (CSS variables, responsive style props), which gets the nonce through
 * MantineProvider's getStyleNonce, and react-remove-scroll (modals and drawers lock page scrolling
 * with a <style>), which reads it from get-nonce's setNonce.
 * Browsers hide a nonce attribute from getAttribute but keep the `nonce` property readable.
 * Under the Vite dev server there is no such tag and no CSP: the empty nonce is harmless.
 */
import { setNonce } from 'get-nonce';

const styleNonceValue = document.querySelector<HTMLMetaElement>('meta[property="csp-nonce"]')?.nonce ?? '';
if (styleNonceValue) setNonce(styleNonceValue);

export function styleNonce(): string {
  return styleNonceValue;
}
