/** app://bundle/ serves only the renderer folder, each page with the app's CSP in its own response. */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => ({ protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() } }));
const { appProtocolHandler, appEntryUrl } = await import('./serve-app-protocol.js');
const { appContentSecurityPolicy } = await import('./content-security-policy.js');

const root = mkdtempSync(join(tmpdir(), 'app-protocol-'));
mkdirSync(join(root, 'renderer'));
writeFileSync(join(root, 'renderer', 'index.html'), '<!doctype html><title>Backprop Lab</title>');
writeFileSync(join(root, 'secret.js'), 'outside');
symlinkSync(join(root, 'secret.js'), join(root, 'renderer', 'leak.js'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const handle = appProtocolHandler(join(root, 'renderer'));

describe('the app:// protocol', () => {
  it('serves the entry page with the Content-Security-Policy in the response itself', async () => {
    const response = await handle(new Request(appEntryUrl));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toBe(appContentSecurityPolicy);
    expect(await response.text()).toContain('<title>Backprop Lab</title>');
  });

  it('refuses other hosts, paths out of the folder, symlinks out of it and unknown types', async () => {
    for (const url of ['app://other/index.html', 'app://bundle/../secret.js', 'app://bundle/%2e%2e/secret.js', 'app://bundle/leak.js', 'app://bundle/index.exe']) {
      expect((await handle(new Request(url))).status).toBe(404);
    }
  });
});
