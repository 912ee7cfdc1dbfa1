// @vitest-environment happy-dom
/**
 * Settings words what the engine found about each kernel provider in the language shown: the details
 * and the reasons travel as message data from core's real detection, so no English sentence of the
 * engine reaches the Chinese page, and the English page reads the engine's own English.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type VueWrapper } from '@vue/test-utils';
import { detectProviders, type WasmFileName } from '@backprop-lab/core';
import SettingsView from './SettingsView.vue';
import { mountOnLab } from '../testing/mount-on-lab.testing';
import { createLabInMemory } from '../testing/lab-in-memory.testing';

let wrapper: VueWrapper | null = null;
afterEach(() => {
  wrapper?.unmount();
});

/**
 * tfjs-wasm's binaries as data: URLs, read from its package. Under happy-dom it takes itself for a web
 * page and, given no paths, fetches them from the page's URL: a real socket to http://localhost:3000.
 */
function wasmFilesInline(): Record<WasmFileName, string> {
  const folder = dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
  const names: WasmFileName[] = ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm'];
  return Object.fromEntries(names.map((name) => [name, `data:application/wasm;base64,${readFileSync(join(folder, name)).toString('base64')}`])) as Record<WasmFileName, string>;
}

async function mountIn(locale: 'en' | 'zh-CN'): Promise<VueWrapper> {
  const lab = await createLabInMemory({ providers: await detectProviders({ wasmPaths: wasmFilesInline() }) });
  wrapper = (await mountOnLab(SettingsView, { lab, locale })).wrapper;
  return wrapper;
}

const rowText = (view: VueWrapper, name: string) => view.get(`[data-provider="${name}"] .muted`).text();

describe('Settings: the providers in the language shown', () => {
  it('in Chinese: the reason tfjs-node-gpu is missing, CUDA not in use and each detail, in the course words', async () => {
    const view = await mountIn('zh-CN');
    // Neither tfjs-node package is a dependency of the app, so detection finds neither.
    expect(rowText(view, 'tfjs-node-gpu')).toBe('没有安装 @tensorflow/tfjs-node-gpu');
    expect(rowText(view, 'tfjs-node')).toBe('没有安装 @tensorflow/tfjs-node');
    expect(view.get('[data-testid="cuda-status"]').text()).toBe('未使用 CUDA：没有安装 @tensorflow/tfjs-node-gpu。');
    expect(rowText(view, 'js')).toBe('TypeScript 实现，float32，4×4 寄存器分块');
    expect(rowText(view, 'reference')).toBe('纯 TypeScript 实现，支持 float32/float64');
    // The threads and the split the simd module measured depend on the machine; the words do not.
    expect(rowText(view, 'simd')).toMatch(
      /^本项目自己的 WebAssembly SIMD 计算核，4×8 微内核，计算线程数：\d+(；使用融合乘加（relaxed SIMD）)?(；(不拆分任何运算（在这台机器上拆分并不更快）|乘加次数 ≥ [\d.]+M 的运算拆分到多个线程)；拆分后的加速比（64×k·k×64，\d+ 轮交替测量的中位数）：[\d.M:×, ]+)?$/,
    );
    expect(rowText(view, 'wasm')).toMatch(/^tfjs-backend-wasm \d+\.\d+\.\d+，(支持|不支持) SIMD，线程数：1；在 Node 下无法使用多线程$/);
  });

  it('in English: the engine\'s own sentences', async () => {
    const view = await mountIn('en');
    expect(rowText(view, 'tfjs-node-gpu')).toBe('@tensorflow/tfjs-node-gpu is not installed');
    expect(view.get('[data-testid="cuda-status"]').text()).toContain('@tensorflow/tfjs-node-gpu is not installed');
    expect(rowText(view, 'simd')).toMatch(/^our WebAssembly SIMD kernels, 4×8 micro-kernel, kernel threads: \d+(; fused multiply-adds \(relaxed SIMD\))?(; splits (nothing|calls).*, median of \d+ interleaved rounds: [\d.M:×, ]+)?$/);
    expect(rowText(view, 'wasm')).toMatch(/^tfjs-backend-wasm \d+\.\d+\.\d+, (no )?SIMD, threads: 1; threads are unavailable under Node$/);
  });
});
