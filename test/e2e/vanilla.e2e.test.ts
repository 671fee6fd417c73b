// The plain TypeScript dashboard (examples/vanilla, built by `npm run build:examples`):
// the shared scenario, then what a keyboard user and a screen reader rely on.
import { describe, expect, it } from 'vitest';
import { openDashboard } from './dashboardHarness.js';
import { expectLoaded, groupItem, runDashboardScenario } from './dashboardScenario.js';

describe('the plain TypeScript dashboard', () => {
  it('runs the shared scenario', () => runDashboardScenario('vanilla'));

  it('works from the keyboard, with a visible focus that follows the work', async () => {
    const { page, consoleErrors } = await openDashboard('vanilla');
    await expectLoaded(page);
    // The focused control's accessible name, near enough: its aria-label, its <label>, or its text.
    const focused = () =>
      page.evaluate(() => {
        const active = document.activeElement as HTMLInputElement | null;
        return active?.getAttribute('aria-label') ?? active?.labels?.[0]?.textContent?.trim() ?? active?.textContent?.trim() ?? '';
      });

    // The name is explained as it is typed, and marked invalid only once something is typed.
    const name = page.getByLabel('Group name', { exact: true });
    await name.focus();
    await page.keyboard.type('Bad');
    expect(await name.getAttribute('aria-invalid')).toBe('true');
    const hint = page.locator(`#${await name.getAttribute('aria-describedby')}`);
    expect(await hint.textContent()).toBe('Use lowercase letters only.');
    await name.fill('');
    await page.keyboard.type('keyboard');
    expect(await name.getAttribute('aria-invalid')).toBeNull();

    // Tab reaches "Create group" in reading order, with the shared focus ring; Enter submits.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('Create group');
    const ring = await page.evaluate(() => {
      const style = getComputedStyle(document.activeElement!);
      return { style: style.outlineStyle, width: parseFloat(style.outlineWidth) };
    });
    expect(ring).toEqual({ style: 'solid', width: 3 });
    await page.keyboard.press('Enter');
    const group = groupItem(page, 'keyboard');
    await group.and(page.locator('[data-state="idle"]')).waitFor();
    expect(await focused()).toBe('Group name');

    // A token: focus goes to "Copy token", and back to the mint button when dismissed.
    await group.getByRole('button', { name: 'Mint token for keyboard' }).focus();
    await page.keyboard.press('Enter');
    await page.locator('[data-token]').waitFor();
    await expect.poll(focused).toBe('Copy token');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('Dismiss');
    await page.keyboard.press('Enter');
    await page.locator('[data-token]').waitFor({ state: 'detached' });
    expect(await focused()).toBe('Mint token for keyboard');

    // Delete: the dialog opens on "Cancel", Escape closes it and focus comes back.
    const remove = group.getByRole('button', { name: 'Delete keyboard' });
    await remove.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    expect(await focused()).toBe('Cancel');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect(await focused()).toBe('Delete keyboard');
    await page.keyboard.press('Enter');
    await dialog.waitFor();
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('Confirm delete');
    await page.keyboard.press('Enter');
    await group.waitFor({ state: 'detached' });
    // The row took its buttons with it: focus lands on the list's heading, not the page's top.
    expect(await focused()).toBe('Groups');

    expect(consoleErrors).toEqual([]);
  });

  it('labels every control', async () => {
    const { page, consoleErrors } = await openDashboard('vanilla');
    await expectLoaded(page);
    const unlabelled = await page.evaluate(() =>
      [...document.querySelectorAll('input, select, button')]
        .filter((control) => {
          const labelled = control.getAttribute('aria-label') || (control as HTMLInputElement).labels?.length || control.textContent?.trim();
          return !labelled;
        })
        .map((control) => control.outerHTML),
    );
    expect(unlabelled).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });
});
