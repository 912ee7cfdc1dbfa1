// @ts-check
/**
 * electron-builder afterPack hook (Electron security checklist, item 19): flips the packaged Electron
 * binary's fuses so that it cannot be turned into a plain Node runtime or made to load code from
 * outside its signed asar. Reference it from the electron-builder config as
 *   "afterPack": "main/electron/flip-fuses.mjs"
 *   RunAsNode off                        ELECTRON_RUN_AS_NODE cannot turn the app into node
 *   EnableNodeOptionsEnvironmentVariable off   NODE_OPTIONS cannot inject code
 *   EnableNodeCliInspectArguments off    --inspect cannot attach a debugger
 *   EnableCookieEncryption on            cookies on disk are encrypted with the OS keychain
 *   EnableEmbeddedAsarIntegrityValidation on, OnlyLoadAppFromAsar on   only the packaged, checked app runs
 *   GrantFileProtocolExtraPrivileges off file:// gets no extra rights: the app loads from app://
 */
import { join } from 'node:path';
import { flipFuses, FuseVersion, FuseV1Options } from '@electron/fuses';

/**
 * The Electron executable in appOutDir, by platform: macOS and Windows name it after the product, Linux
 * after the config's executableName (a field of the Linux packager only).
 * @type {Record<string, (packager: import('electron-builder').AfterPackContext['packager']) => string>}
 */
const EXECUTABLE = {
  darwin: (packager) => `${packager.appInfo.productFilename}.app`,
  win32: (packager) => `${packager.appInfo.productFilename}.exe`,
  linux: (packager) => /** @type {import('electron-builder').LinuxPackager} */ (packager).executableName,
};

/** @param {import('electron-builder').AfterPackContext} context */
export default async function flipElectronFuses(context) {
  const { appOutDir, electronPlatformName, packager } = context;
  const executable = EXECUTABLE[electronPlatformName];
  if (!executable) {
    throw new Error(`flip-fuses: no Electron executable is known for the platform "${electronPlatformName}" (only ${Object.keys(EXECUTABLE).join(', ')}), so its fuses cannot be flipped`);
  }
  await flipFuses(join(appOutDir, executable(packager)), {
    version: FuseVersion.V1,
    // macOS arm64 binaries must be re-signed after the flip; electron-builder signs after afterPack.
    resetAdHocDarwinSignature: electronPlatformName === 'darwin',
    [FuseV1Options.RunAsNode]: false,
    [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
    [FuseV1Options.EnableNodeCliInspectArguments]: false,
    [FuseV1Options.EnableCookieEncryption]: true,
    [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
    [FuseV1Options.OnlyLoadAppFromAsar]: true,
    [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
  });
}
