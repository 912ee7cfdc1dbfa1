/** The renderer reads errors as data and shows them in the language shown; it never parses their text. */
import { afterEach, describe, expect, it } from 'vitest';
import { SpecError } from '@backprop-lab/core';
import { LabError, errorBodyOf } from '../../contract/index.js';
import { createLabI18n } from '../i18n/index.js';
import { describeFailure, failureOf, layerIndexOf, messageOf } from './errors';

const units = SpecError.of('layer.whole-number', { index: 2, type: 'dense', field: 'units', min: 1, value: '0' }, 2);
/** What the WebSocket client rejects with, and what the preload bridge passes (a plain object). */
const overWebSocket = new LabError(errorBodyOf(units));
const overBridge = { name: 'LabError', ...errorBodyOf(units) };

afterEach(() => void createLabI18n('en'));

describe('errors in the renderer', () => {
  it('reads the code, params and layer index from either client form', () => {
    for (const failure of [overWebSocket, overBridge]) {
      expect(failureOf(failure)).toEqual({ message: units.message, code: 'layer.whole-number', params: units.params, layerIndex: 2 });
      expect(layerIndexOf(failure)).toBe(2);
    }
  });

  it('shows the English catalogue text in English and the translation in Chinese', () => {
    createLabI18n('en');
    expect(messageOf(overBridge)).toBe('layer 2 (dense): units must be a whole number ≥ 1, got 0');
    createLabI18n('zh-CN');
    expect(messageOf(overBridge)).toBe('第 2 层（dense）：units 必须是不小于 1 的整数，当前为 0');
  });

  it('a generic code frames the engine message; no code shows the message; nothing shows a fallback', () => {
    createLabI18n('zh-CN');
    expect(messageOf({ message: 'x.idx: bad magic', code: 'data.invalid' })).toBe('数据文件无法读取：x.idx: bad magic');
    expect(messageOf(new Error('disk full'))).toBe('disk full');
    expect(describeFailure(failureOf(undefined))).toBe('出了点问题（没有说明原因）。');
    expect(layerIndexOf(new Error('layer 3 (conv2d): …'))).toBeNull();
  });
});
