// @vitest-environment happy-dom
/** The renderer's half of the name-drift test (names.test.ts): the editors offer every name and key core declares. */
import { describe, expect, it } from 'vitest';
import { mount } from '@vue/test-utils';
import {
  activationNames, layerFields as coreLayerFields, layerTypes, optimizerFields, optimizerNames, scheduleFields, scheduleTypes,
  type OptimizerSpec, type ScheduleSpec,
} from '@backprop-lab/core';
import { layerFields as editorLayerFields, layerTypes as editorLayerTypes } from '../renderer/components/layerFields.js';
import OptimizerEditor from '../renderer/components/OptimizerEditor.vue';
import ScheduleEditor from '../renderer/components/ScheduleEditor.vue';
import { withEveryKey } from './every-key.js';

describe('every name and key is offered by the renderer', () => {
  it('the layer editor has every layer type and every key core declares for it', () => {
    expect([...editorLayerTypes]).toEqual([...layerTypes]);
    for (const type of layerTypes) {
      expect(editorLayerFields[type].map((field) => field.key), type).toEqual(Object.keys(coreLayerFields[type]));
    }
    const activationChoices = editorLayerFields.activation.find((field) => field.key === 'fn')?.choices;
    expect(activationChoices).toEqual(activationNames);
  });

  it('the optimizer editor offers every optimizer, and for each every key', async () => {
    for (const type of optimizerNames) {
      const spec = withEveryKey(type, optimizerFields[type]) as unknown as OptimizerSpec;
      const wrapper = mount(OptimizerEditor, { props: { optimizer: spec } });
      const options = wrapper.get('[data-testid="optimizer-select"]').findAll('option').map((o) => o.attributes('value'));
      expect(options).toEqual([...optimizerNames]);
      // One labelled control per key: the type, then each hyperparameter.
      expect(wrapper.findAll('label.field'), type).toHaveLength(1 + Object.keys(optimizerFields[type]).length);
      wrapper.unmount();
    }
  });

  it('the schedule editor offers every schedule, and for each every key', () => {
    for (const type of scheduleTypes) {
      const spec = withEveryKey(type, scheduleFields[type]) as unknown as ScheduleSpec;
      const wrapper = mount(ScheduleEditor, { props: { schedule: spec, baseLr: 0.1, epochs: 3, iterationsPerEpoch: 2 } });
      const options = wrapper.get('[data-testid="schedule-select"]').findAll('option').map((o) => o.attributes('value'));
      expect(options).toEqual([...scheduleTypes]);
      // The type, the unit (for all but constant), and each of the schedule's own keys.
      const own = Object.keys(scheduleFields[type]).filter((key) => key !== 'unit').length;
      expect(wrapper.findAll('label.field'), type).toHaveLength(1 + (type === 'constant' ? 0 : 1) + own);
      wrapper.unmount();
    }
  });
});
