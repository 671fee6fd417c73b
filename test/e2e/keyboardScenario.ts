// What only a keyboard user would notice, the same on every framework's
// dashboard: the name checked as typed and tied to its field, a create by
// typing and Enter that leaves the focus in the name for the next, a visible
// focus ring, focus following a minted token and its dismissal, and a delete
// dialog that opens on "Cancel", closes on Escape, and leaves focus on the
// list's heading after a delete.
import { expect } from 'vitest';
import type { DashboardName } from '../../examples/server/dashboardServer.js';
import { openDashboard } from './dashboardHarness.js';
import { expectLoaded, groupItem } from './dashboardScenario.js';

export async function runKeyboardScenario(dashboard: DashboardName): Promise<void> {
    const { page, consoleErrors } = await openDashboard(dashboard);
    await expectLoaded(page);
    // The focused control's accessible name, near enough: its aria-label, its <label>, or its text.
    const focused = () =>
      page.evaluate(() => {
        const active = document.activeElement as HTMLInputElement | null;
        return active?.getAttribute('aria-label') ?? active?.labels?.[0]?.textContent?.trim() ?? active?.textContent?.trim() ?? '';
      });

    // The name is checked as you type, and the reason is tied to the field.
    const name = page.getByLabel('Group name', { exact: true });
    await name.focus();
    await page.keyboard.type('Key');
    expect(await name.getAttribute('aria-invalid')).toBe('true');
    const help = await name.getAttribute('aria-describedby');
    expect(await page.locator(`[id="${help}"]`).textContent()).toMatch(/lowercase/i);
    await page.keyboard.press('Backspace');
    await page.keyboard.press('Backspace');
    await page.keyboard.press('Backspace');

    // Create by typing and Enter; Tab reaches the button in reading order.
    await page.keyboard.type('keyboard');
    // Valid: aria-invalid "false" or left out, both mean the same to a screen reader.
    expect(await name.getAttribute('aria-invalid')).not.toBe('true');
    await page.keyboard.press('Tab'); // the location
    await page.keyboard.press('Tab'); // "Create group"
    expect(await focused()).toBe('Create group');
    // A focus ring a keyboard user can see: the shared :focus-visible outline.
    const ring = await page.evaluate(() => {
      const style = getComputedStyle(document.activeElement!);
      return { style: style.outlineStyle, width: parseFloat(style.outlineWidth) };
    });
    expect(ring.style).toBe('solid');
    expect(ring.width).toBeGreaterThanOrEqual(2);
    await page.keyboard.press('Enter');
    const group = groupItem(page, 'keyboard');
    await group.and(page.locator('[data-state="idle"]')).waitFor();
    // Ready for the next: the focus is back in the name field.
    expect(await focused()).toBe('Group name');

    // A token: focus goes to "Copy token", and back to the mint button when dismissed.
    await group.getByRole('button', { name: 'Mint token for keyboard' }).focus();
    await page.keyboard.press('Enter');
    // The page's one token, in its group's card.
    const token = group.locator('[data-token]');
    await token.waitFor();
    await expect.poll(focused).toBe('Copy token for keyboard');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('Dismiss token for keyboard');
    await page.keyboard.press('Enter');
    await token.waitFor({ state: 'detached' });
    await expect.poll(focused).toBe('Mint token for keyboard');

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
}
