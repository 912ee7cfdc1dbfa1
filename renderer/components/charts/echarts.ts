/**
 * The parts of ECharts this app draws with, registered once (tree-shaken: line and bar charts on canvas,
 * with grid, tooltip, legend and data zoom), so the bundle carries nothing else.
 */
import { use, init, type ComposeOption, type EChartsType } from 'echarts/core';
import { BarChart, LineChart, type BarSeriesOption, type LineSeriesOption } from 'echarts/charts';
import {
  GridComponent, LegendComponent, TooltipComponent, MarkLineComponent,
  type GridComponentOption, type LegendComponentOption, type TooltipComponentOption, type MarkLineComponentOption,
} from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, MarkLineComponent, CanvasRenderer]);

export type ChartOption = ComposeOption<
  BarSeriesOption | LineSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption | MarkLineComponentOption
>;

export { init, type EChartsType };

/** The palette shared by every chart (calm, distinguishable, readable on white). */
export const chartColours = ['#3b6fd8', '#e07b39', '#2f9e6e', '#b9487e', '#7a5cc7', '#c9a227', '#4aa3b5', '#8a8f98'];
