// Runs a command the way a user does: F1, its title typed into the Command Palette, Enter. Choosing and pressing
// Enter are apart so that a benchmark (bench/ui/) can start its clock between them; the browser tests share it.
'use strict';

/** Opens the palette with `title` typed and its row shown; the caller presses Enter. */
async function chooseCommand(page, title) {
  await page.locator('.monaco-workbench').click({ position: { x: 700, y: 880 } });
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`>${title}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor();
}

module.exports = { chooseCommand };
