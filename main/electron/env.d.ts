// electron-vite's import suffixes (`?modulePath` for the engine's utilityProcess entry).
/// <reference types="electron-vite/node" />
