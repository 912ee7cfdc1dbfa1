// @vitest-environment happy-dom
/** The confirm-in-place button from the keyboard: the question takes focus on No, Escape cancels and gives focus back, Yes confirms. */
import { afterEach, describe, expect, it } from 'vitest';
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import ConfirmButton from './ConfirmButton.vue';

let wrapper: VueWrapper | null = null;
afterEach(() => wrapper?.unmount());

async function ask() {
  wrapper = mount(ConfirmButton, { props: { label: 'Delete', question: 'Delete it?' }, attrs: { 'data-testid': 'delete' }, attachTo: document.body });
  await wrapper.get('[data-testid="delete"]').trigger('click');
  await flushPromises();
  return wrapper;
}

describe('ConfirmButton', () => {
  it('focuses No when asking; Escape cancels without confirming and returns focus to the button', async () => {
    const button = await ask();
    expect(document.activeElement?.getAttribute('data-testid')).toBe('cancel-delete');
    await button.get('[data-testid="cancel-delete"]').trigger('keydown', { key: 'Escape' });
    await flushPromises();
    expect(button.find('[data-testid="confirm-delete"]').exists()).toBe(false);
    expect(document.activeElement?.getAttribute('data-testid')).toBe('delete');
    expect(button.emitted('confirm')).toBeUndefined();
  });

  it('Yes confirms once', async () => {
    const button = await ask();
    await button.get('[data-testid="confirm-delete"]').trigger('click');
    expect(button.emitted('confirm')).toEqual([[]]);
  });
});
