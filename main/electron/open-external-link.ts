/**
 * Which links leave the app for the user's browser (Electron security checklist, item 15): https
 * only, no credentials or port in the URL, and only to the hosts below, the sites the course material
 * and docs/interop.md send a learner to (the project, PyTorch, ONNX and the Netron viewer for
 * exported models). Anything else is refused without a word to the OS.
 */
import { shell } from 'electron';

export const externalLinkHosts = ['github.com', 'pytorch.org', 'onnx.ai', 'netron.app'] as const;

export function isAllowedExternalUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'https:' || parsed.username || parsed.password || parsed.port) return false;
  return externalLinkHosts.some((host) => parsed.hostname === host || parsed.hostname.endsWith(`.${host}`));
}

/** Opens `url` in the user's browser when allowed; returns whether it did. */
export function openExternalLink(url: string): boolean {
  if (!isAllowedExternalUrl(url)) return false;
  void shell.openExternal(url);
  return true;
}
