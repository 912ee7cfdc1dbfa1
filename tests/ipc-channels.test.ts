/**
 * Drift test for the Electron IPC channel names (contract/ipc-channels.ts): main/electron, the preload
 * bridge and the renderer name a channel only through the contract's list, every IPC call takes its
 * channel from that list, and every listed channel has both ends (the main process and the preload).
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ipcChannelNames, ipcInvokeChannels, ipcPushChannels } from '../contract/index.js';

const root = resolve(import.meta.dirname, '..');
const HOST_ROOMS = ['main', 'preload', 'renderer'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (entry === 'node_modules') return [];
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|mts|mjs|vue)$/.test(entry) && !/\.test\.ts$/.test(entry) ? [path] : [];
  });
}

/** A string or template literal that looks like a channel name ('lab:' followed by a name, not a log prefix). */
const CHANNEL_LITERAL = /(['"`])lab:[\w.$-]/g;
/** An IPC call: the first argument is the channel. */
const IPC_CALL = /\b(ipcMain\.(?:handle|handleOnce|on|once)|ipcRenderer\.(?:on|once|invoke|send|sendSync|postMessage)|(?:webContents|contents)\.(?:send|postMessage))\(\s*([^,)]+)/g;
const FROM_LIST = /^ipc(?:Push|Invoke)Channels(?:\.\w+|\[[^\]]+\])$/;

export function channelProblems(source: string): string[] {
  const problems: string[] = [];
  for (const match of source.matchAll(CHANNEL_LITERAL)) problems.push(`a channel name written out: ${source.slice(match.index, match.index + 30).split('\n')[0]}`);
  for (const match of source.matchAll(IPC_CALL)) {
    const channel = match[2]!.trim();
    if (!FROM_LIST.test(channel)) problems.push(`${match[1]}(${channel}) does not take its channel from contract/ipc-channels.ts`);
  }
  return problems;
}

const files = HOST_ROOMS.flatMap((room) => sourceFiles(join(root, room)));
const sourceOf = (file: string) => readFileSync(file, 'utf8');

describe('IPC channel names', () => {
  it('the checker finds written-out names and calls whose channel is not from the list', () => {
    const sample = [
      "ipcMain.handle('lab:engine.status', () => 1);",
      'ipcRenderer.invoke(`lab:${method}`, params);',
      'contents.send(CHANNEL, status);',
      "ipcRenderer.on(ipcPushChannels.enginePort, listener);",
      "ipcMain.handle(ipcInvokeChannels['engine.restart'], handler);",
      "console.warn('lab: dropped a message');",
    ].join('\n');
    expect(channelProblems(sample)).toEqual([
      "a channel name written out: 'lab:engine.status', () => 1);",
      'a channel name written out: `lab:${method}`, params);',
      "ipcMain.handle('lab:engine.status') does not take its channel from contract/ipc-channels.ts",
      'ipcRenderer.invoke(`lab:${method}`) does not take its channel from contract/ipc-channels.ts',
      'contents.send(CHANNEL) does not take its channel from contract/ipc-channels.ts',
    ]);
  });

  it('main, preload and renderer use no channel that is not in the contract\'s list', () => {
    const found = files.flatMap((file) => channelProblems(sourceOf(file)).map((problem) => `${relative(root, file)}: ${problem}`));
    expect(found).toEqual([]);
  });

  it('every listed channel is used by the main process and by the preload bridge', () => {
    const usesOf = (room: string) => files.filter((file) => relative(root, file).startsWith(`${room}/`)).map(sourceOf).join('\n');
    const main = usesOf('main');
    const preload = usesOf('preload');
    for (const key of Object.keys(ipcPushChannels)) {
      expect(main, `ipcPushChannels.${key} in main`).toContain(`ipcPushChannels.${key}`);
      expect(preload, `ipcPushChannels.${key} in preload`).toContain(`ipcPushChannels.${key}`);
    }
    // The preload reaches every invoke channel through ipcInvokeChannels[method]; the main process names each.
    expect(preload).toContain('ipcInvokeChannels[method]');
    for (const method of Object.keys(ipcInvokeChannels)) expect(main, `${method} in main`).toContain(`ipcInvokeChannels['${method}']`);
  });

  it('names are unique and in the app\'s lab: namespace', () => {
    expect(new Set(ipcChannelNames).size).toBe(ipcChannelNames.length);
    for (const name of ipcChannelNames) expect(name).toMatch(/^lab:[\w.-]+$/);
  });
});
