/**
 * Binds an ECharts instance to an element: created on mount, given each new option, resized with its
 * box, disposed on unmount. Where no canvas exists (a DOM without one), the chart is skipped and the
 * option stays inspectable through the component's props. Returns `toPng()`: the chart as a PNG data URL
 * (null where no chart was drawn), for exports.
 */
import { onBeforeUnmount, onMounted, watch, type Ref } from 'vue';
import { init, type ChartOption, type EChartsType } from '../components/charts/echarts';

export function useEChart(element: Ref<HTMLElement | null>, option: Ref<ChartOption>): { toPng(): string | null } {
  let chart: EChartsType | null = null;
  let resizeObserver: ResizeObserver | null = null;

  onMounted(() => {
    const host = element.value;
    if (!host || !canvasAvailable()) return;
    chart = init(host, undefined, { renderer: 'canvas' });
    chart.setOption(option.value);
    if (typeof ResizeObserver !== 'undefined') {
      resizeObserver = new ResizeObserver(() => chart?.resize());
      resizeObserver.observe(host);
    }
  });

  watch(option, (next) => chart?.setOption(next, { notMerge: true, lazyUpdate: true }));

  onBeforeUnmount(() => {
    resizeObserver?.disconnect();
    chart?.dispose();
    chart = null;
  });

  return { toPng: () => chart?.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: '#ffffff' }) ?? null };
}

function canvasAvailable(): boolean {
  try {
    return document.createElement('canvas').getContext('2d') !== null;
  } catch {
    return false;
  }
}
