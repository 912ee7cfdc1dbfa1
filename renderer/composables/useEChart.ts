/**
 * Binds an ECharts instance to an element: created on mount, given each new option, resized with its
 * box, drawn again with ECharts' dark theme when the page turns dark (and back), disposed on unmount.
 * Where no canvas exists (a DOM without one), the chart is skipped and the option stays inspectable
 * through the component's props. Returns `toPng()`: the chart as a PNG data URL
 * (null where no chart was drawn), for exports.
 */
import { onBeforeUnmount, onMounted, watch, type Ref } from 'vue';
import { init, type ChartOption, type EChartsType } from '../components/charts/echarts';
import { useTheme } from './useTheme';

/** The exported PNG's background: the page's surface colour in each theme (styles.css --surface). */
const PNG_BACKGROUND = { light: '#ffffff', dark: '#1b212b' } as const;

export function useEChart(element: Ref<HTMLElement | null>, option: Ref<ChartOption>): { toPng(): string | null } {
  let chart: EChartsType | null = null;
  let resizeObserver: ResizeObserver | null = null;
  const theme = useTheme();
  // The card's own background shows through in either theme.
  const themed = (value: ChartOption): ChartOption => ({ backgroundColor: 'transparent', ...value });
  const draw = (host: HTMLElement) => {
    chart?.dispose();
    chart = init(host, theme.dark.value ? 'dark' : undefined, { renderer: 'canvas' });
    chart.setOption(themed(option.value));
  };

  onMounted(() => {
    const host = element.value;
    if (!host || !canvasAvailable()) return;
    draw(host);
    if (typeof ResizeObserver !== 'undefined') {
      resizeObserver = new ResizeObserver(() => chart?.resize());
      resizeObserver.observe(host);
    }
  });

  watch(option, (next) => chart?.setOption(themed(next), { notMerge: true, lazyUpdate: true }));
  watch(theme.dark, () => {
    if (chart && element.value) draw(element.value);
  });

  onBeforeUnmount(() => {
    resizeObserver?.disconnect();
    chart?.dispose();
    chart = null;
  });

  return { toPng: () => chart?.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: PNG_BACKGROUND[theme.dark.value ? 'dark' : 'light'] }) ?? null };
}

function canvasAvailable(): boolean {
  try {
    return document.createElement('canvas').getContext('2d') !== null;
  } catch {
    return false;
  }
}
