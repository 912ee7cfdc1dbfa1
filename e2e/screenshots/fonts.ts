/**
 * Whether this machine's Chromium can draw the language's script: a picture of Chinese drawn as empty
 * boxes (no CJK font installed) must not land in docs/. Two different characters drawn with the page's
 * font give the same pixels only when both are the missing-glyph box.
 */
import type { Page } from '@playwright/test';

const SAMPLES: Record<string, [string, string]> = { 'zh-CN': ['训', '练'], en: ['a', 'b'] };

export async function assertFontCovers(page: Page, locale: string): Promise<void> {
  const [first, second] = SAMPLES[locale] ?? SAMPLES.en!;
  const same = await page.evaluate(([a, b]) => {
    type Canvas = { width: number; height: number; getContext(kind: '2d'): { font: string; fillText(text: string, x: number, y: number): void; getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } };
    const document = (globalThis as unknown as { document: { createElement(tag: 'canvas'): Canvas } }).document;
    const pictures: string[] = [];
    for (const text of [a!, b!]) {
      const canvas = document.createElement('canvas');
      canvas.width = 40;
      canvas.height = 40;
      const context = canvas.getContext('2d');
      context.font = '32px system-ui, sans-serif';
      context.fillText(text, 2, 32);
      pictures.push(context.getImageData(0, 0, 40, 40).data.join(','));
    }
    return pictures[0] === pictures[1];
  }, [first, second]);
  if (same) throw new Error(`this machine has no font for ${locale} (its characters draw as empty boxes): install one (Debian: apt-get install fonts-noto-cjk) before npm run screenshots`);
}
